"""Forward and gradient cases of the reductions family (max, min, prod, log_sum_exp, argmax, argmin,
batched_matmul, tensordot, and the norm composite)."""

from __future__ import annotations

import math

import numpy as np
from op_cases import ANY, NUMERIC, case

import gorgonia_mlir as G

# Public functions built from other ops (checked by the forward tables, not entries of OPS).
COMPOSITES = {"norm"}

NAN, INF = float("nan"), float("inf")


def _ties(dtype):
    # Ties (the first index wins for arg*), a repeated extremum, negative values.
    return [np.array([[3, 1, 3, -2], [-4, -4, 0, -4], [2, 2, 2, 2]], dtype=dtype.np)]


def _infs(dtype):
    # ±inf are ordinary extremes. (NaN results are checked in test_reductions.py: the tables compare
    # with allclose, where NaN != NaN.)
    return [np.array([[1.0, -INF, 5.0, 2.0], [-INF, 2.0, INF, 0.5], [-INF, -INF, -INF, -INF]], dtype=dtype.np)]


def _nans(dtype):
    # arg*: a NaN counts as the extremum (the first NaN wins, as numpy); ±inf are ordinary values.
    return [np.array([[1.0, NAN, 5.0, NAN], [-INF, 2.0, INF, 0.5], [-INF, -INF, -INF, -INF]], dtype=dtype.np)]


def _lse_specials(dtype):
    # Rows of large values (exp overflows unshifted), all -inf (→ -inf), a +inf (→ +inf), tiny values.
    return [
        np.array(
            [
                [800.0, 799.0, -1e3, 0.0],
                [-INF, -INF, -INF, -INF],
                [1.0, INF, 2.0, -INF],
                [-120.0, -119.5, -121.0, -INF],
            ],
            dtype=dtype.np,
        )
    ]


def _zeros(dtype):
    return [np.array([[0, 2, 3], [0, 0, 4], [1, -2, 3]], dtype=dtype.np)]


def _lse(x, axis=None, keepdims=False):
    m = np.max(x, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0)
    with np.errstate(divide="ignore"):
        out = np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True)) + m
    return out if keepdims else np.squeeze(out, axis=axis)


def _bmm(ta, tb):
    def f(a, b):
        return np.matmul(np.swapaxes(a, -1, -2) if ta else a, np.swapaxes(b, -1, -2) if tb else b)

    return f


def _extremum_cases(name: str, np_fn) -> list:
    f = getattr(G, name)
    return [
        case(f"G.{name}(x)", [(2, 3)], f, np_fn, on=NUMERIC),
        case(f"G.{name}(x, 1)", [(2, 3)], lambda x: f(x, 1), lambda x: np_fn(x, 1), on=NUMERIC),
        case(f"G.{name}(x, 0, 2)", [(2, 3, 4)], lambda x: f(x, 0, 2), lambda x: np_fn(x, (0, 2)), on=NUMERIC),
        case(
            f"G.{name}(x, -1, keepdims=True)",
            [(3, 4)],
            lambda x: f(x, -1, keepdims=True),
            lambda x: np_fn(x, -1, keepdims=True),
            on=NUMERIC,
        ),
        case(f"G.{name}(x, 1)  (ties)", [(3, 4)], lambda x: f(x, 1), lambda x: np_fn(x, 1), on=NUMERIC, values=_ties),
        case(f"G.{name}(x, 1)  (±inf)", [(3, 4)], lambda x: f(x, 1), lambda x: np_fn(x, 1), values=_infs),
        case(f"G.{name}(s)  (scalar)", [()], f, np_fn, on=NUMERIC),
    ]


def _arg_cases(name: str, np_fn) -> list:
    f = getattr(G, name)
    return [
        case(f"G.{name}(x, 1)", [(3, 5)], lambda x: f(x, 1), lambda x: np_fn(x, 1), on=NUMERIC),
        case(f"G.{name}(x, 0)", [(3, 5)], lambda x: f(x, 0), lambda x: np_fn(x, 0), on=NUMERIC),
        case(
            f"G.{name}(x, -2, keepdims=True)",
            [(2, 3, 4)],
            lambda x: f(x, -2, keepdims=True),
            lambda x: np.expand_dims(np_fn(x, -2), -2),
            on=NUMERIC,
        ),
        case(f"G.{name}(v, 0)", [(7,)], lambda v: f(v, 0), lambda v: np_fn(v, 0), on=NUMERIC),
        case(
            f"G.{name}(x, 1)  (ties: first index)",
            [(3, 4)],
            lambda x: f(x, 1),
            lambda x: np_fn(x, 1),
            on=NUMERIC,
            values=_ties,
        ),
        case(f"G.{name}(x, 1)  (NaN, ±inf)", [(3, 4)], lambda x: f(x, 1), lambda x: np_fn(x, 1), values=_nans),
    ]


EXAMPLES = {
    "max": _extremum_cases("max", np.max),
    "min": _extremum_cases("min", np.min),
    "prod": [
        case("G.prod(x)", [(2, 3)], G.prod, np.prod, on=NUMERIC),
        case("G.prod(x, 0)", [(3, 4)], lambda x: G.prod(x, 0), lambda x: np.prod(x, 0), on=NUMERIC),
        case(
            "G.prod(x, 1, 2, keepdims=True)",
            [(2, 3, 2)],
            lambda x: G.prod(x, 1, 2, keepdims=True),
            lambda x: np.prod(x, (1, 2), keepdims=True),
        ),
        case(
            "G.prod(x, 1)  (zeros)",
            [(3, 3)],
            lambda x: G.prod(x, 1),
            lambda x: np.prod(x, 1),
            on=NUMERIC,
            values=_zeros,
        ),
    ],
    "log_sum_exp": [
        case("G.log_sum_exp(x, 1)", [(3, 5)], lambda x: G.log_sum_exp(x, 1), lambda x: _lse(x, 1)),
        case("G.log_sum_exp(x)", [(2, 3)], G.log_sum_exp, _lse),
        case(
            "G.log_sum_exp(x, 0, 2, keepdims=True)",
            [(2, 3, 4)],
            lambda x: G.log_sum_exp(x, 0, 2, keepdims=True),
            lambda x: _lse(x, (0, 2), keepdims=True),
        ),
        case(
            "G.log_sum_exp(x, 0)  (|x| up to 100)",
            [(16, 2)],
            lambda x: G.log_sum_exp(x, 0),
            lambda x: _lse(x, 0),
            domain="wide",
        ),
        case(
            "G.log_sum_exp(x, 1)  (large, all -inf, +inf, tiny)",
            [(4, 4)],
            lambda x: G.log_sum_exp(x, 1),
            lambda x: _lse(x, 1),
            values=_lse_specials,
        ),
    ],
    "argmax": _arg_cases("argmax", np.argmax),
    "argmin": _arg_cases("argmin", np.argmin),
    "batched_matmul": [
        case("G.batched_matmul(a, b)", [(2, 3, 4), (2, 4, 5)], G.batched_matmul, _bmm(False, False), on=NUMERIC),
        case(
            "G.batched_matmul(a, b, trans_a=True)",
            [(2, 4, 3), (2, 4, 5)],
            lambda a, b: G.batched_matmul(a, b, trans_a=True),
            _bmm(True, False),
            on=NUMERIC,
        ),
        case(
            "G.batched_matmul(a, b, trans_b=True)",
            [(3, 2, 4), (3, 5, 4)],
            lambda a, b: G.batched_matmul(a, b, trans_b=True),
            _bmm(False, True),
            on=NUMERIC,
        ),
        case(
            "G.batched_matmul(a, b, True, True)",
            [(2, 4, 3), (2, 5, 4)],
            lambda a, b: G.batched_matmul(a, b, True, True),
            _bmm(True, True),
            on=NUMERIC,
        ),
        case(
            "G.batched_matmul(a, b)  (rank 4: two batch axes)",
            [(2, 3, 2, 4), (2, 3, 4, 3)],
            G.batched_matmul,
            _bmm(False, False),
        ),
    ],
    "tensordot": [
        case(
            "G.tensordot([0, 2], [1, 0], a, b)",
            [(3, 4, 5), (5, 3, 2)],
            lambda a, b: G.tensordot([0, 2], [1, 0], a, b),
            lambda a, b: np.tensordot(a, b, ([0, 2], [1, 0])),
            on=NUMERIC,
        ),
        case(
            "G.tensordot(1, 0, a, b)  (matmul)",
            [(3, 4), (4, 2)],
            lambda a, b: G.tensordot(1, 0, a, b),
            lambda a, b: np.tensordot(a, b, (1, 0)),
            on=NUMERIC,
        ),
        case(
            "G.tensordot([-1], [-2], a, b)",
            [(2, 3, 4), (3, 4, 2)],
            lambda a, b: G.tensordot([-1], [-2], a, b),
            lambda a, b: np.tensordot(a, b, ([-1], [-2])),
        ),
        case(
            "G.tensordot([], [], a, b)  (outer)",
            [(2, 3), (4,)],
            lambda a, b: G.tensordot([], [], a, b),
            lambda a, b: np.tensordot(a, b, 0),
            on=NUMERIC,
        ),
        case(
            "G.tensordot([0, 1], [1, 0], a, b)  (to a scalar)",
            [(2, 3), (3, 2)],
            lambda a, b: G.tensordot([0, 1], [1, 0], a, b),
            lambda a, b: np.tensordot(a, b, ([0, 1], [1, 0])),
            on=NUMERIC,
        ),
    ],
    "norm": [
        case("G.norm(x)", [(2, 3)], G.norm, lambda x: np.sqrt(np.sum(x * x))),
        case("G.norm(x, 1)", [(3, 4)], lambda x: G.norm(x, 1), lambda x: np.linalg.norm(x, axis=1)),
        case("G.norm(x, 0, p=1)", [(3, 4)], lambda x: G.norm(x, 0, p=1), lambda x: np.linalg.norm(x, 1, axis=0)),
        case("G.norm(v, p=math.inf)", [(5,)], lambda v: G.norm(v, p=math.inf), lambda v: np.linalg.norm(v, np.inf)),
        case("G.norm(v, 0, p=3)", [(6,)], lambda v: G.norm(v, 0, p=3), lambda v: np.linalg.norm(v, 3)),
        case("G.norm(v, p=0.5)", [(4,)], lambda v: G.norm(v, p=0.5), lambda v: np.sum(np.abs(v) ** 0.5) ** 2),
        case("G.norm(x, p='fro')", [(3, 4)], lambda x: G.norm(x, p="fro"), lambda x: np.linalg.norm(x, "fro")),
        case(
            "G.norm(x, (0, 2), keepdims=True)",
            [(2, 3, 2)],
            lambda x: G.norm(x, (0, 2), keepdims=True),
            lambda x: np.sqrt(np.sum(x * x, axis=(0, 2), keepdims=True)),
        ),
    ],
}

_R = {"along": (1,), "keepdims": False}
_R3 = {"along": (0, 2), "keepdims": True}
_ALL = {"along": (0, 1), "keepdims": False}

# op → [(operand shapes, attrs, operand domains, smooth)]. max/min are piecewise linear: away from ties
# (random inputs) their second derivative is 0, which the HVP checks confirm.
GRAD_CASES = {
    "max": [([(2, 3)], _R, [ANY], True), ([(2, 3, 2)], _R3, [ANY], True)],
    "min": [([(2, 3)], _R, [ANY], True), ([(2, 3)], _ALL, [ANY], True)],
    "prod": [([(2, 3)], _R, [ANY], True), ([(2, 3, 2)], _R3, [ANY], True), ([(2, 2)], _ALL, [ANY], True)],
    "log_sum_exp": [([(2, 3)], _R, [ANY], True), ([(2, 3, 2)], _R3, [ANY], True), ([(2, 3)], _ALL, [ANY], True)],
    "batched_matmul": [
        ([(2, 2, 3), (2, 3, 4)], {"trans_a": False, "trans_b": False}, [ANY, ANY], True),
        ([(2, 3, 2), (2, 3, 4)], {"trans_a": True, "trans_b": False}, [ANY, ANY], True),
        ([(2, 2, 3), (2, 4, 3)], {"trans_a": False, "trans_b": True}, [ANY, ANY], True),
        ([(2, 3, 2), (2, 4, 3)], {"trans_a": True, "trans_b": True}, [ANY, ANY], True),
    ],
    "tensordot": [
        ([(3, 2, 2), (2, 3, 4)], {"a_axes": (0, 2), "b_axes": (1, 0)}, [ANY, ANY], True),
        ([(2, 3), (3, 2, 2)], {"a_axes": (1,), "b_axes": (-3,)}, [ANY, ANY], True),
        ([(2, 3), (2,)], {"a_axes": (), "b_axes": ()}, [ANY, ANY], True),
        ([(2, 3), (3, 2)], {"a_axes": (1, 0), "b_axes": (0, 1)}, [ANY, ANY], True),
    ],
}
