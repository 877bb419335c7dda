# Quick start: `make demo` (install and run on bundled data), `make test` (install and run tests).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test samples lint typecheck install browser clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the project's dependencies change.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/storygen validate fixtures/birmingham-2016
	@echo
	$(BIN)/storygen generate fixtures/birmingham-2016

# Rewrite samples/ from fixtures/ (the only way samples change).
samples: $(STAMP)
	$(BIN)/storygen samples --update

# The browser tests drive Debian's chromium; install it where we can (root with apt, as in CI).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium not found: the browser tests will be skipped (they run in CI)"; fi; }

test: $(STAMP) browser
	$(BIN)/ruff check storygen tests scripts benchmarks
	$(BIN)/ruff format --check storygen tests scripts benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check storygen tests scripts benchmarks
	$(BIN)/ruff format --check storygen tests scripts benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

clean:
	rm -rf $(VENV)
