# Every chore is one command. Each target installs what it needs first, so a fresh clone works.
PY       ?= python3
VENV     := .venv
BIN      := $(VENV)/bin
STAMP    := $(VENV)/.installed
BROWSER  := $(VENV)/.browser
LOCK     := constraints.txt
# Codat's other clients, run unmodified by tests/conformance: an older codat-bankfeeds in its own
# virtualenv, and the TypeScript Platform SDK (npm ci, into an ignored node_modules).
SDK12    := .venv-sdk12
SDK12_STAMP := $(SDK12)/.installed
SDK12_REQUIREMENTS := tests/conformance/clients/requirements-sdk12.txt
NODE_DIR := tests/conformance/ts
NODE_STAMP := $(NODE_DIR)/node_modules/.installed
PYTEST_ARGS ?=

.PHONY: run test lint bench demo install browser clients lock clean

run: $(STAMP)
	$(BIN)/qbo-sandbox serve $(ARGS)

test: $(STAMP) $(BROWSER) clients
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
clients: $(SDK12_STAMP) $(NODE_STAMP)

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

$(SDK12_STAMP): $(SDK12_REQUIREMENTS)
	test -x $(SDK12)/bin/python || $(PY) -m venv $(SDK12)
	$(SDK12)/bin/python -m pip install --quiet -r $(SDK12_REQUIREMENTS)
	touch $@

$(NODE_STAMP): $(NODE_DIR)/package.json $(NODE_DIR)/package-lock.json scripts/provision-node-clients
	scripts/provision-node-clients $(NODE_DIR)
	touch $@

clean:
	rm -rf $(VENV) $(SDK12) $(NODE_DIR)/node_modules .sandbox .artifacts .lock-venv
