# Two commands on a fresh machine (python3, git, make): `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test bench lint wheels clean

$(STAMP): pyproject.toml setup.py runtime/pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e runtime -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	$(BIN)/python examples/demo.py

test: $(STAMP)
	$(BIN)/ruff check gorgonia_mlir runtime tests examples setup.py build_backend
	$(BIN)/pytest -q -n 2
	$(BIN)/lit -v lit_tests

bench: $(STAMP)
	$(BIN)/pip install --quiet -e ".[bench]"
	cd bench && ../$(BIN)/python run_all.py

lint: $(STAMP)
	$(BIN)/ruff check gorgonia_mlir runtime tests examples setup.py build_backend

# dist/: gorgonia_mlir-<v>-py3-none-any.whl requiring gorgonia-runtime==<v>, and gorgonia_runtime-<v>-py3-none-any.whl,
# so `pip install dist/*.whl` (or `--find-links dist`) installs them anywhere; the board needs only the second.
# Stale build/ folders would leak deleted modules into the wheels. Needs only the venv's pip (not a current install).
wheels: | $(STAMP)
	rm -rf dist build runtime/build
	$(BIN)/pip wheel --quiet --no-deps --config-settings runtime=pin --wheel-dir dist . ./runtime

clean:
	rm -rf $(VENV) lit_tests/Output dist build runtime/build
