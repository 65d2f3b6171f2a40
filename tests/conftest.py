"""Shared fixtures: a fresh graph, a reseeded initialiser generator, a counter of IREE compiles."""

from __future__ import annotations

import os
import tempfile

import iree.compiler as ic
import pytest
from hypothesis import HealthCheck, settings
from hypothesis.database import DirectoryBasedExampleDatabase

import gorgonia_mlir as G

# Hypothesis profiles (docs/testing.md). default/ci: few examples, derandomized (the same examples on every
# run and machine, no example database), because each example of a graph property costs an IREE compile;
# long: many fresh random examples, failures kept in .hypothesis/ and replayed first on the next run.
_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
settings.register_profile(
    "default", max_examples=16, deadline=None, derandomize=True, database=None, suppress_health_check=_SLOW_OK
)
settings.register_profile("ci", settings.get_profile("default"), print_blob=True)
settings.register_profile(  # explicit: a profile inherits from the one loaded when it is registered (default's)
    "long",
    max_examples=300,
    deadline=None,
    derandomize=False,
    database=DirectoryBasedExampleDatabase(".hypothesis/examples"),
    suppress_health_check=_SLOW_OK,
    print_blob=True,
)


def pytest_configure(config):
    # Hermetic runs: each test process starts with an empty on-disk compile cache of its own.
    os.environ["GORGONIA_MLIR_CACHE"] = tempfile.mkdtemp(prefix="gorgonia-mlir-test-cache-")
    # --hypothesis-profile=NAME (hypothesis' own option) wins; else GORGONIA_HYPOTHESIS_PROFILE, else default.
    if not config.getoption("hypothesis_profile", None):
        settings.load_profile(os.environ.get("GORGONIA_HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(autouse=True)
def _seeded():
    # Initialisers without seed= draw from the global generator: make every test reproducible.
    G.set_seed(0)
    yield


@pytest.fixture
def g() -> G.Graph:
    """A fresh, empty graph."""
    return G.Graph()


class CompileCounter:
    """Counts calls of ``iree.compiler.compile_str`` (every IREE compile goes through it)."""

    def __init__(self, real):
        self.real = real
        self.calls = 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        return self.real(*args, **kwargs)


@pytest.fixture
def compile_counter(monkeypatch) -> CompileCounter:
    """Patches ``iree.compiler.compile_str`` with a counter for the duration of one test."""
    counter = CompileCounter(ic.compile_str)
    monkeypatch.setattr(ic, "compile_str", counter)
    return counter
