"""Scalar bodies of the elementwise math ops (lowered as linalg.generic by the shared elementwise rule).

sin, cos, log1p, expm1 and softplus use our own kernels (``libm.py``): IREE 3.13 cannot lower f64
``math.sin``/``math.cos`` for llvm-cpu, expands f64 log1p/expm1 naively and gets f32 sin wrong.
"""

from __future__ import annotations

from iree.compiler.dialects import arith
from iree.compiler.dialects import math as mmath

from . import libm
from . import linalg_ir as lir
from .linalg_ir import const_like as _c
from .to_linalg import LOWERINGS, SCALAR


def _sign(x):
    # 1 above zero, -1 below, +0 for ±0 (numpy's np.sign(-0.0) is +0.0), x itself otherwise (NaN)
    zero, one, minus = _c(x, 0), _c(x, 1), _c(x, -1)
    if lir.is_float(x):
        gt, lt, eq = arith.CmpFPredicate.OGT, arith.CmpFPredicate.OLT, arith.CmpFPredicate.OEQ
        above, below = arith.cmpf(gt, x, zero), arith.cmpf(lt, x, zero)
        rest = arith.select(arith.cmpf(eq, x, zero), zero, x)
    else:
        above = arith.cmpi(arith.CmpIPredicate.sgt, x, zero)
        below = arith.cmpi(arith.CmpIPredicate.slt, x, zero)
        rest = x
    return arith.select(above, one, arith.select(below, minus, rest))


SCALAR.update(
    {
        "abs": lir.by_type(mmath.absf, mmath.absi),
        "sign": _sign,
        "ceil": mmath.ceil,
        "floor": mmath.floor,
        "sin": libm.sin,
        "cos": libm.cos,
        "log1p": libm.log1p,
        "expm1": libm.expm1,
        "softplus": libm.softplus,
        "min_between": lir.by_type(arith.minimumf, arith.minsi),
        "max_between": lir.by_type(arith.maximumf, arith.maxsi),
    }
)
LOWERINGS.update(
    {
        name: lir.elementwise_rule(SCALAR[name])
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
