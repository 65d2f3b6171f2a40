"""Lowering of the elementwise family: the scalar body of every unary/binary math op (``SCALAR``; the
package derives each one's ``LOWERINGS`` entry, a ``linalg.generic`` with numpy broadcasting) and the
comparison rule.

exp, tanh, sigmoid, sin, cos, log1p, expm1, softplus, pow, erf and ndtr use our own kernels
(``libm.py``, ``erf.py``): IREE 3.13 cannot lower several f64 ``math`` ops for llvm-cpu, expands f64
log1p/expm1 naively and gets f32 sin wrong (docs/accuracy.md).
"""

from __future__ import annotations

from iree.compiler.dialects import arith
from iree.compiler.dialects import math as mmath

from . import erf, libm
from . import linalg_ir as lir
from .linalg_ir import Rule
from .linalg_ir import const_like as _c
from .to_linalg import LOWERINGS, SCALAR


def _int_div(x, y):
    # Integer division truncates (Go semantics); division by zero yields 0 instead of trapping.
    zero, one = lir.zero_like(y), lir.scalar_const(y.type, 1)
    is_zero = arith.cmpi(arith.CmpIPredicate.eq, y, zero)
    safe = arith.select(is_zero, one, y)
    return arith.select(is_zero, zero, arith.divsi(x, safe))


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
        "neg": lir.by_type(arith.negf, lambda x: arith.subi(lir.zero_like(x), x)),
        "square": lir.by_type(lambda x: arith.mulf(x, x), lambda x: arith.muli(x, x)),
        "rectify": lir.by_type(
            lambda x: arith.maximumf(x, lir.zero_like(x)), lambda x: arith.maxsi(x, lir.zero_like(x))
        ),
        "exp": libm.exp,
        "log": mmath.log,
        "tanh": libm.tanh,
        "sigmoid": libm.sigmoid,
        "sqrt": mmath.sqrt,
        "add": lir.by_type(arith.addf, arith.addi),
        "sub": lir.by_type(arith.subf, arith.subi),
        "hadamard_prod": lir.by_type(arith.mulf, arith.muli),
        "hadamard_div": lir.by_type(arith.divf, _int_div),
        "pow": libm.pow,
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
        "erf": erf.erf,
        "erfc": erf.erfc,
        "ndtr": erf.ndtr,
    }
)

_CMP = {  # op → (arith.cmpf predicate, arith.cmpi predicate); une: NaN != NaN as in numpy
    "lt": ("olt", "slt"),
    "gt": ("ogt", "sgt"),
    "lte": ("ole", "sle"),
    "gte": ("oge", "sge"),
    "eq": ("oeq", "eq"),
    "ne": ("une", "ne"),
}


def _compare(name: str) -> Rule:
    pf, pi = _CMP[name]

    def rule(ins, attrs, outs):
        out_type = outs[0].dtype.mlir_type()

        def body(x, y):
            if lir.is_float(x):
                c = arith.cmpf(getattr(arith.CmpFPredicate, pf.upper()), x, y)
            else:
                # Bool (i1) orders unsigned: signed i1 reads true as -1, so true < false.
                pred = pi.replace("s", "u", 1) if str(x.type) == "i1" else pi
                c = arith.cmpi(getattr(arith.CmpIPredicate, pred), x, y)
            if not attrs.get("ret_same", False):
                return c
            return arith.select(c, lir.scalar_const(out_type, 1), lir.scalar_const(out_type, 0))

        return [lir.elementwise(ins, outs[0], body)]

    return rule


LOWERINGS.update({name: _compare(name) for name in _CMP})
