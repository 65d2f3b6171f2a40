"""Scalar bodies of the elementwise math ops (lowered as linalg.generic by the shared elementwise rule).

IREE 3.13 cannot lower f64 ``math.sin``/``math.cos`` for llvm-cpu (they become libm calls the device
code cannot link), so f64 uses fdlibm's kernels: Cody–Waite reduction by π/2 (accurate to ~1 ulp for
|x| up to ~1e6) and the degree-13/14 minimax polynomials, with the quadrant selecting sin or cos.
"""

from __future__ import annotations

from iree.compiler import ir
from iree.compiler.dialects import arith
from iree.compiler.dialects import math as mmath

from . import builders as b
from .to_linalg import LOWERINGS, SCALAR, _by_type, _elementwise, _is_float

_S = (
    -1.66666666666666324348e-01,
    8.33333333332248946124e-03,
    -1.98412698298579493134e-04,
    2.75573137070700676789e-06,
    -2.50507602534068634195e-08,
    1.58969099521155010221e-10,
)
_C = (
    4.16666666666666019037e-02,
    -1.38888888888741095749e-03,
    2.48015872894767294178e-05,
    -2.75573143513906633035e-07,
    2.08757232129817482790e-09,
    -1.13596475577881948265e-11,
)
_PIO2_1 = 1.57079632673412561417e00  # first 33 bits of π/2
_PIO2_1T = 6.07710050650619224932e-11  # π/2 - _PIO2_1
_INVPIO2 = 6.36619772367581382433e-01


def _c(x: ir.Value, v) -> ir.Value:
    return b.scalar_const(x.type, v)


def _horner(coeffs, z):
    acc = _c(z, coeffs[-1])
    for c in reversed(coeffs[:-1]):
        acc = arith.addf(arith.mulf(acc, z), _c(z, c))
    return acc


def _sin_cos_f64(x: ir.Value, want_cos: bool) -> ir.Value:
    k = mmath.roundeven(arith.mulf(x, _c(x, _INVPIO2)))
    r = arith.subf(arith.subf(x, arith.mulf(k, _c(x, _PIO2_1))), arith.mulf(k, _c(x, _PIO2_1T)))
    z = arith.mulf(r, r)
    sin_r = arith.addf(r, arith.mulf(arith.mulf(z, r), _horner(_S, z)))
    cos_r = arith.addf(arith.subf(_c(x, 1.0), arith.mulf(_c(x, 0.5), z)), arith.mulf(arith.mulf(z, z), _horner(_C, z)))
    i64 = ir.IntegerType.get_signless(64)
    q = arith.andi(arith.fptosi(i64, k), arith.constant(i64, 3))
    if want_cos:  # cos(r + qπ/2): cos, -sin, -cos, sin
        q = arith.addi(q, arith.constant(i64, 1))
        q = arith.andi(q, arith.constant(i64, 3))
    odd = arith.cmpi(arith.CmpIPredicate.eq, arith.andi(q, arith.constant(i64, 1)), arith.constant(i64, 1))
    value = arith.select(odd, cos_r, sin_r)
    negative = arith.cmpi(arith.CmpIPredicate.uge, q, arith.constant(i64, 2))
    return arith.select(negative, arith.negf(value), value)


def _sin(x):
    return _sin_cos_f64(x, False) if str(x.type) == "f64" else mmath.sin(x)


def _cos(x):
    return _sin_cos_f64(x, True) if str(x.type) == "f64" else mmath.cos(x)


def _sign(x):
    # 1 above zero, -1 below, x itself otherwise (keeps ±0 and NaN)
    zero, one, minus = _c(x, 0), _c(x, 1), _c(x, -1)
    if _is_float(x):
        gt, lt = arith.CmpFPredicate.OGT, arith.CmpFPredicate.OLT
        above, below = arith.cmpf(gt, x, zero), arith.cmpf(lt, x, zero)
    else:
        above = arith.cmpi(arith.CmpIPredicate.sgt, x, zero)
        below = arith.cmpi(arith.CmpIPredicate.slt, x, zero)
    return arith.select(above, one, arith.select(below, minus, x))


def _softplus(x):
    # log(1 + e^x) = max(x, 0) + log1p(e^(-|x|)): no overflow for large x, no loss for very negative x
    return arith.addf(arith.maximumf(x, _c(x, 0.0)), mmath.log1p(mmath.exp(arith.negf(mmath.absf(x)))))


SCALAR.update(
    {
        "abs": _by_type(mmath.absf, mmath.absi),
        "sign": _sign,
        "ceil": mmath.ceil,
        "floor": mmath.floor,
        "sin": _sin,
        "cos": _cos,
        "log1p": mmath.log1p,
        "expm1": mmath.expm1,
        "softplus": _softplus,
        "min_between": _by_type(arith.minimumf, arith.minsi),
        "max_between": _by_type(arith.maximumf, arith.maxsi),
    }
)
LOWERINGS.update(
    {
        name: _elementwise(name)
        for name in (
            "abs",
            "sign",
            "ceil",
            "floor",
            "sin",
            "cos",
            "log1p",
            "expm1",
            "softplus",
            "min_between",
            "max_between",
        )
    }
)
