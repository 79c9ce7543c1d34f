# ipgar-metrics: two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
DB     ?= data/ipgar.duckdb
SIM    ?= data/sim
CASES  ?= 600
SEED   ?= 1

.PHONY: demo test lint format bench calibrate notebooks sysdeps lock clean help

help:
	@echo "make demo   - set up .venv, simulate an export, load it, write the report"
	@echo "make test   - set up .venv if needed, run ruff, lint-imports, mypy and every test"
	@echo "make bench  - benchmarks against pm4py (benchmarks/RESULTS.md)"
	@echo "make calibrate - false-positive rates and power of the evaluation (docs/calibration*.md)"
	@echo "make notebooks - open the analysts' notebooks in Jupyter Lab"
	@echo "make lock   - refresh requirements.lock (the pinned versions make installs)"
	@echo "make clean  - remove .venv, caches, reports and data/sim (stores in data/ stay)"

# Installs the locked versions (requirements.lock, every platform), then the package.
# uv installs them (the same versions as pip would, about ten times faster); pip
# installs uv itself, at the version below, into the project's environment only.
# --compile-bytecode: the libraries' bytecode is written once, at install, so that no
# command compiles pandas again (where Python may not write it, e.g. with
# PYTHONDONTWRITEBYTECODE set, every start did: `ipgar overview` 2.2 s -> 0.9 s);
# the package's own bytecode is written after it is installed, for the same reason.
UV_VERSION := 0.13.9
UV         := $(VENV)/bin/uv
$(STAMP): pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) (Python 3.11)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet uv==$(UV_VERSION)
	$(UV) pip install --quiet --compile-bytecode --python $(PY) -r requirements.lock
	$(UV) pip install --quiet --python $(PY) --no-deps -e .
	$(PY) -m compileall -q ipgar_metrics
	$(PY) -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

# System programs for the PDF report and its browser test (Debian; CI runs as root).
# On an analyst's own machine Chrome or Edge is usually there: see README.
sysdeps:
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1 \
		|| ! command -v dot >/dev/null 2>&1; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
				chromium poppler-utils graphviz fonts-dejavu-core >/dev/null; \
		else echo "note: chromium, pdftoppm or graphviz missing; the PDF report, browser tests and SVG maps need them"; fi; \
	fi

# the demo loads with its own key, $(SIM)/demo.key (made and announced on the first run),
# never the key for real exports: no `ipgar key create` needed
demo: $(STAMP) sysdeps
	$(VENV)/bin/ipgar demo --cases $(CASES) --seed $(SEED) --sim-dir $(SIM) --db $(DB) --out reports

lint: $(STAMP)
	$(VENV)/bin/ruff check ipgar_metrics tests benchmarks
	$(VENV)/bin/ruff format --check ipgar_metrics tests benchmarks
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

format: $(STAMP)
	$(VENV)/bin/ruff format ipgar_metrics tests benchmarks
	$(VENV)/bin/ruff check --fix ipgar_metrics tests benchmarks

test: $(STAMP) sysdeps lint
	$(PY) -m pytest -q -n 2 --dist loadfile

# Refresh requirements.lock from pyproject.toml (uv resolves for Linux, Windows and macOS).
lock: $(STAMP)
	$(UV) pip compile pyproject.toml --extra dev --universal --python-version 3.11 \
		--no-header -o requirements.lock

notebooks: $(STAMP)
	$(VENV)/bin/jupyter lab notebooks/

bench: $(STAMP)
	$(PY) benchmarks/run.py

# null experiments of the evaluation (a few minutes); writes docs/calibration.md
calibrate: $(STAMP)
	$(PY) benchmarks/calibrate_its.py
	$(PY) benchmarks/calibrate_primary.py

# Stores are kept: data/ipgar.duckdb may hold real exports (the demo replaces only its
# own store, `ipgar demo`); remove a store by hand when it must go.
clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache reports/*.html reports/*.pdf data/sim
