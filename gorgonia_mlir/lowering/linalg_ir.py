"""Small builders of linalg/tensor/arith IR shared by the lowering rules of every family.

All of them build at the current insertion point and location (the rewriter's), and produce IR that
IREE fuses well: elementwise work is ``linalg.generic`` with projected-permutation maps, size-1
broadcast dims are collapsed away first, contractions are named linalg ops.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from iree.compiler import ir
from iree.compiler.dialects import arith, linalg, tensor

from .. import dtypes as dt
from ..dialect.spec import TType
from ..irtools import shape_of

Rule = Callable[[list[ir.Value], dict, list[TType]], list[ir.Value]]

PARALLEL = "#linalg.iterator_type<parallel>"
REDUCTION = "#linalg.iterator_type<reduction>"


def elem_type(v: ir.Value) -> ir.Type:
    return ir.RankedTensorType(v.type).element_type


def empty(ttype: TType) -> ir.Value:
    return tensor.EmptyOp(list(ttype.shape), ttype.dtype.mlir_type()).result


def scalar_const(etype: ir.Type, value) -> ir.Value:
    """An ``arith.constant`` scalar of ``etype`` (float, int or i1)."""
    if isinstance(etype, ir.FloatType) or str(etype).startswith("f"):
        return arith.constant(etype, float(value))
    return arith.constant(etype, int(value))


def const_like(x: ir.Value, value) -> ir.Value:
    """A scalar ``arith.constant`` of ``x``'s type, for scalar bodies: ``const_like(x, 0.5)``."""
    return scalar_const(x.type, value)


def filled(ttype: TType, value) -> ir.Value:
    """A tensor of ``ttype`` filled with ``value``."""
    c = scalar_const(ttype.dtype.mlir_type(), value)
    return linalg.fill(c, outs=[empty(ttype)])


def reshape(v: ir.Value, shape: Sequence[int]) -> ir.Value:
    """Static reshape (IREE turns it into collapse/expand_shape)."""
    shape = tuple(int(d) for d in shape)
    if shape_of(v) == shape:
        return v
    i64 = ir.IntegerType.get_signless(64)
    shape_t = ir.RankedTensorType.get([len(shape)], i64)
    shape_v = arith.constant(shape_t, ir.DenseElementsAttr.get(np.array(shape, dtype=np.int64), type=shape_t))
    return tensor.reshape(ir.RankedTensorType.get(list(shape), elem_type(v)), v, shape_v)


def affine_map(dims: Sequence[int], rank: int) -> ir.AffineMapAttr:
    """The map of ``rank`` loops onto the loop dims ``dims``: ``affine_map([0, 2], 3)`` is (d0, d1, d2) -> (d0, d2)."""
    return ir.AffineMapAttr.get(ir.AffineMap.get(rank, 0, [ir.AffineDimExpr.get(d) for d in dims]))


def as_value(v) -> ir.Value:
    """The ``ir.Value`` of what an upstream builder returned: a Value, an OpView or a one-element result list."""
    if isinstance(v, ir.Value):
        return v
    return v.results[0] if hasattr(v, "results") else v[0]


def is_float(v: ir.Value) -> bool:
    """Whether the scalar ``v`` is a float (else an integer or i1)."""
    return str(v.type).startswith("f")


def zero_like(x: ir.Value) -> ir.Value:
    """A scalar 0 of ``x``'s type."""
    return scalar_const(x.type, 0)


def by_type(f_float, f_int):
    """A scalar body that picks the float or the integer arith op from the first operand's type:
    ``by_type(arith.addf, arith.addi)``."""

    def body(*xs):
        return f_float(*xs) if is_float(xs[0]) else f_int(*xs)

    return body


def transpose(x: ir.Value, perm) -> ir.Value:
    """``linalg.transpose`` of ``x`` by ``perm`` (``x`` itself for the identity)."""
    if list(perm) == sorted(perm):
        return x
    shape = shape_of(x)
    out = TType(tuple(shape[p] for p in perm), dt.from_mlir(elem_type(x)))
    return as_value(linalg.transpose(x, outs=[empty(out)], permutation=list(perm)))


def _broadcast_operand(v: ir.Value, out_shape: tuple[int, ...]) -> tuple[ir.Value, ir.AffineMapAttr]:
    """The operand (size-1 broadcast dims collapsed away) and its map into the output's loops."""
    shape = shape_of(v)
    rank = len(out_shape)
    offset = rank - len(shape)
    keep = [i for i, d in enumerate(shape) if not (d == 1 and out_shape[offset + i] != 1)]
    if len(keep) != len(shape):
        v = reshape(v, [shape[i] for i in keep])
    return v, affine_map([offset + i for i in keep], rank)


def generic(
    inputs: Sequence[ir.Value],
    maps: Sequence[ir.AffineMapAttr],
    out: ir.Value,
    iterators: Sequence[str],
    body: Callable[[list[ir.Value]], ir.Value],
) -> ir.Value:
    """One ``linalg.generic`` with a single output ``out`` (its init); ``body`` builds the scalar code."""
    out_type = out.type
    op = linalg.GenericOp(
        [out_type],
        list(inputs),
        [out],
        ir.ArrayAttr.get(list(maps)),
        ir.ArrayAttr.get([ir.Attribute.parse(it) for it in iterators]),
    )
    block = op.regions[0].blocks.append(*[elem_type(v) for v in inputs], elem_type(out))
    with ir.InsertionPoint(block):
        linalg.YieldOp([body(list(block.arguments))])
    return op.result


def elementwise(inputs: Sequence[ir.Value], out: TType, body: Callable[..., ir.Value]) -> ir.Value:
    """``body(*scalars)`` applied elementwise with numpy broadcasting of ``inputs`` to ``out``."""
    rank = len(out.shape)
    ops, maps = zip(*[_broadcast_operand(v, out.shape) for v in inputs], strict=True) if inputs else ((), ())
    identity = affine_map(range(rank), rank)
    return generic(list(ops), [*maps, identity], empty(out), [PARALLEL] * rank, lambda a: body(*a[: len(inputs)]))


def elementwise_rule(body: Callable[..., ir.Value]) -> Rule:
    """The lowering rule of an elementwise op from its scalar ``body`` (see ``elementwise``)."""
    return lambda ins, attrs, outs: [elementwise(ins, outs[0], body)]


def reduce(
    x: ir.Value, along: Sequence[int], out: TType, init, combine: Callable[[ir.Value, ir.Value], ir.Value]
) -> ir.Value:
    """Reduce ``x`` over ``along`` with ``combine(element, accumulator)`` starting at ``init``.

    ``out`` may keep the reduced dims as size 1 (keepdims): the result is reshaped to it.
    """
    shape = shape_of(x)
    rank = len(shape)
    if rank > 1 and len(set(along)) == rank:
        # All axes: reduce the flattened tensor. IREE 3.13 fails ("vector.contract op invalid accumulator")
        # on a rank-0 reduction over several loops fused with a broadcasting product, e.g. sum(v * w).
        shape = (int(np.prod(shape)),)
        x, along, rank = reshape(x, shape), [0], 1
    kept = [i for i in range(rank) if i not in along]
    flat = TType(tuple(shape[i] for i in kept), out.dtype)
    iters = [REDUCTION if i in along else PARALLEL for i in range(rank)]
    res = generic(
        [x],
        [affine_map(range(rank), rank), affine_map(kept, rank)],
        filled(flat, init),
        iters,
        lambda a: combine(a[0], a[1]),
    )
    return reshape(res, out.shape)
