# The two commands a newcomer needs are `make serve` and `make test`; everything else is
# what they depend on. Each target installs what it needs, so a fresh clone works as is.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
# pyenv resolves `python3` through .python-version; PYTHON can point elsewhere.
PYTHON ?= python3

.PHONY: serve build test test-source system-packages bench bench-quick clean

# Another port: make serve PORT=8001
PORT ?= 8000

# Both check mkdocs.yml first and report every problem at once, with file, line and fix
# (site_plugins/editorial/cli.py). `serve` shows a failed rebuild in the browser tab.
serve: $(VENV)/.installed
	$(PY) -m site_plugins.editorial.cli serve --host 127.0.0.1 --port $(PORT)

# All or nothing: builds into a fresh folder and replaces site/ only if the build succeeded.
build: $(VENV)/.installed
	$(PY) -m site_plugins.editorial.cli build --site-dir site

# The suite runs on every core (pytest-xdist), a test file per worker so that a file's shared
# build and browser are made once: most browser tests wait on Pyodide or on timers, and two
# workers take about 9 minutes where one took 13. PYTEST_WORKERS=0 runs it in one process.
PYTEST_WORKERS ?= auto
test: $(VENV)/.installed node_modules/.installed system-packages
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

# The own-words check against the source document (../shared/seeds/, present in CI): not needed
# by `make test`; fails, never skips, when the document is missing.
test-source: $(VENV)/.installed
	$(PY) -m pytest -m source_document $(PYTEST_ARGS)

bench: $(VENV)/.installed node_modules/.installed system-packages
	$(PY) -m benchmarks.run $(BENCH_ARGS)

bench-quick: $(VENV)/.installed node_modules/.installed system-packages
	$(PY) -m benchmarks.run --quick $(BENCH_ARGS)

$(VENV)/.installed: pyproject.toml .python-version
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Python 3.12+ is needed: install it (pyenv install 3.12) or run make PYTHON=/path/to/python3.12")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

system-packages:
	@scripts/install-system-packages

clean:
	rm -rf site .cache $(VENV) node_modules
