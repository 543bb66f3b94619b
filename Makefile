# namro — the two commands a fresh clone needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test install install-dev lint typecheck djcheck pytest browser-deps serve clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

demo: install
	$(BIN)/namro demo

serve: install
	$(BIN)/namro serve

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install-dev
	$(BIN)/mypy

djcheck: install-dev
	$(BIN)/python manage.py check --fail-level WARNING
	$(BIN)/python manage.py makemigrations --check --dry-run

browser-deps: install-dev
	@$(BIN)/python -m namro.core.browser_setup
	@$(BIN)/python -m namro.reports.libreoffice_setup
	@$(BIN)/python -m namro.intake.ocr_setup

pytest: install-dev
	$(BIN)/pytest $(PYTEST_ARGS)

test: lint typecheck djcheck browser-deps pytest

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache test-output
