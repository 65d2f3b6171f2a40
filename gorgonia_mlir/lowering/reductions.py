"""Lowering of the reductions family.

``max`` / ``min`` / ``prod`` are one reducing ``linalg.generic`` each (``linalg_ir.reduce``) starting at
their identity: -inf / +inf for floats, INT_MIN / INT_MAX for integers, 1. Floats combine with
``arith.maximumf`` / ``minimumf``, which propagate NaN (as ``numpy.max``). ``log_sum_exp`` is
m + log1p(s) with m the max and s = Σ_{x < m} exp(x - m) + (count(x == m) - 1) (``sum_below_max``):
the maximum's own 1 is left out of the sum, so a tiny s is not rounded away in 1 + s; a non-finite
m (all -inf, +inf, NaN) is the result itself. ``argmax`` / ``argmin`` are two associative reductions
(the extremum, then the smallest index that reaches it), so IREE may split or reorder them freely.
``batched_matmul`` is ``linalg.batch_matmul`` with transposed indexing maps instead of materialised
transposes and ``tensordot`` is ``linalg.contract`` (a ``linalg.generic`` product when no axis is contracted).
"""

from __future__ import annotations

from iree.compiler import ir
from iree.compiler.dialects import arith, linalg
from iree.compiler.dialects import math as mmath

from .. import dtypes as dt
from ..dialect.reductions import tensordot_axes
from ..dialect.spec import TType
from . import libm
from . import linalg_ir as lir
from .to_linalg import LOWERINGS, SCALAR


def _along(x: ir.Value, attrs) -> list[int]:
    rank = len(lir.shape_of(x))
    return sorted(a % rank for a in attrs["along"]) if rank else []


def _kept(x: ir.Value, along, dtype) -> TType:
    """The reduced type without the size-1 keepdims axes (what a reducing generic produces)."""
    return TType(tuple(d for i, d in enumerate(lir.shape_of(x)) if i not in along), dtype)


def _extreme(etype: ir.Type, largest: bool):
    """The identity of max (largest=False: -inf / INT_MIN) or of min (largest=True: +inf / INT_MAX)."""
    if str(etype).startswith("f"):
        return float("inf") if largest else float("-inf")
    bits = ir.IntegerType(etype).width
    return 2 ** (bits - 1) - 1 if largest else -(2 ** (bits - 1))


_COMBINE = {
    "max": lambda x, acc: arith.maximumf(x, acc) if lir.is_float(x) else arith.maxsi(x, acc),
    "min": lambda x, acc: arith.minimumf(x, acc) if lir.is_float(x) else arith.minsi(x, acc),
}


def _extremum(name: str):
    def rule(ins, attrs, outs):
        x = ins[0]
        init = _extreme(lir.elem_type(x), largest=name == "min")
        return [lir.reduce(x, _along(x, attrs), outs[0], init, _COMBINE[name])]

    return rule


def _prod(ins, attrs, outs):
    x = ins[0]
    return [lir.reduce(x, _along(x, attrs), outs[0], 1, SCALAR["hadamard_prod"])]


def finite(m: ir.Value) -> ir.Value:
    """i1: m is neither ±inf nor NaN. ``arith.select(finite(m), m, zero)``"""
    # "one" is ordered-and-unequal: false for NaN and for ±inf
    return arith.cmpf(arith.CmpFPredicate.ONE, mmath.absf(m), lir.scalar_const(m.type, float("inf")))


def sum_below_max(x: ir.Value, m: ir.Value, along) -> tuple[ir.Value, ir.Value]:
    """(Σ_{x < m} exp(x - m), count(x == m) - 1) over ``along``, ``m`` the max of ``x`` there (reduced
    shape): with s their sum, log Σ exp(x - m) = log1p(s) keeps every term when one x is far above the
    others (1 + s would round to 1). One ``linalg.generic`` with two outputs.

    >>> below, ties = sum_below_max(x, lir.reduce(x, [1], flat, float("-inf"), arith.maximumf), [1])  # doctest: +SKIP
    """
    rank = len(lir.shape_of(x))
    kept = [i for i in range(rank) if i not in along]
    et = lir.elem_type(m)
    flat = TType(lir.shape_of(m), dt.from_mlir(et))
    maps = [lir.affine_map(range(rank), rank), *[lir.affine_map(kept, rank)] * 3]
    iters = [ir.Attribute.parse(lir.REDUCTION if i in along else lir.PARALLEL) for i in range(rank)]
    inits = [lir.as_value(lir.filled(flat, 0.0)), lir.as_value(lir.filled(flat, -1.0))]  # count - 1 from -1: exact
    op = linalg.GenericOp([m.type, m.type], [x, m], inits, ir.ArrayAttr.get(maps), ir.ArrayAttr.get(iters))
    block = op.regions[0].blocks.append(et, et, et, et)
    with ir.InsertionPoint(block):
        xj, mj, total, count = block.arguments
        zero, one = lir.scalar_const(et, 0.0), lir.scalar_const(et, 1.0)
        at_max = arith.cmpf(arith.CmpFPredicate.OEQ, xj, mj)
        below = arith.select(at_max, zero, mmath.exp(arith.subf(xj, mj)))
        linalg.YieldOp([arith.addf(total, below), arith.addf(count, arith.select(at_max, one, zero))])
    return op.results[0], op.results[1]


def _log_sum_exp(ins, attrs, outs):
    # lse(x) = m + log1p(s) (see sum_below_max); exp never overflows; a non-finite max is the result
    x = ins[0]
    along = _along(x, attrs)
    flat = _kept(x, along, outs[0].dtype)
    m = lir.reduce(x, along, flat, float("-inf"), _COMBINE["max"])

    def lse(below, ties, mx):
        return arith.select(finite(mx), arith.addf(mx, libm.log1p(arith.addf(below, ties))), mx)

    out = lir.elementwise([*sum_below_max(x, m, along), m], flat, lse)
    return [lir.reshape(out, outs[0].shape)]


def _arg(name: str):
    largest = name == "argmax"

    def rule(ins, attrs, outs):
        # index = min { i : x[i] == extremum } (a NaN matches: the extremum is then NaN too)
        x = ins[0]
        shape = lir.shape_of(x)
        rank = len(shape)
        axis = attrs["axis"] % rank
        etype = lir.elem_type(x)
        combine = _COMBINE["max" if largest else "min"]
        ext = lir.reduce(x, [axis], _kept(x, [axis], dt.from_mlir(etype)), _extreme(etype, not largest), combine)
        kept = [i for i in range(rank) if i != axis]
        i64 = ir.IntegerType.get_signless(64)
        n = lir.scalar_const(i64, shape[axis])

        def first(a):
            x_i, e, acc = a
            if lir.is_float(x_i):
                hit = arith.ori(
                    arith.cmpf(arith.CmpFPredicate.OEQ, x_i, e), arith.cmpf(arith.CmpFPredicate.UNO, x_i, x_i)
                )
            else:
                hit = arith.cmpi(arith.CmpIPredicate.eq, x_i, e)
            i = arith.index_cast(i64, linalg.IndexOp(axis).result)
            return arith.minsi(arith.select(hit, i, n), acc)

        iters = [lir.REDUCTION if i == axis else lir.PARALLEL for i in range(rank)]
        maps = [lir.affine_map(range(rank), rank), lir.affine_map(kept, rank), lir.affine_map(kept, rank)]
        init = lir.as_value(lir.filled(_kept(x, [axis], dt.Int64), shape[axis]))
        return [lir.reshape(lir.generic([x, ext], maps, init, iters, first), outs[0].shape)]

    return rule


def _affine(rank: int, dims) -> ir.AffineMap:
    # the plain map: linalg.batch_matmul / contract take AffineMaps, not attributes
    return lir.affine_map(dims, rank).value


def _batched_matmul(ins, attrs, outs):
    # loops (batch, m, n, k): a[b, m, k] or a[b, k, m]; b[b, k, n] or b[b, n, k]; transposes live in the maps
    out = lir.as_value(lir.filled(outs[0], 0))
    ta, tb = attrs.get("trans_a", False), attrs.get("trans_b", False)
    if not (ta or tb):
        return [linalg.batch_matmul(*ins, outs=[out])]
    maps = [
        _affine(4, (0, 3, 1) if ta else (0, 1, 3)),
        _affine(4, (0, 2, 3) if tb else (0, 3, 2)),
        _affine(4, (0, 1, 2)),
    ]
    return [linalg.batch_matmul(*ins, outs=[out], indexing_maps=maps)]


def _tensordot(ins, attrs, outs):
    # loops: x's free axes, y's free axes, then one per contracted pair
    x, y = ins
    tx, ty = TType.from_mlir(x.type), TType.from_mlir(y.type)
    a_axes, b_axes = tensordot_axes(tx, ty, attrs)
    free_a = [i for i in range(len(tx.shape)) if i not in a_axes]
    free_b = [i for i in range(len(ty.shape)) if i not in b_axes]
    nf, rank = len(free_a) + len(free_b), len(free_a) + len(free_b) + len(a_axes)

    def loops(axes, free, offset):
        return [offset + free.index(i) if i in free else nf + axes.index(i) for i in range(len(free) + len(axes))]

    x_dims, y_dims = loops(a_axes, free_a, 0), loops(b_axes, free_b, len(free_a))
    if not a_axes:  # an outer product: nothing to reduce
        maps = [lir.affine_map(x_dims, nf), lir.affine_map(y_dims, nf), lir.affine_map(range(nf), nf)]
        mul = SCALAR["hadamard_prod"]
        return [lir.generic(ins, maps, lir.empty(outs[0]), [lir.PARALLEL] * nf, lambda a: mul(a[0], a[1]))]
    maps = [_affine(rank, x_dims), _affine(rank, y_dims), _affine(rank, range(nf))]
    return [linalg.contract(x, y, outs=[lir.as_value(lir.filled(outs[0], 0))], indexing_maps=maps)]


LOWERINGS.update(
    {
        "max": _extremum("max"),
        "min": _extremum("min"),
        "prod": _prod,
        "log_sum_exp": _log_sum_exp,
        "argmax": _arg("argmax"),
        "argmin": _arg("argmin"),
        "batched_matmul": _batched_matmul,
        "tensordot": _tensordot,
    }
)
