# promis_analytics — run `make help` for the list of targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: help venv system-deps build test test-fast lint typecheck format lock bench clean
NBVAL  := --nbval --nbval-sanitize-with $(CURDIR)/notebooks/sanitize.cfg

help: ## Show this help
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

venv: $(STAMP) ## Create .venv with the locked environment (requirements.lock)

build: $(STAMP) system-deps ## Run the main job: validate the data and regenerate every output
	$(BIN)/promis build

system-deps: ## Install Chromium, LibreOffice (Calc, Writer) and Tesseract (ukr+eng) when missing (needs root)
	@bash tools/system-deps.sh

test: $(STAMP) lint typecheck system-deps ## Run lint, the type check and the whole test suite (with the notebooks)
	$(BIN)/python -m pytest $(NBVAL) tests notebooks

test-fast: $(STAMP) lint ## Lint and the tests not marked slow (no notebooks, LibreOffice, OCR, Chromium)
	$(BIN)/python -m pytest -m "not slow" tests

lint: $(STAMP) ## Check code style (ruff), the architecture (import-linter contracts) and module/function sizes
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python tools/arch_metrics.py --check

typecheck: $(STAMP) ## Check the type hints of the package with mypy ([tool.mypy] in pyproject.toml)
	$(BIN)/mypy

format: $(STAMP) ## Reformat the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

lock: ## Re-resolve requirements.lock from pyproject.toml (needs `uv`)
	uv pip compile pyproject.toml --extra test --extra bench --python-version 3.11 --generate-hashes -o requirements.lock

bench: $(STAMP) ## Run the benchmarks and write bench/RESULTS.md
	$(BIN)/python bench/run.py

clean: ## Remove generated files (keeps .venv)
	rm -rf data/processed/*.parquet data/processed/*.csv .pytest_cache .ruff_cache
