"""Shared shape of the per-op test tables, and the loader of per-family case files.

Each op family (``gorgonia_mlir.dialect.FAMILY``) keeps its test cases in ``tests/examples_<family>.py``
with ``EXAMPLES: dict[op, list[Case]]`` (forward checks against numpy, see test_ops_forward.py),
``GRAD_CASES: dict[op, list[(shapes, attrs, domains, smooth)]]`` (finite-difference checks, see
test_gradients.py) and optionally ``COMPOSITES`` (public functions built from other ops); the elementwise
family derives them from one record per op (examples_elementwise.py). tests/test_meta.py requires every op
of the dialect to appear in these tables and names the file to edit when one is missing.
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

# Operand domains of the gradient cases (test_gradients.py samples them).
POS = (0.5, 2.0)  # positive, away from 0
ANY = (-1.5, 1.5)
AWAY = "away"  # |x| in [0.3, 1.5] with random sign (kinks, poles)
UNIT = (0.1, 0.9)  # probabilities
# ("int", n): an Int64 operand (indices) with values in [0, n); it is held fixed, not differentiated.


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


def public(name: str) -> Callable:
    """``G.<name>(*nodes)``, looked up when called (a table can name ops an older commit lacks)."""
    return lambda *nodes, **kw: getattr(G, name)(*nodes, **kw)


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


# ---- where an op's entry goes: the meta-tests' messages -------------------------------------------------

ROOT = pathlib.Path(__file__).resolve().parent.parent
RECORDS_FILE = "tests/examples_elementwise.py"
# Families whose public builders are not in builders/<family>.py: the state ops are made by Graph.assign
# (batch_norm's running statistics) and by the norm builders (dropout, batch_norm pick train/eval).
BUILDER_FILES = {"state": ("gorgonia_mlir/graph.py", "gorgonia_mlir/builders/norm.py")}


def fix(name: str, need: str) -> tuple[str, tuple[str, ...]]:
    """(what to add, the files it goes in) for op ``name`` lacking ``need``, by the op's family
    (``gorgonia_mlir.dialect.FAMILY``). ``need``: lowering, vjp, jvp, reference, example, grad_case,
    bound, builder. An elementwise op's test entries are all one op_record row."""
    from gorgonia_mlir.dialect import FAMILY

    family = FAMILY[name]
    elementwise = family == "elementwise"
    if need == "lowering":
        if elementwise:
            return "add a SCALAR body (comparisons: a LOWERINGS rule)", ("gorgonia_mlir/lowering/elementwise.py",)
        return "add a rule to LOWERINGS (or MODULE_LEVEL)", (f"gorgonia_mlir/lowering/{family}.py",)
    if need in ("vjp", "jvp"):
        return (
            f"add its {need.upper()} rule (defunary, defpartials, deflinear, defbilinear or defrules), or set "
            "differentiable=False in its OpSpec",
            (f"gorgonia_mlir/autodiff/{family}.py", f"gorgonia_mlir/dialect/{family}.py"),
        )
    if elementwise and need in ("reference", "example", "grad_case", "bound"):
        what = {
            "reference": "add an op_record row (its numpy meaning is the reference)",
            "example": "add an op_record row (the default example comes from its kind; examples=/more= add cases)",
            "grad_case": "give its op_record row grad= (the operand domains)",
            "bound": "give its op_record row ulp= (and mp= where numpy is not correctly rounded)",
        }[need]
        return what, (RECORDS_FILE,)
    if need == "reference":
        return "add an entry to REFERENCE (or NO_REFERENCE, naming its own test)", (f"tests/reference/{family}.py",)
    if need == "example":
        return "add a Case to EXAMPLES", (f"tests/examples_{family}.py",)
    if need == "grad_case":
        return "add an entry to GRAD_CASES", (f"tests/examples_{family}.py",)
    if need == "bound":
        raise ValueError(f"only elementwise ops have accuracy bounds, not {name!r} (family {family!r})")
    if need == "builder":
        files = BUILDER_FILES.get(family, (f"gorgonia_mlir/builders/{family}.py",))
        if elementwise:
            return "add a public builder (exported as G.<name>) and an op_record row", (*files, RECORDS_FILE)
        return "add a public builder (exported as G.<name>) and a BUILDERS entry", (*files, "tests/test_irdl.py")
    raise ValueError(f"unknown need {need!r}")


def missing(name: str, need: str, what: str) -> str:
    """The meta-tests' message: ``op 'foo' (family 'elementwise') has no lowering: add ... in <file>``."""
    from gorgonia_mlir.dialect import FAMILY

    how, files = fix(name, need)
    return f"op {name!r} (family {FAMILY[name]!r}) has no {what}: {how} in {', '.join(files)}"
