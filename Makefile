# Two commands: `make run` (set up and run the whole product) and `make test` (set up and
# run the whole test suite). Everything else here serves those two.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test setup browser lint bench clean

run: setup
	$(BIN)/reassure up

test: setup browser node_modules/.installed lint
	$(BIN)/pytest

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# Headless Chromium for the widget tests: Debian's package (Playwright drives it).
browser:
	@command -v chromium >/dev/null || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  $(if $(filter 0,$(shell id -u)),,sudo) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(if $(filter 0,$(shell id -u)),,sudo) apt-get install -y -qq chromium; }

# axe-core for the widget's accessibility test, at the versions package-lock.json pins.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: setup
	$(BIN)/python bench/bench_ingest.py
	$(BIN)/python bench/bench_state.py
	$(BIN)/python bench/bench_widget.py
	$(BIN)/python bench/bench_detector.py
	$(BIN)/python bench/bench_sdk.py

clean:
	rm -rf $(VENV) .reassure test-artifacts node_modules
