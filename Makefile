# Two commands set everything up on a fresh machine with Python 3.10+ and make:
#   make site   create .venv, install, train the bundled example if needed, build its site into site/
#   make test   create .venv, install with test extras, run the test suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
EXAMPLE := examples/wine
EXAMPLE_SRC := $(wildcard $(EXAMPLE)/src/wine_classifier/*.py)

.PHONY: site test bench lint docs clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.stamp-base: pyproject.toml $(EXAMPLE)/pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e . -e $(EXAMPLE)
	touch $@

$(VENV)/.stamp-test: $(VENV)/.stamp-base
	$(PY) -m pip install --quiet -e '.[test]' -e $(EXAMPLE)
	touch $@

$(EXAMPLE)/model.skops: $(VENV)/.stamp-base $(EXAMPLE_SRC)
	cd $(EXAMPLE) && ../../$(PY) -m wine_classifier.train --output model.skops

site: $(VENV)/.stamp-base $(EXAMPLE)/model.skops
	$(VENV)/bin/modelsite build $(EXAMPLE) -o site
	@echo "open site/index.html"

test: $(VENV)/.stamp-test
	$(PY) -m pytest

lint: $(VENV)/.stamp-test
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks
	$(VENV)/bin/mypy

docs: $(VENV)/.stamp-test
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict -d build/docs

bench: $(VENV)/.stamp-test
	$(PY) benchmarks/run.py

clean:
	rm -rf $(VENV) site build .pytest_cache $(EXAMPLE)/model.skops
