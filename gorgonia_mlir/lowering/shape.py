"""Lowering of the shape family: tensor.extract_slice / insert_slice, gathers and scatters, casts.

Runtime indices are clamped into ``[0, n)`` before any access: an out-of-range index reads (or, for
``scatter_add``, writes) the nearest valid slice, never memory out of bounds (IREE treats
out-of-range gather/scatter indices as undefined behaviour).
"""

from __future__ import annotations

from iree.compiler import ir
from iree.compiler.dialects import arith, linalg, tensor

from .. import dtypes as dt
from ..dialect.spec import TType
from . import linalg_ir as lir
from .to_linalg import LOWERINGS


def _extract(x: ir.Value, out_shape, offsets, strides) -> ir.Value:
    t = ir.RankedTensorType.get(list(out_shape), lir.elem_type(x))
    return tensor.ExtractSliceOp(t, x, [], [], [], list(offsets), list(out_shape), list(strides)).result


def _insert(x: ir.Value, dest: ir.Value, offsets, strides) -> ir.Value:
    return tensor.InsertSliceOp(x, dest, [], [], [], list(offsets), list(lir.shape_of(x)), list(strides)).result


def _slice(ins, attrs, outs):
    return [_extract(ins[0], outs[0].shape, attrs["offsets"], attrs["strides"])]


def _insert_slice(ins, attrs, outs):
    return [_insert(ins[0], lir.as_value(lir.filled(outs[0], 0)), attrs["offsets"], attrs["strides"])]


def _concat(ins, attrs, outs):
    rank = len(outs[0].shape)
    axis = attrs["axis"] % rank
    out, at = lir.empty(outs[0]), 0
    for x in ins:
        out = _insert(x, out, [at if d == axis else 0 for d in range(rank)], [1] * rank)
        at += lir.shape_of(x)[axis]
    return [out]


def _unconcat(ins, attrs, outs):
    rank = len(outs[0].shape)
    axis = attrs["axis"] % rank
    step = outs[0].shape[axis]
    return [
        _extract(ins[0], t.shape, [k * step if d == axis else 0 for d in range(rank)], [1] * rank)
        for k, t in enumerate(outs)
    ]


def _clamped_index(i: ir.Value, n: int) -> ir.Value:
    """``i`` (i32/i64) as an ``index`` clamped into [0, n)."""
    idx = ir.IndexType.get()
    i = arith.index_cast(idx, i)
    i = arith.maxsi(i, arith.constant(idx, 0))
    return arith.minsi(i, arith.constant(idx, n - 1))


def _by_indices(ins, attrs, outs):
    # out[..., j, ...] = x[..., clamp(indices[j]), ...]: a gather IREE vectorises (tensor.extract in generic)
    x, indices = ins
    rank = len(outs[0].shape)
    axis = attrs["axis"] % rank
    n = lir.shape_of(x)[axis]

    def body(a):
        i = _clamped_index(a[0], n)
        coords = [i if d == axis else linalg.IndexOp(d).result for d in range(rank)]
        return tensor.extract(x, coords)

    maps = [lir.affine_map([axis], rank), lir.affine_map(range(rank), rank)]
    return [lir.generic([indices], maps, lir.empty(outs[0]), [lir.PARALLEL] * rank, body)]


def _moved(shape, axis):
    return (shape[axis], *(d for i, d in enumerate(shape) if i != axis))


def _scatter_add(ins, attrs, outs):
    # out[..., clamp(indices[i]), ...] += g[..., i, ...]: iree_linalg_ext.scatter (duplicates accumulate)
    # on the indexed axis moved to the front, then moved back.
    g, indices = ins
    out = outs[0]
    rank = len(out.shape)
    axis = attrs["axis"] % rank
    perm = [axis, *(d for d in range(rank) if d != axis)]
    inverse = sorted(range(rank), key=lambda i: perm[i])
    n = lir.shape_of(indices)[0]
    i64 = ir.IntegerType.get_signless(64)

    def clamp(a):
        return arith.index_cast(i64, _clamped_index(a[0], attrs["size"]))

    vec = lir.affine_map([0], 1)
    clamped = lir.generic([indices], [vec, vec], lir.empty(TType((n,), dt.Int64)), [lir.PARALLEL], clamp)
    init = lir.as_value(lir.filled(TType(_moved(out.shape, axis), out.dtype), 0))
    scatter = ir.Operation.create(
        "iree_linalg_ext.scatter",
        results=[init.type],
        operands=[lir.transpose(g, perm), lir.reshape(clamped, (n, 1)), init],
        attributes={"dimension_map": ir.DenseI64ArrayAttr.get([0]), "unique_indices": ir.BoolAttr.get(False)},
        regions=1,
    )
    et = lir.elem_type(g)
    block = scatter.regions[0].blocks.append(et, et)
    with ir.InsertionPoint(block):
        add = arith.addf if str(et).startswith("f") else arith.addi
        ir.Operation.create("iree_linalg_ext.yield", operands=[add(block.arguments[0], block.arguments[1])])
    return [lir.transpose(scatter.result, inverse)]


def _to_int_saturating(x: ir.Value, to: ir.Type) -> ir.Value:
    # fptosi is poison outside the target's range: out-of-range values saturate, NaN becomes 0.
    bits = ir.IntegerType(to).width
    lo, hi = lir.scalar_const(x.type, -(2.0 ** (bits - 1))), lir.scalar_const(x.type, 2.0 ** (bits - 1))
    above = arith.cmpf(arith.CmpFPredicate.OGE, x, hi)
    below = arith.cmpf(arith.CmpFPredicate.OLT, x, lo)
    inside = arith.andi(arith.cmpf(arith.CmpFPredicate.OGE, x, lo), arith.cmpf(arith.CmpFPredicate.OLT, x, hi))
    r = arith.fptosi(to, arith.select(inside, x, lir.scalar_const(x.type, 0.0)))
    r = arith.select(above, lir.scalar_const(to, 2 ** (bits - 1) - 1), r)
    return arith.select(below, lir.scalar_const(to, -(2 ** (bits - 1))), r)


def cast(x: ir.Value, to: ir.Type) -> ir.Value:
    """Scalar cast between f32/f64/i32/i64/i1 (i1 reads as 0/1; to i1 only from i1)."""
    src, dst = str(x.type), str(to)
    if src == dst:
        return x
    if src.startswith("f") and dst.startswith("f"):
        return arith.extf(to, x) if int(dst[1:]) > int(src[1:]) else arith.truncf(to, x)
    if src.startswith("f"):
        return _to_int_saturating(x, to)
    if dst.startswith("f"):
        return arith.uitofp(to, x) if src == "i1" else arith.sitofp(to, x)
    if src == "i1":
        return arith.extui(to, x)
    return arith.extsi(to, x) if int(dst[1:]) > int(src[1:]) else arith.trunci(to, x)


def _conv_type(ins, attrs, outs):
    to = outs[0].dtype.mlir_type()
    return [lir.elementwise(ins, outs[0], lambda x: cast(x, to))]


LOWERINGS.update(
    {
        "slice": _slice,
        "insert_slice": _insert_slice,
        "concat": _concat,
        "unconcat": _unconcat,
        "by_indices": _by_indices,
        "scatter_add": _scatter_add,
        "conv_float": _conv_type,
        "conv_type": _conv_type,
    }
)
