# Every chore is one command. Each target installs what it needs first, so a fresh clone works.
PY       ?= python3
VENV     := .venv
BIN      := $(VENV)/bin
STAMP    := $(VENV)/.installed
BROWSER  := $(VENV)/.browser
LOCK     := constraints.txt
PYTEST_ARGS ?=

.PHONY: run test lint bench demo install browser lock clean

run: $(STAMP)
	$(BIN)/qbo-sandbox serve $(ARGS)

test: $(STAMP) $(BROWSER)
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check sandbox link_ui emulator scenarios qbo_sandbox tests
	$(BIN)/ruff format --check sandbox link_ui emulator scenarios qbo_sandbox tests
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m tests.bench.run

demo: $(STAMP) $(BROWSER)
	$(BIN)/qbo-sandbox scenario run happy_path --demo

install: $(STAMP)
browser: $(BROWSER)

# Installs exactly the versions in the lock (what CI tested), setuptools included for offline wheel builds.
$(STAMP): pyproject.toml $(LOCK)
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c $(LOCK) pip setuptools
	$(BIN)/python -m pip install --quiet -c $(LOCK) -e '.[dev]'
	touch $@

# Refreshes the lock: the newest versions pyproject.toml allows, resolved in a fresh virtualenv.
lock:
	rm -rf .lock-venv
	$(PY) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip setuptools
	.lock-venv/bin/python -m pip install --quiet -e '.[dev]'
	{ echo "# The versions CI tests with: \`make\` installs from this file. Refresh it with \`make lock\`."; \
	  .lock-venv/bin/python -m pip freeze --all --exclude-editable | LC_ALL=C sort -f; } > $(LOCK)
	rm -rf .lock-venv

# A browser for Playwright: its own Chromium build when the CDN answers, else the system Chromium.
$(BROWSER): $(STAMP) scripts/provision-browser
	scripts/provision-browser $(BIN)/python
	touch $@

clean:
	rm -rf $(VENV) .sandbox .artifacts .lock-venv
