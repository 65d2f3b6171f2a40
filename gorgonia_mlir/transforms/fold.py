"""Constant folding's own table: ``FOLDERS[name](operands, attrs) -> array | None`` for ``gorgonia-canonicalize``.

A folded constant must be, bit for bit, what the unfolded program computes: only exact or correctly rounded
IEEE/integer ops and data movement are here, after the lowering's semantics, not the tests' numpy oracle.
Transcendentals (exp, log, tanh, sin, pow, ...) are not folded: numpy's rounding differs from our kernels
(``lowering/libm.py``) by up to a few ulp; nor are sums and contractions (the compiled summation order is
not numpy's). A folder returns None (the op stays) near underflow, since IREE's CPU runtime flushes
subnormals (FTZ/DAZ), and where the compiled value is undefined (integer ``MIN / -1``).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..dialect.shape import dtype_named

Folder = Callable[[list[np.ndarray], dict], np.ndarray | None]


def _float(x: np.ndarray) -> bool:
    return x.dtype.kind == "f"


def _near_underflow(x: np.ndarray, bound_included: bool) -> bool:
    # subnormal entries, with the smallest normal itself when bound_included
    if not _float(x):
        return False
    m, tiny = np.abs(x), np.finfo(x.dtype).smallest_normal
    return bool(np.any((m > 0) & ((m <= tiny) if bound_included else (m < tiny))))


def arithmetic(fold: Folder, rounds: bool = True) -> Folder:
    """``fold``, declining subnormal operands and results (and the smallest normal when ``fold`` rounds)."""

    def checked(ins, attrs):
        if any(_near_underflow(x, False) for x in ins):
            return None
        r = fold(ins, attrs)
        return None if r is None or _near_underflow(np.asarray(r), rounds) else r

    return checked


def _by_kind(on_float, on_int):
    """An elementwise folder picking the float or the integer semantics from the first operand (as the lowering)."""

    def fold(ins, attrs):
        f = on_float if _float(ins[0]) else on_int
        return np.asarray(f(*np.broadcast_arrays(*ins))).astype(ins[0].dtype)

    return fold


def _same(f):
    return _by_kind(f, f)


def _int_div(x, y):
    # arith.divsi truncates toward zero; the lowering defines x / 0 = 0. MIN / -1 is undefined (divsi): no fold.
    if np.any((x == np.iinfo(x.dtype).min) & (y == -1)):
        return None
    safe = np.where(y == 0, 1, y).astype(y.dtype)
    q = np.floor_divide(x, safe)
    q = q + ((x - q * safe != 0) & ((x < 0) != (safe < 0))).astype(x.dtype)  # floor → toward zero
    return np.where(y == 0, 0, q).astype(x.dtype)


def _div(ins, attrs):
    x, y = np.broadcast_arrays(*ins)
    return np.divide(x, y) if _float(x) else _int_div(x, y)


def _minimum(x, y):
    # arith.minimumf (IEEE 754-2019 minimum): NaN propagates, -0 < +0 (np.minimum returns its first ±0)
    r = np.where(x < y, x, y)
    r = np.where((x == y) & np.signbit(x), x, r)
    return np.where(np.isnan(x), x, np.where(np.isnan(y), y, r))


def _maximum(x, y):
    # arith.maximumf: NaN propagates, +0 > -0
    r = np.where(x > y, x, y)
    r = np.where((x == y) & ~np.signbit(x), x, r)
    return np.where(np.isnan(x), x, np.where(np.isnan(y), y, r))


def _sign(x):
    # the lowering's select chain: 1 above zero, -1 below, +0 for ±0, NaN stays
    one = np.ones_like(x)
    return np.where(x > 0, one, np.where(x < 0, -one, np.where(x == 0, 0 * one, x)))


def _compare(f) -> Folder:
    def fold(ins, attrs):
        c = np.asarray(f(ins[0], ins[1]))  # ordered predicates (NaN → false), ne unordered (NaN ≠ NaN)
        return c.astype(ins[0].dtype) if attrs.get("ret_same", False) else c

    return fold


def _to_int(x: np.ndarray, to: np.dtype) -> np.ndarray:
    # the lowering's saturating fptosi: truncate toward zero, clamp to [MIN, MAX], NaN → 0
    bits = np.iinfo(to).bits
    lo, hi = -(2.0 ** (bits - 1)), 2.0 ** (bits - 1)
    wide = x.astype(np.float64)  # exact for f32 and f64, and the bounds are powers of two
    inside = (wide >= lo) & (wide < hi)
    r = np.trunc(np.where(inside, wide, 0.0)).astype(to)
    r = np.where(wide >= hi, np.iinfo(to).max, r)
    return np.where(wide < lo, np.iinfo(to).min, r).astype(to)


def _cast(ins, attrs):
    x, to = ins[0], dtype_named(attrs["dtype"]).np
    if _float(x) and to.kind == "i":
        return _to_int(x, to)
    return x.astype(to)  # f↔f, int→f round to nearest even; int↔int wraps / sign-extends; bool reads 0/1


def _window(offsets, sizes, strides) -> tuple[slice, ...]:
    return tuple(slice(o, o + (n - 1) * s + 1, s) for o, n, s in zip(offsets, sizes, strides, strict=True))


def _insert_slice(ins, attrs):
    out = np.zeros(tuple(attrs["shape"]), dtype=ins[0].dtype)
    out[_window(attrs["offsets"], ins[0].shape, attrs["strides"])] = ins[0]
    return out


def _by_indices(ins, attrs):
    x, indices = ins
    axis = attrs["axis"] % x.ndim
    return np.take(x, np.clip(indices.astype(np.int64), 0, x.shape[axis] - 1), axis=axis)  # clamped, as lowered


# Elementwise ops and casts: one IEEE operation (or exact integer arithmetic) per entry.
ROUNDED: dict[str, Folder] = {
    "square": _same(lambda x: x * x),
    "sqrt": _same(np.sqrt),  # correctly rounded in IEEE
    "add": _same(np.add),
    "sub": _same(np.subtract),
    "hadamard_prod": _same(np.multiply),
    "hadamard_div": _div,
    "outer_prod": lambda ins, attrs: np.multiply.outer(ins[0], ins[1]),  # one product per entry, no sum
    "conv_float": _cast,
}
EXACT: dict[str, Folder] = {
    "neg": _same(np.negative),  # negf flips the sign bit; subi(0, x) wraps as numpy does
    "abs": _same(np.abs),  # absf clears the sign bit; absi(MIN) = MIN as numpy
    "rectify": _by_kind(lambda x: _maximum(x, np.zeros_like(x)), lambda x: np.maximum(x, 0)),
    "sign": _same(_sign),
    "ceil": _same(np.ceil),
    "floor": _same(np.floor),
    "min_between": _by_kind(_minimum, np.minimum),
    "max_between": _by_kind(_maximum, np.maximum),
    "lt": _compare(np.less),
    "gt": _compare(np.greater),
    "lte": _compare(np.less_equal),
    "gte": _compare(np.greater_equal),
    "eq": _compare(np.equal),
    "ne": _compare(np.not_equal),
    "conv_type": _cast,  # float → int truncates, int → float never lands near underflow
}
# Elementwise ops and casts: one IEEE operation (or exact integer arithmetic) per entry.
FOLDERS: dict[str, Folder] = {
    **{name: arithmetic(f) for name, f in ROUNDED.items()},
    **{name: arithmetic(f, rounds=False) for name, f in EXACT.items()},
}
# Data movement: the bits of the operands, moved (subnormals included).
FOLDERS.update(
    {
        "reshape": lambda ins, attrs: ins[0].reshape(tuple(attrs["shape"])),
        "transpose": lambda ins, attrs: np.transpose(ins[0], tuple(attrs["perm"])),
        "broadcast_to": lambda ins, attrs: np.broadcast_to(ins[0], tuple(attrs["shape"])).copy(),
        "slice": lambda ins, attrs: ins[0][_window(attrs["offsets"], attrs["sizes"], attrs["strides"])].copy(),
        "insert_slice": _insert_slice,
        "concat": lambda ins, attrs: np.concatenate(ins, axis=attrs["axis"]),
        "by_indices": _by_indices,
    }
)
