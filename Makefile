# Kijun developer commands. Quick start: `make serve` (preview the site), `make test` (every test).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
DEV_ADDR ?= 127.0.0.1:8000
SITE_DIR ?= site
PIP := $(BIN)/python -m pip --disable-pip-version-check --quiet
# pip writes bytecode for every package it installs; Kijun's own code (installed editable) gets it here, again after
# each edit. Where PYTHONDONTWRITEBYTECODE is set, every build would otherwise compile it from source (~50 ms).
BYTE_COMPILE = $(BIN)/python -m compileall -q kijun kijun_tools hooks

# Material prints an end-of-life banner on every build; we know (see README, "Platform notes").
export NO_MKDOCS_2_WARNING := 1

.PHONY: help setup setup-dev serve build test test-fast lint lint-ja lighthouse format chromium demo-report benchmark collect clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

setup: $(VENV)/.runtime  ## create .venv with the pinned runtime
	@$(BYTE_COMPILE)

setup-dev: $(VENV)/.dev chromium  ## add the test tools and Debian's chromium
	@$(BYTE_COMPILE)

# `make serve PREVIEW=ja` (or en): the fast writing preview, one language only, served at the site root.
PREVIEW ?=
PREVIEW_ENV := $(if $(PREVIEW),KIJUN_PREVIEW_LANGUAGE=$(PREVIEW),)

serve: setup  ## set up, then serve the site with live reload on http://127.0.0.1:8000 (PREVIEW=ja: one language, fast)
	$(PREVIEW_ENV) $(BIN)/mkdocs serve --dirty --dev-addr $(DEV_ADDR)

build: setup  ## strict build into ./site
	$(BIN)/mkdocs build --strict --site-dir $(SITE_DIR)

test: setup-dev  ## set up, then lint, check the content and run every test (browser tests included)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/kijun check
	$(BIN)/kijun translations --check > /dev/null
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Processes for `make test-fast` (pytest-xdist): a module's tests stay together, and they share one site build.
TEST_WORKERS ?= 2

test-fast: $(VENV)/.dev  ## unit tests and the checks on one shared build; no browser, no own builds or servers (~20 s)
	@$(BYTE_COMPILE)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile -m "not browser and not slow" $(PYTEST_ARGS)

lint: $(VENV)/.dev  ## ruff check and format check; zizmor (offline) on the CI workflows
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/zizmor --offline --quiet .

lint-ja: node_modules/.package-lock.json  ## Japanese writing lint (textlint) on docs/ja; installs it with npm once
	npx --no-install textlint "docs/ja/**/*.md"

lighthouse: setup node_modules/.package-lock.json chromium  ## Lighthouse scores of the main page types; fails under target
	$(BIN)/kijun lighthouse

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

format: $(VENV)/.dev  ## apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

demo-report: setup  ## synthetic answers to the starter calibration rounds, reported into docs/*/reports/
	$(BIN)/kijun demo-round build/demo-results
	$(BIN)/kijun report build/demo-results

collect: setup  ## receive the quizzes' answers on http://127.0.0.1:8800/results into build/collector.sqlite
	$(BIN)/kijun collect --db build/collector.sqlite

benchmark: setup  ## build cost, scaling, page weight and report speed -> benchmarks/RESULTS.md
	$(BIN)/kijun benchmark

chromium:  ## install Debian's chromium for the browser tests if it is missing
	scripts/install-chromium

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.txt constraints.txt pyproject.toml | $(BIN)/python
	$(PIP) install -r requirements.txt -c constraints.txt
	$(PIP) install --no-deps -e .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PIP) install -r requirements-dev.txt -c constraints.txt
	touch $@

clean:  ## remove the virtual environment and build output
	rm -rf $(VENV) $(SITE_DIR) build .pytest_cache .ruff_cache
