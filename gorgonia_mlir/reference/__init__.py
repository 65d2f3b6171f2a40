"""numpy reference semantics of every op, keyed by op name: ``REFERENCE[name](inputs, attrs) -> [arrays]``.

The tests check every op's compiled result against this table (and gradients against finite
differences of it); a meta-test fails when an op of the dialect has no entry.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

Ref = Callable[[list[np.ndarray], dict], list[np.ndarray]]


def _int_div(x, y):
    # Go semantics: truncation toward zero; our lowering defines x / 0 = 0 for integers.
    safe = np.where(y == 0, 1, y)
    q = np.trunc(x / safe).astype(x.dtype)
    return np.where(y == 0, 0, q).astype(x.dtype)


def _div(x, y):
    return x / y if x.dtype.kind == "f" else _int_div(x, y)


def _sigmoid(x):
    with np.errstate(over="ignore"):
        return (1.0 / (1.0 + np.exp(-x))).astype(x.dtype)


def _sum(x, attrs):
    along = tuple(attrs["along"])
    return np.sum(x, axis=along, keepdims=attrs.get("keepdims", False)).astype(x.dtype)


def _1(f) -> Ref:
    return lambda ins, attrs: [np.asarray(f(*ins)).astype(ins[0].dtype)] if ins else [np.asarray(f())]


REFERENCE: dict[str, Ref] = {
    "constant": lambda ins, attrs: [np.asarray(attrs["value"])],
    "neg": _1(np.negative),
    "square": _1(np.square),
    "rectify": _1(lambda x: np.maximum(x, 0)),
    "exp": _1(np.exp),
    "log": _1(np.log),
    "tanh": _1(np.tanh),
    "sigmoid": _1(_sigmoid),
    "sqrt": _1(np.sqrt),
    "add": _1(np.add),
    "sub": _1(np.subtract),
    "hadamard_prod": _1(np.multiply),
    "hadamard_div": _1(_div),
    "pow": _1(np.power),
    "matmul": _1(np.matmul),
    "matvec": _1(np.matmul),
    "dot": _1(np.dot),
    "outer_prod": _1(np.outer),
    "sum": lambda ins, attrs: [_sum(ins[0], attrs)],
    "reshape": lambda ins, attrs: [ins[0].reshape(attrs["shape"])],
    "transpose": lambda ins, attrs: [np.transpose(ins[0], attrs["perm"])],
    "broadcast_to": lambda ins, attrs: [np.broadcast_to(ins[0], attrs["shape"]).copy()],
}


def _compare(f) -> Ref:
    def ref(ins, attrs):
        c = f(ins[0], ins[1])
        return [c.astype(ins[0].dtype) if attrs.get("ret_same", False) else c]

    return ref


REFERENCE.update(
    {
        "lt": _compare(np.less),
        "gt": _compare(np.greater),
        "lte": _compare(np.less_equal),
        "gte": _compare(np.greater_equal),
        "eq": _compare(np.equal),
        "ne": _compare(np.not_equal),
    }
)

# Ops whose value is not a function of operands (state, parameters): checked by their own tests.
NO_REFERENCE = {"learnable"}
# Ops expanded by gorgonia-autodiff before lowering: checked by gradient tests, not by a reference.
AUTODIFF_OPS = {"grad", "vjp", "jvp"}

from . import state  # noqa: F401,E402
from . import shape  # noqa: F401,E402
from . import reductions  # noqa: F401,E402
from . import nn  # noqa: F401,E402
from . import activations  # noqa: F401,E402
