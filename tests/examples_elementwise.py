"""The elementwise family, one record per op: unary and binary math, comparisons, and the public
composites built from them (``builders/activations.py``, ``G.broadcast_*``).

A row ``op_record(name, numpy, kind, ...)`` in ``RECORDS`` is all the test side needs for a new op
(in the style of JAX's ``lax_test.op_record``); every per-op table is derived from the rows:

* ``EXAMPLES`` (tests/test_ops_forward.py): ``examples=`` or, by default, one case derived from the kind
  (``G.name(x)`` on (2, 3); ``G.name(x, y)`` on two (2, 3); the comparison suite), then ``more=``;
* ``GRAD_CASES`` (tests/test_gradients.py): ``grad=`` the operand domains on ``grad_shapes``, or
  ``None`` for an op that is not differentiable (or a composite, differentiated through its parts);
* ``REFERENCE`` (tests/reference/elementwise.py): ``numpy`` on the operands, cast to the first one's dtype;
* ``BOUNDS`` and the accuracy sweep (tests/accuracy_cases.py): ``ulp=`` the bound per dtype, ``mp=`` the
  mpmath twin (None: numpy in float64 is correctly rounded), ``sweep=`` more inputs, ``flush=``;
* the IRDL test's builders (every example) and the property tests' float-only ops (probed on Int32).

Builders name ``G.<op>`` only when called, so ``bench/accuracy.py`` can measure an older commit that
lacks some ops. ``numpy`` works in float64 and in the operands' dtype (ints included where the op takes
them); the forward and gradient tests compare with it, the accuracy test takes its NaNs and signed zeros.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import mpmath
import numpy as np
from op_cases import ALL, ANY, AWAY, FLOATS, INTS, NUMERIC, POS, Case, case, public
from sweeps import exp_edges, near_minus_one, near_one, pairs, pow_pairs, rounding, trig

import gorgonia_mlir as G

# ---- numpy meanings (float64; also the twins of the property strategies and of test_erf.py) -------------


def np_sigmoid(x):
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-x))


def np_softplus(x):
    return np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))


def np_elu(x, alpha=1.0):
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0)))


def np_gelu_tanh(x):
    return 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)))


np_erf = np.vectorize(math.erf, otypes=[np.float64])


def np_gelu_erf(x):
    return 0.5 * x * (1 + np_erf(x / math.sqrt(2)))


np_erfc = np.vectorize(math.erfc, otypes=[np.float64])


def np_ndtr(x):
    # -x/√2 in float64 whatever x's dtype (a float32 quotient would move Φ by an ulp of float32)
    return np_erfc(-np.asarray(x, np.float64) / math.sqrt(2)) / 2


def np_div(x, y):
    """Floats: x / y. Integers: Go's truncation toward zero, and x / 0 = 0 (as the lowering defines it)."""
    if x.dtype.kind == "f":
        return x / y
    safe = np.where(y == 0, 1, y)
    q = np.trunc(x / safe).astype(x.dtype)
    return np.where(y == 0, 0, q).astype(x.dtype)


def ieee_minimum(a, b):
    """IEEE 754-2019 minimum: NaN propagates, -0 < +0 (numpy's pick between zeros depends on the order)."""
    m = np.minimum(a, b)
    if m.dtype.kind != "f":
        return m
    both_zero = (a == 0) & (b == 0)
    return np.where(both_zero, np.where(np.signbit(a) | np.signbit(b), -0.0, 0.0), m)


def ieee_maximum(a, b):
    m = np.maximum(a, b)
    if m.dtype.kind != "f":
        return m
    both_zero = (a == 0) & (b == 0)
    return np.where(both_zero, np.where(np.signbit(a) & np.signbit(b), -0.0, 0.0), m)


# ---- exact meanings on mpmath scalars ------------------------------------------------------------------


def mp_sigmoid(x):
    return 1 / (1 + mpmath.exp(-x))


def mp_softplus(x):
    return mpmath.log1p(mpmath.exp(x))


def mp_elu(x, alpha=1.0):
    return x if x > 0 else mpmath.mpf(alpha) * mpmath.expm1(x)


def mp_pow(a, b):
    if a < 0:  # numpy gives NaN unless b is an integer (those reach here): (-1)^b |a|^b
        return (-1 if int(b) % 2 else 1) * mpmath.power(-a, b)
    return mpmath.power(a, b)


def mp_erfc(x):
    if abs(x) > 45:  # 0 or 2 to far below the smallest subnormal (mpmath's erfc overflows on huge arguments)
        return mpmath.mpf(0 if x > 0 else 2)
    return mpmath.erfc(x)


def mp_ndtr(x):
    return mp_erfc(-x / mpmath.sqrt(2)) / 2


def mp_gelu_erf(x):
    return x * mp_ndtr(x)


def times_x(x):
    # x·g(x) with g(x) subnormal, flushed to 0 by IREE's CPU code: the product is below |x|·tiny
    return np.maximum(np.abs(x), 1.0)


# ---- the record ----------------------------------------------------------------------------------------

ARITY = {"unary": 1, "binary": 2, "compare": 2}


@dataclass(frozen=True)
class OpRecord:
    """Everything the tests know about one elementwise op (see the module docstring)."""

    name: str
    numpy: Callable | None
    kind: str  # "unary", "binary" or "compare" (Bool, or 1/0 in the operands' dtype with ret_same)
    examples: tuple[Case, ...]
    grad: tuple | None  # operand domains of the gradient cases; None: not differentiable
    grad_shapes: tuple[tuple[tuple[int, ...], ...], ...]
    smooth: bool  # second order checked too (no kinks)
    ulp: dict[str, float] | None  # accuracy bound per dtype; None: not a float-valued op
    mp: Callable | None
    sweep: tuple | Callable  # unary: more inputs (functions of the dtype); binary: the operand pairs
    flush: Callable | None  # x -> f: results below f·tiny may be a flushed 0
    composite: bool  # built by the public API from other ops (not an entry of OPS)

    @property
    def arity(self) -> int:
        return ARITY[self.kind]

    def reference(self, ins: list[np.ndarray], attrs: dict) -> list[np.ndarray]:
        """The REFERENCE entry: ``numpy`` on the operands, in the first operand's dtype (comparisons:
        Bool, or the operands' dtype with ``ret_same``)."""
        out = np.asarray(self.numpy(*ins))
        if self.kind == "compare" and not attrs.get("ret_same", False):
            return [out]
        return [out.astype(ins[0].dtype)]

    def grad_cases(self) -> list[tuple]:
        """``GRAD_CASES[name]``: (operand shapes, attrs, operand domains, smooth) per shape list."""
        if self.grad is None:
            return []
        return [(list(shapes), {}, list(self.grad), self.smooth) for shapes in self.grad_shapes]


def comparison_cases(name: str, np_fn) -> list[Case]:
    """Every dtype, a Python constant, ``ret_same`` with broadcasting, ties/NaN/-0.0, and Bool operands."""
    return [
        case(f"G.{name}(x, y)", [(2, 3), (2, 3)], public(name), np_fn, on=ALL),
        case(f"G.{name}(x, 0)", [(2, 3)], lambda x: getattr(G, name)(x, 0), lambda x: np_fn(x, 0), on=NUMERIC),
        case(
            f"G.{name}(x, y, ret_same=True)  (2,3)·(3,)",
            [(2, 3), (3,)],
            lambda x, y: getattr(G, name)(x, y, ret_same=True),
            lambda x, y: np_fn(x, y).astype(x.dtype),
            on=NUMERIC,
        ),
        case(f"G.{name}(x, y)  (ties, NaN, -0.0)", [(6,), (6,)], public(name), np_fn, values=_unordered_values),
        case(f"G.{name}(b, True)", [(4,)], lambda x: getattr(G, name)(x, True), lambda x: np_fn(x, True), on=(G.Bool,)),
    ]


def op_record(
    name: str,
    numpy: Callable | None,
    kind: str = "unary",
    *,
    on: tuple = FLOATS,
    domain: str = "real",
    examples: Sequence[Case] | None = None,
    more: Sequence[Case] = (),
    grad: Sequence | None = None,
    grad_shapes: Sequence | None = None,
    smooth: bool = True,
    ulp: float | dict | None = None,
    mp: Callable | None = None,
    sweep: Sequence | Callable = (),
    flush: Callable | None = None,
    composite: bool = False,
) -> OpRecord:
    """One op's row. Without ``examples``, the kind's default: ``G.name(x)`` on (2, 3) or ``G.name(x, y)``
    on two (2, 3) (in the dtypes ``on``, from ``domain``; numpy's meaning as the expectation), or the
    comparison suite; ``more`` cases follow. ``ulp`` a number: the same bound in float32 and float64."""
    arity = ARITY[kind]
    if examples is None:
        if kind == "compare":
            examples = comparison_cases(name, numpy)
        else:
            src = f"G.{name}(x)" if arity == 1 else f"G.{name}(x, y)"
            examples = [case(src, [(2, 3)] * arity, public(name), numpy, domain=domain, on=on)]
    if grad_shapes is None:
        grad_shapes = [[(2, 3)] * arity]
    if isinstance(ulp, int | float):
        ulp = {"float32": ulp, "float64": ulp}
    if kind != "unary" and sweep == ():
        sweep = pairs
    return OpRecord(
        name,
        numpy,
        kind,
        (*examples, *more),
        None if grad is None else tuple(grad),
        tuple(tuple(tuple(s) for s in shapes) for shapes in grad_shapes),
        smooth,
        ulp,
        mp,
        tuple(sweep) if kind == "unary" else sweep,
        flush,
        composite,
    )


# ---- fixed inputs of some cases ------------------------------------------------------------------------


def _signs(dtype):
    return [np.array([-3, -0.0, 0, 2, -1, 5], dtype=dtype.np)]


def _wide_trig(dtype):
    # Large arguments exercise the f64 range reduction; f32 stays where float32 sin is meaningful.
    big = 1e5 if dtype == G.Float64 else 50.0
    return [np.array([-big, -7.5, -1.0, 0.0, 0.5, 3.0, 100.25, big / 3], dtype=dtype.np)]


def _erf_intervals(dtype):
    # each interval of the approximation, its edges, and the saturated tail
    edges = [-7.0, -6.0, -2.857, -1.25, -0.84375, -0.5, -1e-9, 0.0, 1e-30, 0.3, 0.84375, 1.0, 1.25, 2.0, 2.857, 4.0]
    return [np.array(edges, dtype=dtype.np)]


def _ndtr_points(dtype):
    # -x/√2 on each side of erfc's interval edges (0.25, 0.84375, 1.25, 1/0.35, 6), deep in the lower tail
    edges = [-30.0, -8.5, -4.04, -1.77, -1.19, -0.36, 0.0, 0.36, 1.19, 1.77, 4.04, 8.5, 40.0, -2.0, 0.5, 3.0]
    return [np.array(edges, dtype=dtype.np)]


def _int_div_values(dtype):
    # Truncation toward zero (Go) for every sign combination, and x / 0 = 0.
    x = np.array([7, -7, 7, -7, 5, 0, -3, 9], dtype=dtype.np)
    y = np.array([2, 2, -2, -2, 0, 3, 0, 3], dtype=dtype.np)
    return [x, y]


def _unordered_values(dtype):
    # Ties, NaN (unordered: only ne holds) and -0.0 == 0.0.
    x = np.array([1.0, np.nan, 2.0, -0.0, 3.0, 1.0], dtype=dtype.np)
    y = np.array([1.0, np.nan, 3.0, 0.0, np.nan, -1.0], dtype=dtype.np)
    return [x, y]


def _leaky(x, alpha=0.01):
    return np.where(x > 0, x, alpha * x)


# ---- the rows ------------------------------------------------------------------------------------------
# Bounds (docs/accuracy.md quotes them): 0 where IEEE 754 rounds correctly (or the op is exact);
# transcendental <= 4 ulp (issue 13; sin/cos and erf <= 2); composites: their parts' error plus a rounding
# per extra step (and float constant).

RECORDS: list[OpRecord] = [
    op_record(
        "neg",
        np.negative,
        on=NUMERIC,
        more=[
            case("-x", [(4,)], lambda x: -x, np.negative, on=NUMERIC),
            case("-x  (scalar)", [()], lambda x: -x, np.negative, on=NUMERIC),
        ],
        grad=[ANY],
        ulp=0,
    ),
    op_record("abs", np.abs, on=NUMERIC, grad=[AWAY], smooth=False, ulp=0),
    op_record(
        "square",
        np.square,
        on=NUMERIC,
        more=[case("G.square(x)  (rank 3)", [(2, 3, 4)], public("square"), np.square, on=NUMERIC)],
        grad=[ANY],
        ulp=0,
    ),
    op_record(
        "sqrt",
        np.sqrt,
        domain="positive",
        more=[case("G.sqrt(x)  (scalar)", [()], public("sqrt"), np.sqrt, domain="positive")],
        grad=[POS],
        ulp=0,
        sweep=[near_one],
    ),
    op_record(
        "sign",
        np.sign,
        on=NUMERIC,
        more=[case("G.sign(x)  (zeros)", [(6,)], public("sign"), np.sign, values=_signs)],
        ulp=0,
    ),
    op_record("ceil", np.ceil, domain="wide", ulp=0, sweep=[rounding]),
    op_record("floor", np.floor, domain="wide", ulp=0, sweep=[rounding]),
    op_record(
        "rectify",
        lambda x: ieee_maximum(x, 0),
        examples=[
            case("G.rectify(x)", [(3, 4)], public("rectify"), lambda x: np.maximum(x, 0), on=NUMERIC),
            case("G.relu(x)", [(5,)], public("relu"), lambda x: np.maximum(x, 0), on=NUMERIC),
        ],
        grad=[AWAY],
        smooth=False,
        ulp=0,
    ),
    op_record("inverse", lambda x: 1 / x, domain="nonzero", ulp=0, composite=True),
    op_record(
        "exp",
        np.exp,
        more=[case("G.exp(x)  (scalar)", [()], public("exp"), np.exp)],
        grad=[ANY],
        ulp=4,
        mp=mpmath.exp,
        sweep=[exp_edges],
    ),
    op_record(
        "log",
        np.log,
        domain="positive",
        more=[case("G.log(x)  (rank 3)", [(2, 2, 2)], public("log"), np.log, domain="positive")],
        grad=[POS],
        ulp=4,
        mp=mpmath.log,
        sweep=[near_one],
    ),
    op_record("log1p", np.log1p, domain="positive", grad=[POS], ulp=4, mp=mpmath.log1p, sweep=[near_minus_one]),
    op_record("expm1", np.expm1, grad=[ANY], ulp=4, mp=mpmath.expm1, sweep=[exp_edges]),
    op_record(
        "tanh",
        np.tanh,
        more=[case("G.tanh(x)  (|x| up to 100)", [(16,)], public("tanh"), np.tanh, domain="wide")],
        grad=[ANY],
        ulp=4,
        mp=mpmath.tanh,
    ),
    op_record(
        "sigmoid",
        np_sigmoid,
        more=[case("G.sigmoid(x)  (|x| up to 100)", [(16,)], public("sigmoid"), None, domain="wide")],
        grad=[ANY],
        ulp=4,
        mp=mp_sigmoid,
    ),
    op_record(
        "softplus",
        np_softplus,
        more=[case("G.softplus(x)  (|x| up to 100)", [(16,)], public("softplus"), np_softplus, domain="wide")],
        grad=[ANY],
        ulp=4,
        mp=mp_softplus,
    ),
    op_record(
        "sin",
        np.sin,
        more=[case("G.sin(x)  (wide)", [(8,)], public("sin"), np.sin, values=_wide_trig)],
        grad=[ANY],
        ulp=2,
        mp=mpmath.sin,
        sweep=[trig],
    ),
    op_record(
        "cos",
        np.cos,
        more=[case("G.cos(x)  (wide)", [(8,)], public("cos"), np.cos, values=_wide_trig)],
        grad=[ANY],
        ulp=2,
        mp=mpmath.cos,
        sweep=[trig],
    ),
    op_record(
        "log2", np.log2, domain="positive", ulp=2, mp=lambda x: mpmath.log(x, 2), sweep=[near_one], composite=True
    ),
    op_record(
        "inverse_sqrt",
        lambda x: 1 / np.sqrt(x),
        domain="positive",
        ulp=1,
        mp=lambda x: 1 / mpmath.sqrt(x),
        composite=True,
    ),
    op_record("cube", lambda x: x**3, on=NUMERIC, ulp=1, mp=lambda x: x**3, composite=True),
    op_record(
        "leaky_relu",
        _leaky,
        examples=[
            case("G.leaky_relu(x, 0.2)", [(2, 3)], lambda x: G.leaky_relu(x, 0.2), lambda x: _leaky(x, 0.2)),
        ],
        ulp=1,
        mp=lambda x: x if x > 0 else mpmath.mpf(0.01) * x,
        composite=True,
    ),
    op_record(
        "elu",
        np_elu,
        examples=[case("G.elu(x, 0.5)", [(2, 3)], lambda x: G.elu(x, 0.5), lambda x: np_elu(x, 0.5))],
        ulp=3,
        mp=mp_elu,
        composite=True,
    ),
    op_record(
        "selu",
        lambda x: G.SELU_SCALE * np_elu(x, G.SELU_ALPHA),
        ulp=4,
        mp=lambda x: mpmath.mpf(G.SELU_SCALE) * mp_elu(x, G.SELU_ALPHA),
        composite=True,
    ),
    op_record(
        "swish",
        lambda x: x * np_sigmoid(x),
        more=[case("G.swish(x, 2.0)", [(2, 3)], lambda x: G.swish(x, 2.0), lambda x: x * np_sigmoid(2 * x))],
        ulp=3,
        mp=lambda x: x * mp_sigmoid(x),
        flush=times_x,
        composite=True,
    ),
    op_record(
        "mish",
        lambda x: x * np.tanh(np_softplus(x)),
        ulp=4,
        mp=lambda x: x * mpmath.tanh(mp_softplus(x)),
        flush=times_x,
        composite=True,
    ),
    op_record(
        "erf",
        np_erf,
        more=[case("G.erf(x)  (every interval)", [(16,)], public("erf"), np_erf, values=_erf_intervals)],
        grad=[(-2.5, 2.5)],
        ulp=2,
        mp=mpmath.erf,
    ),
    op_record("erfc", np_erfc, grad=[(-2.5, 2.5)], ulp=4, mp=mp_erfc),
    op_record(
        "ndtr",
        np_ndtr,
        examples=[  # the expectation through erf, the reference through erfc
            case("G.ndtr(x)", [(2, 3)], public("ndtr"), lambda x: 0.5 * (1 + np_erf(x / math.sqrt(2)))),
            case("G.ndtr(x)  (every interval of erfc)", [(16,)], public("ndtr"), None, values=_ndtr_points),
        ],
        grad=[(-3.0, 3.0)],
        ulp=4,
        mp=mp_ndtr,
    ),
    op_record(
        "gelu",
        np_gelu_erf,
        examples=[
            case("G.gelu(x)  (exact, erf)", [(2, 3)], public("gelu"), np_gelu_erf),
            case("G.gelu(x, approximate='tanh')", [(2, 3)], lambda x: G.gelu(x, approximate="tanh"), np_gelu_tanh),
        ],
        ulp=4,
        mp=mp_gelu_erf,
        flush=times_x,
        composite=True,
    ),
    op_record(
        "add",
        np.add,
        "binary",
        on=NUMERIC,
        more=[
            case("x + y  (2,3)+(3,)", [(2, 3), (3,)], lambda x, y: x + y, np.add, on=NUMERIC),
            case("x + y  (2,1)+(1,3)", [(2, 1), (1, 3)], lambda x, y: x + y, np.add, on=NUMERIC),
            case("x + y  scalar + matrix", [(), (2, 3)], lambda x, y: x + y, np.add, on=NUMERIC),
            case("x + y  (2,1,4)+(3,1)", [(2, 1, 4), (3, 1)], lambda x, y: x + y, np.add),
            case("x + 1.5", [(2, 3)], lambda x: x + 1.5, lambda x: x + 1.5),
            case("1.5 + x", [(2, 3)], lambda x: 1.5 + x, lambda x: 1.5 + x),
            case("x + 2", [(3,)], lambda x: x + 2, lambda x: x + 2, on=NUMERIC),
            case("2 + x", [(3,)], lambda x: 2 + x, lambda x: 2 + x, on=NUMERIC),
        ],
        grad=[ANY, ANY],
        grad_shapes=[[(2, 3), (2, 3)], [(2, 3), (3,)]],
        ulp=0,
    ),
    op_record(
        "sub",
        np.subtract,
        "binary",
        on=NUMERIC,
        more=[
            case("x - y  (3,1)-(1,4)", [(3, 1), (1, 4)], lambda x, y: x - y, np.subtract, on=NUMERIC),
            case("x - 1", [(2, 3)], lambda x: x - 1, lambda x: x - 1, on=NUMERIC),
            case("1 - x", [(2, 3)], lambda x: 1 - x, lambda x: 1 - x, on=NUMERIC),
            case("0.5 - x", [(4,)], lambda x: 0.5 - x, lambda x: 0.5 - x),
        ],
        grad=[ANY, ANY],
        grad_shapes=[[(2, 3), (2, 1)], [(), (2, 2)]],
        ulp=0,
    ),
    op_record(
        "hadamard_prod",
        np.multiply,
        "binary",
        on=NUMERIC,
        more=[
            case("x * y  (2,1)*(1,3)", [(2, 1), (1, 3)], lambda x, y: x * y, np.multiply, on=NUMERIC),
            case("x * 2.0", [(2, 3)], lambda x: x * 2.0, lambda x: x * 2.0),
            case("2.0 * x", [(2, 3)], lambda x: 2.0 * x, lambda x: 2.0 * x),
            case("3 * x", [(4,)], lambda x: 3 * x, lambda x: 3 * x, on=NUMERIC),
            case("np.float64(3) * x", [(4,)], lambda x: np.float64(3) * x, lambda x: 3 * x),
            case("G.mul(s, m)  scalar × matrix", [(), (2, 3)], public("mul"), np.multiply, on=NUMERIC),
            case("G.mul(m, s)  matrix × scalar", [(2, 3), ()], public("mul"), np.multiply, on=NUMERIC),
            case("G.mul(s, v)  scalar × vector", [(), (5,)], public("mul"), np.multiply, on=NUMERIC),
        ],
        grad=[ANY, ANY],
        grad_shapes=[[(2, 3), (2, 3)], [(4, 1), (1, 3)]],
        ulp=0,
    ),
    op_record(
        "hadamard_div",
        np_div,
        "binary",
        domain="nonzero",
        more=[
            case("x / y  (2,3)/(3,)", [(2, 3), (3,)], lambda x, y: x / y, np.divide, domain="nonzero"),
            case("x / 2.0", [(2, 3)], lambda x: x / 2.0, lambda x: x / 2.0),
            case("2.0 / x", [(2, 3)], lambda x: 2.0 / x, lambda x: 2.0 / x, domain="nonzero"),
            case(
                "x / y  (ints: truncation toward zero, x / 0 = 0)",
                [(8,), (8,)],
                lambda x, y: x / y,
                lambda x, y: np.array([3, -3, -3, 3, 0, 0, 0, 3]),
                on=INTS,
                values=_int_div_values,
            ),
            case("x / 2", [(6,)], lambda x: x / 2, None, on=NUMERIC),
        ],
        grad=[ANY, AWAY],
        grad_shapes=[[(2, 3), (2, 3)], [(3,), ()]],
        ulp=0,
    ),
    op_record(
        "min_between",
        ieee_minimum,
        "binary",
        examples=[
            case("G.min_between(x, y)  (2,3)·(3,)", [(2, 3), (3,)], public("min_between"), np.minimum, on=NUMERIC)
        ],
        grad=[ANY, ANY],
        grad_shapes=[[(2, 3), (3,)]],
        smooth=False,
        ulp=0,
    ),
    op_record(
        "max_between",
        ieee_maximum,
        "binary",
        examples=[
            case(
                "G.max_between(x, 0)",
                [(2, 3)],
                lambda x: G.max_between(x, 0),
                lambda x: np.maximum(x, 0),
                on=NUMERIC,
            )
        ],
        grad=[ANY, ANY],
        smooth=False,
        ulp=0,
    ),
    op_record(
        "pow",
        np.power,
        "binary",
        domain="positive",
        more=[
            case("x ** 2.0", [(2, 3)], lambda x: x**2.0, lambda x: x**2.0, domain="positive"),
            case("x ** 0.5", [(4,)], lambda x: x**0.5, np.sqrt, domain="positive"),
            case("x ** 3.0  (negative bases, integral exponent)", [(6,)], lambda x: x**3.0, lambda x: x**3.0),
            case("2.0 ** x", [(2, 3)], lambda x: 2.0**x, lambda x: 2.0**x),
            case("x ** y  (2,3)**(3,)", [(2, 3), (3,)], lambda x, y: x**y, np.power, domain="positive"),
        ],
        grad=[POS, ANY],
        grad_shapes=[[(2, 3), (2, 3)], [(3,), ()]],
        ulp=4,
        mp=mp_pow,
        sweep=pow_pairs,
    ),
    op_record("lt", np.less, "compare"),
    op_record("gt", np.greater, "compare"),
    op_record("lte", np.less_equal, "compare"),
    op_record("gte", np.greater_equal, "compare"),
    op_record("eq", np.equal, "compare"),
    op_record("ne", np.not_equal, "compare"),
    op_record(
        "broadcast_add",
        None,
        "binary",
        examples=[
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
        composite=True,
    ),
    op_record(
        "broadcast_hadamard_prod",
        None,
        "binary",
        examples=[
            case(
                "G.broadcast_hadamard_prod(x, v, None, [0, 2])",
                [(2, 3, 4), (3,)],
                lambda x, v: G.broadcast_hadamard_prod(x, v, None, [0, 2]),
                lambda x, v: x * v[None, :, None],
            ),
        ],
        composite=True,
    ),
    op_record(
        "broadcast_lt",
        None,
        "compare",
        examples=[
            case(
                "G.broadcast_lt(x, v, True, None, [1])",
                [(2, 3), (2,)],
                lambda x, v: G.broadcast_lt(x, v, True, None, [1]),
                lambda x, v: (x < v[:, None]).astype(x.dtype),
                on=NUMERIC,
            ),
        ],
        composite=True,
    ),
    op_record(
        "auto",
        None,
        "binary",
        examples=[
            case(
                "G.auto(G.broadcast_sub, x, v)",
                [(2, 3), (3,)],
                lambda x, v: G.auto(G.broadcast_sub, x, v),
                np.subtract,
            )
        ],
        composite=True,
    ),
]

BY_NAME: dict[str, OpRecord] = {r.name: r for r in RECORDS}

# ---- the tables the family tests read ------------------------------------------------------------------

COMPOSITES = {r.name for r in RECORDS if r.composite}
EXAMPLES = {r.name: list(r.examples) for r in RECORDS}
GRAD_CASES = {r.name: r.grad_cases() for r in RECORDS if r.grad is not None}
