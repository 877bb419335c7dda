# Quick start: `make demo` (install and run on bundled data), `make test` (install and run tests).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test samples lint typecheck install clean

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

test: $(STAMP)
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
