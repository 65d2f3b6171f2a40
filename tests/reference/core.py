"""numpy reference of the core family: constants, products, sum, reshape, transpose, broadcast_to."""

from __future__ import annotations

import numpy as np

from . import NO_REFERENCE, REFERENCE


def _sum(x, attrs):
    along = tuple(attrs["along"])
    return np.sum(x, axis=along, keepdims=attrs.get("keepdims", False)).astype(x.dtype)


def _1(f):
    return lambda ins, attrs: [np.asarray(f(*ins)).astype(ins[0].dtype)]


REFERENCE.update(
    {
        "constant": lambda ins, attrs: [np.asarray(attrs["value"])],
        "matmul": _1(np.matmul),
        "matvec": _1(np.matmul),
        "dot": _1(np.dot),
        "outer_prod": _1(np.outer),
        "sum": lambda ins, attrs: [_sum(ins[0], attrs)],
        "reshape": lambda ins, attrs: [ins[0].reshape(attrs["shape"])],
        "transpose": lambda ins, attrs: [np.transpose(ins[0], attrs["perm"])],
        "broadcast_to": lambda ins, attrs: [np.broadcast_to(ins[0], attrs["shape"]).copy()],
    }
)

# A parameter's value is its initialiser's draw or what was loaded: tests/test_graph_api.py checks it.
NO_REFERENCE.add("learnable")
