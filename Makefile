# Two commands on a fresh machine (python3, git, make): `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test bench lint clean

$(STAMP): pyproject.toml runtime/pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e runtime -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	$(BIN)/python examples/demo.py

test: $(STAMP)
	$(BIN)/ruff check gorgonia_mlir runtime tests examples
	$(BIN)/pytest -q -n 2
	$(BIN)/lit -v lit_tests

bench: $(STAMP)
	$(BIN)/pip install --quiet -e ".[bench]"
	cd bench && ../$(BIN)/python run_all.py

lint: $(STAMP)
	$(BIN)/ruff check gorgonia_mlir runtime tests examples

clean:
	rm -rf $(VENV) lit_tests/Output
