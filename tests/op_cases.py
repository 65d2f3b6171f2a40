"""Shared shape of the per-op test tables, and the loader of per-family case files.

Each op family keeps its test cases in ``tests/examples_<family>.py`` with
``EXAMPLES: dict[op, list[Case]]`` (forward checks against numpy, see test_ops_forward.py),
``GRAD_CASES: dict[op, list[(shapes, attrs, domains, smooth)]]`` (finite-difference checks, see
test_gradients.py) and optionally ``COMPOSITES`` (public functions built from other ops).
The meta-tests then require every op of the dialect to appear in these tables.
"""

from __future__ import annotations

import importlib
import pathlib
from collections.abc import Callable
from dataclasses import dataclass

import gorgonia_mlir as G

FLOATS = (G.Float32, G.Float64)
INTS = (G.Int32, G.Int64)
NUMERIC = FLOATS + INTS
ALL = NUMERIC + (G.Bool,)


@dataclass(frozen=True)
class Case:
    """One example: ``build(*input_nodes) -> node`` on inputs of ``shapes``.

    ``on``: the dtypes of the inputs. ``domain`` picks the random float inputs (real, positive, nonzero,
    wide, unit (in (0, 1))); ``values(dtype)`` gives fixed ones instead. ``expect(*arrays)`` is the numpy
    meaning of the call.
    """

    src: str
    shapes: tuple[tuple[int, ...], ...]
    build: Callable
    expect: Callable | None = None
    domain: str = "real"
    on: tuple = FLOATS
    values: Callable | None = None


def case(src, shapes, build, expect=None, **kw) -> Case:
    """A Case with shapes normalised to tuples."""
    return Case(src, tuple(tuple(s) for s in shapes), build, expect, **kw)


def numeric_grad(f, x, eps=1e-6):
    """Central finite differences of the scalar function ``f`` at the array ``x``."""
    import numpy as np

    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        plus, minus = x.copy(), x.copy()
        plus[idx] += eps
        minus[idx] -= eps
        grad[idx] = (f(plus) - f(minus)) / (2 * eps)
    return grad


def family_modules() -> list:
    """The ``tests/examples_*.py`` modules, imported."""
    here = pathlib.Path(__file__).parent
    return [importlib.import_module(p.stem) for p in sorted(here.glob("examples_*.py"))]
