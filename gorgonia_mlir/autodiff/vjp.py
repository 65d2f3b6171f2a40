"""Reverse-mode rules: ``VJPS[op](e, ins, outs, cts, attrs) -> [cotangent or None per operand]``.

``cts`` holds the cotangent of each result (None: symbolic zero). A rule may return a cotangent in the
result's (broadcast) shape: the pass un-broadcasts it to the operand's shape. Rules only emit
differentiable gorgonia ops, so they can be differentiated again.
"""

from __future__ import annotations

from collections.abc import Callable

from iree.compiler import ir

from ..emitter import Emitter, ttype

VJPRule = Callable[[Emitter, list[ir.Value], list[ir.Value], list, dict], list]

# d out / d x of unary elementwise ops, written with x and out (shared by VJP and JVP rules).
UNARY_DERIVATIVES: dict[str, Callable[[Emitter, ir.Value, ir.Value], ir.Value]] = {
    # exp' = exp
    "exp": lambda e, x, out: out,
    # log' = 1/x
    "log": lambda e, x, out: e.hadamard_div(e.const(1, x), x),
    # tanh' = 1 - tanh²
    "tanh": lambda e, x, out: e.sub(e.const(1, x), e.square(out)),
    # σ' = σ(1 - σ)
    "sigmoid": lambda e, x, out: e.hadamard_prod(out, e.sub(e.const(1, x), out)),
    # sqrt' = 1 / (2 sqrt x)
    "sqrt": lambda e, x, out: e.hadamard_div(e.const(0.5, x), out),
    # (x²)' = 2x
    "square": lambda e, x, out: e.hadamard_prod(e.const(2, x), x),
    # relu' = [x > 0]  (0 at the kink, as Gorgonia and JAX)
    "rectify": lambda e, x, out: e.gt(x, e.const(0, x), ret_same=True),
}


def _unary(name: str) -> VJPRule:
    deriv = UNARY_DERIVATIVES[name]
    return lambda e, ins, outs, cts, attrs: [e.hadamard_prod(cts[0], deriv(e, ins[0], outs[0]))]


def _div(e, ins, outs, cts, attrs):
    # d(x/y) = dx/y - (x/y)·dy/y
    (g,), (_, y), (out,) = cts, ins, outs
    gx = e.hadamard_div(g, y)
    return [gx, e.neg(e.hadamard_prod(gx, out))]


def _pow(e, ins, outs, cts, attrs):
    # d(x^y) = y·x^(y-1)·dx + x^y·log(x)·dy
    (g,), (x, y), (out,) = cts, ins, outs
    gx = e.hadamard_prod(g, e.hadamard_prod(y, e.pow(x, e.sub(y, e.const(1, y)))))
    gy = e.hadamard_prod(g, e.hadamard_prod(out, e.log(x)))
    return [gx, gy]


def _matmul(e, ins, outs, cts, attrs):
    # C = AB: dA = G Bᵀ, dB = Aᵀ G
    (g,), (a, b) = cts, ins
    return [e.matmul(g, e.transpose(b, perm=(1, 0))), e.matmul(e.transpose(a, perm=(1, 0)), g)]


def _matvec(e, ins, outs, cts, attrs):
    # y = Av: dA = g ⊗ v, dv = Aᵀ g
    (g,), (a, v) = cts, ins
    return [e.outer_prod(g, v), e.matvec(e.transpose(a, perm=(1, 0)), g)]


def _dot(e, ins, outs, cts, attrs):
    # s = u·v: du = s̄ v, dv = s̄ u
    (g,), (u, v) = cts, ins
    return [e.hadamard_prod(g, v), e.hadamard_prod(g, u)]


def _outer(e, ins, outs, cts, attrs):
    # M = u ⊗ v: du = M̄ v, dv = M̄ᵀ u
    (g,), (u, v) = cts, ins
    return [e.matvec(g, v), e.matvec(e.transpose(g, perm=(1, 0)), u)]


def _sum(e, ins, outs, cts, attrs):
    # sum's adjoint: broadcast the cotangent back over the reduced axes
    (g,), (x,) = cts, ins
    shape = ttype(x).shape
    along = {a % len(shape) for a in attrs["along"]} if shape else set()
    kept = tuple(1 if i in along else d for i, d in enumerate(shape))
    return [e.broadcast_to(e.reshape_to(g, kept), shape)]


def _transpose(e, ins, outs, cts, attrs):
    perm = attrs["perm"]
    inverse = tuple(sorted(range(len(perm)), key=lambda i: perm[i]))
    return [e.transpose(cts[0], perm=inverse)]


VJPS: dict[str, VJPRule] = {
    **{name: _unary(name) for name in UNARY_DERIVATIVES},
    "neg": lambda e, ins, outs, cts, attrs: [e.neg(cts[0])],
    "add": lambda e, ins, outs, cts, attrs: [cts[0], cts[0]],
    "sub": lambda e, ins, outs, cts, attrs: [cts[0], e.neg(cts[0])],
    "hadamard_prod": lambda e, ins, outs, cts, attrs: [
        e.hadamard_prod(cts[0], ins[1]),
        e.hadamard_prod(cts[0], ins[0]),
    ],
    "hadamard_div": _div,
    "pow": _pow,
    "matmul": _matmul,
    "matvec": _matvec,
    "dot": _dot,
    "outer_prod": _outer,
    "sum": _sum,
    "reshape": lambda e, ins, outs, cts, attrs: [e.reshape_to(cts[0], ttype(ins[0]).shape)],
    "transpose": _transpose,
    # broadcast_to is un-broadcast by the pass itself
    "broadcast_to": lambda e, ins, outs, cts, attrs: [cts[0]],
}
