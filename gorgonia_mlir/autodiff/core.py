"""Derivatives of the core family: the contractions are bilinear (``defbilinear``: the JVP is the product
rule, the VJP each operand's adjoint), ``sum`` and the reshapes are linear (``deflinear``: the VJP is the
adjoint map).
"""

from __future__ import annotations

from ..irtools import ttype
from .rules import defbilinear, deflinear


def _matmul_vjp(e, g, ins, attrs):
    # C = AB: dA = G Bᵀ, dB = Aᵀ G
    a, b = ins
    return [e.matmul(g, e.transpose(b, perm=(1, 0))), e.matmul(e.transpose(a, perm=(1, 0)), g)]


defbilinear("matmul", _matmul_vjp)
# y = Av: dA = g ⊗ v, dv = Aᵀ g
defbilinear("matvec", lambda e, g, ins, attrs: [e.outer_prod(g, ins[1]), e.matvec(e.transpose(ins[0], perm=(1, 0)), g)])
# s = u·v: du = s̄ v, dv = s̄ u
defbilinear("dot", lambda e, g, ins, attrs: [e.hadamard_prod(g, ins[1]), e.hadamard_prod(g, ins[0])])
# M = u ⊗ v: du = M̄ v, dv = M̄ᵀ u
defbilinear("outer_prod", lambda e, g, ins, attrs: [e.matvec(g, ins[1]), e.matvec(e.transpose(g, perm=(1, 0)), ins[0])])


def _sum_transpose(e, g, ins, attrs):
    # sum's adjoint: broadcast the cotangent back over the reduced axes
    shape = ttype(ins[0]).shape
    along = {a % len(shape) for a in attrs["along"]} if shape else set()
    kept = tuple(1 if i in along else d for i, d in enumerate(shape))
    return e.broadcast_to(e.reshape_to(g, kept), shape)


def _transpose_transpose(e, g, ins, attrs):
    # a permutation's adjoint is the inverse permutation
    perm = attrs["perm"]
    return e.transpose(g, perm=tuple(sorted(range(len(perm)), key=lambda i: perm[i])))


deflinear("sum", _sum_transpose)
deflinear("reshape", lambda e, g, ins, attrs: e.reshape_to(g, ttype(ins[0]).shape))
deflinear("transpose", _transpose_transpose)
# broadcast_to's adjoint sums over the broadcast axes: the pass's un-broadcast does it
deflinear("broadcast_to", lambda e, g, ins, attrs: g)
