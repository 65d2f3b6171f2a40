"""Forward and gradient cases of the elementwise math family (gorgonia_mlir/*/activations.py)."""

from __future__ import annotations

import math

import numpy as np
from op_cases import NUMERIC, case

import gorgonia_mlir as G

ANY = (-1.5, 1.5)
AWAY = "away"
POS = (0.5, 2.0)

COMPOSITES = {
    "log2",
    "inverse",
    "inverse_sqrt",
    "cube",
    "leaky_relu",
    "mish",
    "gelu",
    "elu",
    "selu",
    "swish",
    "broadcast_add",
    "broadcast_hadamard_prod",
    "broadcast_lt",
    "auto",
}


def _softplus(x):
    return np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))


def _sig(x):
    return 1 / (1 + np.exp(-x))


def _elu(x, a=1.0):
    return np.where(x > 0, x, a * np.expm1(np.minimum(x, 0)))


_erf = np.vectorize(math.erf, otypes=[np.float64])


def _gelu_erf(x):
    return 0.5 * x * (1 + _erf(x / math.sqrt(2)))


def _gelu_tanh(x):
    return 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)))


def _erf_intervals(dtype):
    # each interval of the approximation, its edges, and the saturated tail
    edges = [-7.0, -6.0, -2.857, -1.25, -0.84375, -0.5, -1e-9, 0.0, 1e-30, 0.3, 0.84375, 1.0, 1.25, 2.0, 2.857, 4.0]
    return [np.array(edges, dtype=dtype.np)]


def _ndtr_points(dtype):
    # -x/√2 on each side of erfc's interval edges (0.25, 0.84375, 1.25, 1/0.35, 6), deep in the lower tail
    edges = [-30.0, -8.5, -4.04, -1.77, -1.19, -0.36, 0.0, 0.36, 1.19, 1.77, 4.04, 8.5, 40.0, -2.0, 0.5, 3.0]
    return [np.array(edges, dtype=dtype.np)]


def _wide_trig(dtype):
    # Large arguments exercise the f64 range reduction; f32 stays where float32 sin is meaningful.
    big = 1e5 if dtype == G.Float64 else 50.0
    return [np.array([-big, -7.5, -1.0, 0.0, 0.5, 3.0, 100.25, big / 3], dtype=dtype.np)]


def _signs(dtype):
    return [np.array([-3, -0.0, 0, 2, -1, 5], dtype=dtype.np)]


EXAMPLES = {
    "abs": [case("G.abs(x)", [(2, 3)], G.abs, np.abs, on=NUMERIC)],
    "sign": [
        case("G.sign(x)", [(2, 3)], G.sign, np.sign, on=NUMERIC),
        case("G.sign(x)  (zeros)", [(6,)], G.sign, np.sign, values=_signs),
    ],
    "ceil": [case("G.ceil(x)", [(2, 3)], G.ceil, np.ceil, domain="wide")],
    "floor": [case("G.floor(x)", [(2, 3)], G.floor, np.floor, domain="wide")],
    "sin": [
        case("G.sin(x)", [(2, 3)], G.sin, np.sin),
        case("G.sin(x)  (wide)", [(8,)], G.sin, np.sin, values=_wide_trig),
    ],
    "cos": [
        case("G.cos(x)", [(2, 3)], G.cos, np.cos),
        case("G.cos(x)  (wide)", [(8,)], G.cos, np.cos, values=_wide_trig),
    ],
    "log1p": [case("G.log1p(x)", [(2, 3)], G.log1p, np.log1p, domain="positive")],
    "expm1": [case("G.expm1(x)", [(2, 3)], G.expm1, np.expm1)],
    "erf": [
        case("G.erf(x)", [(2, 3)], G.erf, _erf),
        case("G.erf(x)  (every interval)", [(16,)], G.erf, _erf, values=_erf_intervals),
    ],
    "ndtr": [
        case("G.ndtr(x)", [(2, 3)], G.ndtr, lambda x: 0.5 * (1 + _erf(x / math.sqrt(2)))),
        case("G.ndtr(x)  (every interval of erfc)", [(16,)], G.ndtr, None, values=_ndtr_points),
    ],
    "softplus": [
        case("G.softplus(x)", [(2, 3)], G.softplus, _softplus),
        case("G.softplus(x)  (|x| up to 100)", [(16,)], G.softplus, _softplus, domain="wide"),
    ],
    "min_between": [case("G.min_between(x, y)  (2,3)·(3,)", [(2, 3), (3,)], G.min_between, np.minimum, on=NUMERIC)],
    "max_between": [
        case("G.max_between(x, 0)", [(2, 3)], lambda x: G.max_between(x, 0), lambda x: np.maximum(x, 0), on=NUMERIC)
    ],
    "log2": [case("G.log2(x)", [(2, 3)], G.log2, np.log2, domain="positive")],
    "inverse": [case("G.inverse(x)", [(2, 3)], G.inverse, lambda x: 1 / x, domain="nonzero")],
    "inverse_sqrt": [case("G.inverse_sqrt(x)", [(2, 3)], G.inverse_sqrt, lambda x: 1 / np.sqrt(x), domain="positive")],
    "cube": [case("G.cube(x)", [(2, 3)], G.cube, lambda x: x**3, on=NUMERIC)],
    "leaky_relu": [
        case("G.leaky_relu(x, 0.2)", [(2, 3)], lambda x: G.leaky_relu(x, 0.2), lambda x: np.where(x > 0, x, 0.2 * x))
    ],
    "mish": [case("G.mish(x)", [(2, 3)], G.mish, lambda x: x * np.tanh(_softplus(x)))],
    "gelu": [
        case("G.gelu(x)  (exact, erf)", [(2, 3)], G.gelu, _gelu_erf),
        case("G.gelu(x, approximate='tanh')", [(2, 3)], lambda x: G.gelu(x, approximate="tanh"), _gelu_tanh),
    ],
    "elu": [case("G.elu(x, 0.5)", [(2, 3)], lambda x: G.elu(x, 0.5), lambda x: _elu(x, 0.5))],
    "selu": [case("G.selu(x)", [(2, 3)], G.selu, lambda x: G.SELU_SCALE * _elu(x, G.SELU_ALPHA))],
    "swish": [
        case("G.swish(x)", [(2, 3)], G.swish, lambda x: x * _sig(x)),
        case("G.swish(x, 2.0)", [(2, 3)], lambda x: G.swish(x, 2.0), lambda x: x * _sig(2 * x)),
    ],
    "broadcast_add": [
        case(
            "G.broadcast_add(x, v, None, [1])  (2,3)+(2,)",
            [(2, 3), (2,)],
            lambda x, v: G.broadcast_add(x, v, None, [1]),
            lambda x, v: x + v[:, None],
            on=NUMERIC,
        ),
        case(
            "G.broadcast_add(u, v, [1], [0])  outer sum",
            [(2,), (3,)],
            lambda u, v: G.broadcast_add(u, v, [1], [0]),
            lambda u, v: u[:, None] + v[None, :],
        ),
    ],
    "broadcast_hadamard_prod": [
        case(
            "G.broadcast_hadamard_prod(x, v, None, [0, 2])",
            [(2, 3, 4), (3,)],
            lambda x, v: G.broadcast_hadamard_prod(x, v, None, [0, 2]),
            lambda x, v: x * v[None, :, None],
        ),
    ],
    "broadcast_lt": [
        case(
            "G.broadcast_lt(x, v, True, None, [1])",
            [(2, 3), (2,)],
            lambda x, v: G.broadcast_lt(x, v, True, None, [1]),
            lambda x, v: (x < v[:, None]).astype(x.dtype),
            on=NUMERIC,
        ),
    ],
    "auto": [
        case("G.auto(G.broadcast_sub, x, v)", [(2, 3), (3,)], lambda x, v: G.auto(G.broadcast_sub, x, v), np.subtract)
    ],
}


GRAD_CASES = {
    "abs": [([(2, 3)], {}, [AWAY], False)],
    "sin": [([(2, 3)], {}, [ANY], True)],
    "cos": [([(2, 3)], {}, [ANY], True)],
    "log1p": [([(2, 3)], {}, [POS], True)],
    "expm1": [([(2, 3)], {}, [ANY], True)],
    "erf": [([(2, 3)], {}, [(-2.5, 2.5)], True)],
    "ndtr": [([(2, 3)], {}, [(-3.0, 3.0)], True)],
    "softplus": [([(2, 3)], {}, [ANY], True)],
    "min_between": [([(2, 3), (3,)], {}, [ANY, ANY], False)],
    "max_between": [([(2, 3), (2, 3)], {}, [ANY, ANY], False)],
}
