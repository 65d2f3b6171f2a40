"""Shared fixtures: a fresh graph, a reseeded initialiser generator, a counter of IREE compiles."""

from __future__ import annotations

import os
import tempfile

import iree.compiler as ic
import pytest

import gorgonia_mlir as G


def pytest_configure(config):
    # Hermetic runs: each test process starts with an empty on-disk compile cache of its own.
    os.environ["GORGONIA_MLIR_CACHE"] = tempfile.mkdtemp(prefix="gorgonia-mlir-test-cache-")


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
