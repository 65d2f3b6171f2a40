"""Lowering of the core family: constants, the named contractions (matmul, matvec, dot), the outer
product, sum, reshape, transpose and broadcast_to."""

from __future__ import annotations

from iree.compiler.dialects import arith, linalg

from ..dialect.spec import DENSE
from . import linalg_ir as lir
from .linalg_ir import Rule
from .to_linalg import LOWERINGS, SCALAR


def _constant(ins, attrs, outs):
    return [arith.constant(outs[0].to_mlir(), DENSE.to_mlir(attrs["value"]))]


def _named(builder) -> Rule:
    return lambda ins, attrs, outs: [builder(*ins, outs=[lir.filled(outs[0], 0)])]


def _outer(ins, attrs, outs):
    maps = [lir.affine_map([0], 2), lir.affine_map([1], 2), lir.affine_map([0, 1], 2)]
    mul = SCALAR["hadamard_prod"]
    return [lir.generic(ins, maps, lir.empty(outs[0]), [lir.PARALLEL] * 2, lambda a: mul(a[0], a[1]))]


def _sum(ins, attrs, outs):
    x = ins[0]
    rank = len(lir.shape_of(x))
    along = [a % rank for a in attrs["along"]] if rank else []
    return [lir.reduce(x, along, outs[0], 0, SCALAR["add"])]


def _transpose(ins, attrs, outs):
    return [linalg.transpose(ins[0], outs=[lir.empty(outs[0])], permutation=list(attrs["perm"]))]


LOWERINGS.update(
    {
        "constant": _constant,
        "matmul": _named(linalg.matmul),
        "matvec": _named(linalg.matvec),
        "dot": _named(linalg.dot),
        "outer_prod": _outer,
        "sum": _sum,
        "reshape": lambda ins, attrs, outs: [lir.reshape(ins[0], outs[0].shape)],
        "transpose": _transpose,
        "broadcast_to": lambda ins, attrs, outs: [lir.elementwise(ins, outs[0], lambda x: x)],
    }
)
