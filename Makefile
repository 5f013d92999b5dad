# Two commands for a newcomer: `make demo` (set up + check data/samples) and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup demo test bench bench-scale clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	bash tools/install_system_deps.sh
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

demo: setup
	$(VENV)/bin/shengao check data/samples --no-store

test: setup
	$(PY) -m pytest -q

bench: setup
	$(PY) benchmarks/run.py

# issue 17 at full size: reuse --archive of 100,000 generated 5,000-character documents on a LocalCluster
# (< 10 min, < 4 GB), then a new year of 2,000 against it (< 10 % of the full run). Needs ~3 GB of free disk.
bench-scale: setup
	SHENGAO_BENCH_REUSE_SCALE_N=100000 $(PY) benchmarks/bench_dask.py reuse

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
