"""The accuracy contract of the elementwise float ops: sweep inputs, references, the error measure, bounds.

Shared by ``tests/test_accuracy.py`` (which asserts the bounds) and ``bench/accuracy.py`` (which prints
the measured worst case per op and dtype). The elementwise ops' cases and bounds come from their records
(``ulp=``, ``mp=``, ``sweep=``, ``flush=`` in tests/examples_elementwise.py); this module adds the
expressions gorgonia-stabilize rewrites, gelu's tanh form and the row ops, and the error measure. The
inputs are ``tests/sweeps.py``'s. Every op is compiled once per dtype through ``G.function``
on one large input array (thousands of values per compile) and compared with

* a reference evaluated in ``mpmath`` at 256 bits and correctly rounded to float64 (float32 results
  are compared with it rounded once more to float32), or, for ops that IEEE 754 rounds correctly
  (``+ - * / sqrt``, ``min``, ``max``, ``abs`` …), numpy in float64: exact for float64, and exact after
  rounding for float32 inputs (float64 carries more than 2·24 + 2 bits, so double rounding is harmless);
* numpy, for the special values: NaN exactly where numpy gives NaN, and results of ±0, ±inf and NaN
  operands equal to numpy's (same infinity, same sign of zero).

The error of one result is ``|got - ref| / ulp(ref)`` with ``ref`` the correctly rounded reference in
the result's dtype and ``ulp(ref) = np.spacing(max(|ref|, tiny))``: below the smallest normal ``tiny``
the unit is the subnormal spacing. An infinity counts as ``2**(emax + 1)``, one ulp past the largest
finite value (so ``exp`` returning inf where the rounded value is ``max`` is 1 ulp, not infinitely,
wrong). Where the correctly rounded result is subnormal, any result of magnitude at most ``tiny`` with
the right sign (or a zero) counts as exact: IREE's CPU code flushes subnormal results to zero (every
subnormal product, quotient and ``exp`` of the sweep comes back as 0). ``swish``, ``mish`` and ``gelu``
are x·g(x) with g(x) flushed where it is subnormal, so they may return 0 below |x|·tiny, and
log_softmax and log_sum_exp sum a row's ROW terms exp(x_j - max), each flushed where subnormal, so
they may return 0 below ROW·tiny. The row ops (softmax, log_softmax, log_sum_exp) are measured in ulp
of ``max(|ref|, condition_scale)``.

>>> m = measure("exp", "float64")  # doctest: +SKIP
>>> m.worst() <= BOUNDS["exp"]["float64"]  # doctest: +SKIP
True
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

import mpmath
import numpy as np
from examples_elementwise import (
    RECORDS,
    mp_sigmoid,
    mp_softplus,
    np_gelu_tanh,
    np_sigmoid,
    np_softplus,
    times_x,
)
from op_cases import public
from sweeps import PREC, ROW, exp_edges, near_minus_one, rows, sweep

import gorgonia_mlir as G

DTYPES = {"float32": (G.Float32, np.float32), "float64": (G.Float64, np.float64)}

# ---- the contract: op -> worst error in ulp allowed per dtype (docs/accuracy.md quotes this table) -------
# The elementwise ops' bounds are their records' ``ulp``; these are the other cases'.
EXTRA_BOUNDS: dict[str, dict[str, float]] = {
    # x·σ(2u) with 2u in two words (σ's relative error is 2u's absolute error, and |2u| reaches 88 / 709)
    "gelu_tanh": {"float32": 4, "float64": 4},
    # expressions gorgonia-stabilize rewrites into the ops above: log σ(x), log(1 + x), log(1 - x),
    # exp(x) - 1, 1 - σ(x), log1p(exp x), log1p(-σ(x))
    "log_of_sigmoid": {"float32": 4, "float64": 4},
    "log_of_one_plus": {"float32": 4, "float64": 4},
    "log_of_one_minus": {"float32": 4, "float64": 4},
    "exp_minus_one": {"float32": 4, "float64": 4},
    "one_minus_sigmoid": {"float32": 4, "float64": 4},
    "log1p_of_exp": {"float32": 4, "float64": 4},
    "log1p_of_minus_sigmoid": {"float32": 4, "float64": 4},
    # along axis 1 of (n, 8) rows, in ulp of max(|ref|, condition_scale) (they are ill-conditioned):
    # exp's error, the 7 roundings of the row's sum (up to 3.5 ulp), and the division or log
    "softmax": {"float32": 6, "float64": 6},
    "log_softmax": {"float32": 6, "float64": 6},
    "log_sum_exp": {"float32": 6, "float64": 6},
}


# ---- references ----------------------------------------------------------------------------------------


def _mp_gelu_tanh(x):
    # ½x(1 + tanh u) = x·sigmoid(2u): the same value without the cancellation of 1 + tanh u at u << 0
    u = mpmath.sqrt(2 / mpmath.pi) * (x + mpmath.mpf(0.044715) * x**3)
    return x * mp_sigmoid(2 * u)


def _np_log_sum_exp(x):
    m = np.max(x, axis=1, keepdims=True)
    m = np.where(np.isfinite(m), m, 0)
    return (np.log(np.sum(np.exp(x - m), axis=1, keepdims=True)) + m)[:, 0]


def _np_log_softmax(x):
    shifted = x - x.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def _np_softmax(x):
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _mp_row(kind: str, row: list):
    xs = [mpmath.mpf(v) for v in row]
    m = max(xs)
    terms = [mpmath.exp(v - m) for v in xs]
    # Σ exp(x - m) = 1 + rest, rest without the maximum's own 1: log1p(rest) keeps a rest below 2**-PREC
    rest = mpmath.fsum(t for v, t in zip(xs, terms, strict=True) if v < m) + (xs.count(m) - 1)
    if kind == "log_sum_exp":
        return [m + mpmath.log1p(rest)]
    if kind == "softmax":
        return [t / (1 + rest) for t in terms]
    return [(v - m) - mpmath.log1p(rest) for v in xs]


@dataclass(frozen=True)
class Op:
    """One op of the contract: how to build it, its inputs, its mpmath and numpy meanings."""

    name: str
    build: Callable  # (*nodes) -> node
    np_fn: Callable  # numpy meaning (float64): NaN pattern, special values, and the reference if exact
    mp_fn: Callable | None = None  # exact meaning on mpf scalars; None: np_fn in float64 is exact
    inputs: Callable | None = None  # binary and row ops: (np dtype, name) -> arrays; unary ops use sweep + extra
    arity: int = 1  # 1, 2, or 0 for the (n, 8) row ops
    extra: tuple = field(default_factory=tuple)  # more unary inputs: functions of the np dtype
    flush_factor: Callable | None = None  # x -> f: results below f·tiny may be 0 (a flushed subnormal factor)


def _unary(name, np_fn, mp_fn=None, extra=(), build=None, flush_factor=None):
    return Op(name, build or public(name), np_fn, mp_fn, arity=1, extra=tuple(extra), flush_factor=flush_factor)


def _row_terms(x):
    # log Σ exp(x - m) sums ROW terms, each flushed to 0 by IREE's CPU code where it is subnormal
    return ROW


def _along(name, np_fn):
    build = (lambda x: getattr(G, name)(x, 1)) if name == "log_sum_exp" else (lambda x: getattr(G, name)(x, axis=1))
    flush = _row_terms if name.startswith("log") else None
    return Op(name, build, np_fn, functools.partial(_mp_row, name), inputs=rows, arity=0, flush_factor=flush)


def _from_record(r) -> Op:
    if r.arity == 1:
        return _unary(r.name, r.numpy, r.mp, r.sweep, flush_factor=r.flush)
    return Op(r.name, public(r.name), r.numpy, r.mp, inputs=r.sweep, arity=2)


def _extra_unary() -> list[Op]:
    # gelu's tanh form, and the fragile expressions that gorgonia-stabilize rewrites (log σ(x) →
    # -softplus(-x), ...): the rewritten graph must be as accurate as the op it becomes.
    return [
        _unary(
            "gelu_tanh",
            np_gelu_tanh,
            _mp_gelu_tanh,
            build=lambda x: G.gelu(x, approximate="tanh"),
            flush_factor=times_x,
        ),
        _unary(
            "log_of_sigmoid",
            lambda x: -np_softplus(-x),
            lambda x: -mp_softplus(-x),
            build=lambda x: G.log(G.sigmoid(x)),
        ),
        _unary("log_of_one_plus", np.log1p, mpmath.log1p, extra=[near_minus_one], build=lambda x: G.log(1.0 + x)),
        _unary("log_of_one_minus", lambda x: np.log1p(-x), lambda x: mpmath.log1p(-x), build=lambda x: G.log(1.0 - x)),
        _unary("exp_minus_one", np.expm1, mpmath.expm1, extra=[exp_edges], build=lambda x: G.exp(x) - 1.0),
        _unary(
            "one_minus_sigmoid", lambda x: np_sigmoid(-x), lambda x: mp_sigmoid(-x), build=lambda x: 1.0 - G.sigmoid(x)
        ),
        _unary("log1p_of_exp", np_softplus, mp_softplus, build=lambda x: G.log1p(G.exp(x))),
        _unary(
            "log1p_of_minus_sigmoid",
            lambda x: -np_softplus(x),
            lambda x: -mp_softplus(x),
            build=lambda x: G.log1p(-G.sigmoid(x)),
        ),
    ]


def _ops() -> dict[str, Op]:
    measured = [r for r in RECORDS if r.ulp is not None]
    ops = [
        *(_from_record(r) for r in measured if r.arity == 1),
        *_extra_unary(),
        *(_from_record(r) for r in measured if r.arity == 2),
        _along("softmax", _np_softmax),
        _along("log_softmax", _np_log_softmax),
        _along("log_sum_exp", _np_log_sum_exp),
    ]
    return {op.name: op for op in ops}


OPS: dict[str, Op] = _ops()
BOUNDS: dict[str, dict[str, float]] = {r.name: r.ulp for r in RECORDS if r.ulp is not None} | EXTRA_BOUNDS


def _inputs(op: Op, dt) -> tuple[np.ndarray, ...]:
    if op.arity == 1:
        return (np.concatenate([sweep(dt), *(f(dt) for f in op.extra)]),)
    return tuple(np.atleast_1d(a) for a in np.broadcast_arrays(*_as_tuple(op.inputs(dt, op.name))))


def _as_tuple(v):
    return v if isinstance(v, tuple) else (v,)


def compiled_result(op: Op, dtype: str, inputs: tuple[np.ndarray, ...]) -> np.ndarray:
    """``op`` on ``inputs`` through the real pipeline: one graph, one ``G.function`` compile."""
    gdt = DTYPES[dtype][0]
    g = G.Graph()
    nodes = [G.tensor(g, gdt, shape=a.shape, name=f"x{i}") for i, a in enumerate(inputs)]
    f = G.function(nodes, [op.build(*nodes)], name="accuracy")
    try:
        (out,) = f(*inputs)
    finally:
        f.close()
    return np.asarray(out)


def _numpy_meaning(op: Op, inputs64: tuple[np.ndarray, ...]) -> np.ndarray:
    with np.errstate(all="ignore"):
        return np.asarray(op.np_fn(*inputs64), np.float64)


def _mp_reference(op: Op, inputs64, want: np.ndarray) -> np.ndarray:
    """mpmath values, correctly rounded to float64, where ``want`` (NaN elsewhere)."""
    ref = np.full(want.shape, np.nan)
    with mpmath.workprec(PREC):
        if op.arity == 0:  # one mpmath evaluation per row
            (x,) = inputs64
            for i in np.flatnonzero(want.any(axis=1) if want.ndim == 2 else want):
                values = [float(v) for v in op.mp_fn(list(x[i]))]
                ref[i] = values if want.ndim == 2 else values[0]
            return ref
        for i in np.flatnonzero(want):
            ref.flat[i] = float(op.mp_fn(*(mpmath.mpf(float(a.flat[i])) for a in inputs64)))
    return ref


@dataclass
class Measurement:
    """The compiled results of one op and dtype next to their references."""

    op: str
    dtype: str
    inputs: tuple[np.ndarray, ...]
    got: np.ndarray
    expected: np.ndarray  # correctly rounded reference in the dtype (numpy's value for special operands)
    special: np.ndarray  # mask: some operand is ±0, ±inf or NaN (or numpy's result is NaN): exact match
    ulp: np.ndarray  # error in ulp (0 for specials that match, inf for a broken special)
    rows: bool = False  # a row op: a result depends on its whole input row

    def _selected(self, kind: str) -> np.ndarray:
        # "values": ordinary results, measured in ulp where the bound is promised; "specials": exact ones
        return self.special if kind == "specials" else ~self.special

    def worst(self, kind: str = "values") -> float:
        """The largest error in ulp over ``kind`` ("values" or "specials": inf when one is wrong)."""
        sel = self.ulp[self._selected(kind)]
        return float(sel.max()) if sel.size else 0.0

    def failures(self, bound: float, kind: str = "values", limit: int = 8) -> list[str]:
        """Up to ``limit`` lines ``op(inputs) = got, expected ref (ulp)`` of ``kind`` worse than ``bound``."""
        bad = np.flatnonzero((self.ulp > bound) & self._selected(kind))
        order = bad[np.argsort(-self.ulp.flat[bad], kind="stable")][:limit]
        lines = []
        for i in order:
            args = ", ".join(_operand(a, i, self.got.shape, self.rows) for a in self.inputs)
            lines.append(
                f"{self.op}({args}) [{self.dtype}] = {float(self.got.flat[i])!r}, "
                f"expected {float(self.expected.flat[i])!r} ({self.ulp.flat[i]:.3g} ulp)"
            )
        return lines


def _operand(a: np.ndarray, i: int, shape, rows: bool) -> str:
    if not rows:
        return repr(float(a.flat[i]))
    row, *col = np.unravel_index(i, shape)
    text = np.array2string(a[row].astype(np.float64), precision=17, separator=", ", max_line_width=10**4)
    return f"row {text}" + (f" at {col[0]}" if col else "")


def condition_scale(name: str, x: np.ndarray) -> np.ndarray:
    """Σ_j |∂f_i/∂x_j|·|x_j| of a row op: how much perturbing every input by its own relative ε moves f_i.

    The row ops are ill-conditioned (softmax(x)_i moves by |x_i - max x|·ε when x_i moves by one ulp),
    so their results are measured in ulp of ``max(|ref|, this scale)``: few ulp of it is what a
    backward-stable algorithm returns.
    """
    with np.errstate(all="ignore"):
        s = np.nan_to_num(_np_softmax(x))
        ax = np.where(np.isfinite(x), np.abs(x), 0)
        weighted = np.sum(s * ax, axis=1, keepdims=True)
        if name == "log_sum_exp":
            return weighted[:, 0]
        # ∂/∂x_j = δ_ij − s_j: |x_i|·Σ_{j≠i} s_j + Σ_{j≠i} s_j·|x_j|, summed without the i-th term (1 − s_i
        # and weighted − s_i·|x_i| cancel to 0 in float64 where s_i ≈ 1)
        others = 1 - np.eye(x.shape[1])
        log_sm = ax * (s @ others) + (s * ax) @ others
        return log_sm if name == "log_softmax" else s * log_sm


def ulp_error(got: np.ndarray, ref: np.ndarray, dt, scale: np.ndarray | float = 0.0, flush=1.0) -> np.ndarray:
    """``|got - ref|`` in units of ``np.spacing(max(|ref|, scale, tiny))`` (see the module docstring);
    a zero (or a subnormal of the right sign) where ``|ref| < flush·tiny`` counts as exact."""
    fi = np.finfo(dt)
    g = got.astype(np.float64)
    r = ref.astype(np.float64)
    both_inf = np.isinf(g) & np.isinf(r) & (np.sign(g) == np.sign(r))
    with np.errstate(invalid="ignore"):
        size = np.nan_to_num(np.maximum(np.abs(r), scale), nan=np.inf)
    below_max = np.nextafter(dt(fi.max), dt(0))  # np.spacing(max) is inf; its binade's spacing is this one's
    unit = np.spacing(np.clip(size, fi.tiny, below_max).astype(dt)).astype(np.float64)
    top = np.float64(fi.max)  # measure an infinity as one ulp of max past max
    top_ulp = np.float64(np.spacing(below_max))
    gs, rs = np.sign(g), np.sign(r)
    with np.errstate(invalid="ignore", over="ignore"):
        gg = np.where(np.isinf(g), gs * top, g)
        rr = np.where(np.isinf(r), rs * top, r)
        extra = np.isinf(g) ^ np.isinf(r)
        err = np.abs(gg - rr) / unit + np.where(extra, top_ulp / unit, 0)
    flushed = (np.abs(r) < flush * fi.tiny) & ((g == 0) | ((np.abs(g) <= fi.tiny) & (gs == rs)))
    err = np.where(both_inf | flushed, 0.0, err)
    return np.where(np.isnan(err), np.inf, err)


@functools.cache
def measure(name: str, dtype: str) -> Measurement:
    """Compile ``name`` for ``dtype``, run it on the sweep, and measure every result against the reference."""
    op = OPS[name]
    dt = DTYPES[dtype][1]
    inputs = _inputs(op, dt)
    got = compiled_result(op, dtype, inputs)
    inputs64 = tuple(a.astype(np.float64) for a in inputs)
    meaning = _numpy_meaning(op, inputs64)
    if op.arity == 0:
        operand_special = ~np.isfinite(inputs64[0])
        operand_special = operand_special if meaning.ndim == 2 else operand_special.any(axis=1)
    else:
        operand_special = np.zeros(got.shape, bool)
        for a in inputs64:
            operand_special |= ~np.isfinite(a) | (a == 0)
    # NaN, and ±0/±inf results of special operands, must equal numpy's exactly
    special = np.isnan(meaning) | (operand_special & (np.isinf(meaning) | (meaning == 0)))
    # other results of special operands (exp(0) = 1, tanh(inf) = 1) are exact in numpy; rows go to mpmath
    from_numpy = special | (operand_special if op.arity else False)
    if op.mp_fn is None:
        ref64 = meaning
    else:
        ref64 = np.where(from_numpy, meaning, _mp_reference(op, inputs64, ~from_numpy))
    with np.errstate(over="ignore"):
        expected = ref64.astype(dt)
    scale = condition_scale(name, inputs64[0]) if op.arity == 0 else 0.0
    flush = op.flush_factor(inputs64[0]) if op.flush_factor else 1.0
    ulp = ulp_error(got, expected, dt, scale, flush)
    exact = (np.isnan(got) & np.isnan(expected)) | (
        (got == expected) & (np.signbit(got) == np.signbit(expected)) & ~np.isnan(expected)
    )
    ulp = np.where(special, np.where(exact, 0.0, np.inf), ulp)
    ulp = np.where(np.isnan(got) & ~np.isnan(expected), np.inf, ulp)
    return Measurement(name, dtype, inputs, got, expected, special, ulp, rows=op.arity == 0)
