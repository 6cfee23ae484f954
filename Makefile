# Every chore is one command. Each target installs what it needs first, so a fresh clone works.
PY       ?= python3
VENV     := .venv
BIN      := $(VENV)/bin
STAMP    := $(VENV)/.installed
BROWSER  := $(VENV)/.browser
PYTEST_ARGS ?=

.PHONY: run test lint bench demo install browser clean

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

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# A browser for Playwright: its own Chromium build when the CDN answers, else the system Chromium.
$(BROWSER): $(STAMP) scripts/provision-browser
	scripts/provision-browser $(BIN)/python
	touch $@

clean:
	rm -rf $(VENV) .sandbox .artifacts
