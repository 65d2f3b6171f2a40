"""``gorgonia-autodiff``: replace ``gorgonia.grad`` / ``vjp`` / ``jvp`` by the derivative's ops.

Requests are expanded in block order, so an inner request is expanded before any request that
differentiates through its results (higher order). Reverse mode is a reverse walk over the ops that
precede the request, accumulating cotangents (``+`` on fan-out, un-broadcast to operand shapes, None
for symbolic zero); forward mode is the forward walk pushing tangents.
"""

from __future__ import annotations

from iree.compiler import ir

from ..autodiff import JVPS, VJPS
from ..emitter import Emitter
from ..errors import SymDiffError
from ..irtools import attrs_of, function_blocks, operand_segments, short_name, spec_of, ttype
from ..location import describe
from .registry import register

REQUESTS = ("gorgonia.grad", "gorgonia.vjp", "gorgonia.jvp")


def _active(ops: list[ir.Operation], wrt: list[ir.Value]) -> set:
    """Values that depend on any of ``wrt``."""
    active = set(wrt)
    for op in ops:
        if any(v in active for v in op.operands):
            active.update(op.results)
    return active


def _accumulate(e: Emitter, table: dict, v: ir.Value, ct: ir.Value) -> None:
    table[v] = e.add(table[v], ct) if v in table else ct


def reverse(e: Emitter, ops: list[ir.Operation], outputs, seeds, wrt) -> list[ir.Value]:
    """Cotangents of ``wrt`` given ``seeds`` on ``outputs`` (a vector-Jacobian product)."""
    active = _active(ops, wrt)
    cts: dict = {}
    for o, s in zip(outputs, seeds, strict=True):
        _accumulate(e, cts, o, s)
    for op in reversed(ops):
        gs = [cts.get(r) for r in op.results]
        needs = [v in active for v in op.operands]
        if all(g is None for g in gs) or not any(needs):
            continue
        name = short_name(op)
        if name not in VJPS:
            if spec_of(op) is not None and not spec_of(op).differentiable:
                continue  # piecewise constant (comparisons, ...): zero cotangent
            raise SymDiffError(f"{op.name} has no VJP rule [at {describe(op.location)}]")
        e.loc = op.location
        contributions = VJPS[name](e, list(op.operands), list(op.results), gs, attrs_of(op))
        for v, c, need in zip(op.operands, contributions, needs, strict=True):
            if need and c is not None:
                _accumulate(e, cts, v, e.sum_to(c, ttype(v).shape))
    return [cts.get(w) for w in wrt]


def forward(e: Emitter, ops: list[ir.Operation], outputs, wrt, tangents) -> list[ir.Value]:
    """Tangents of ``outputs`` given ``tangents`` on ``wrt`` (a Jacobian-vector product)."""
    tans: dict = {}
    for w, t in zip(wrt, tangents, strict=True):
        _accumulate(e, tans, w, t)
    for op in ops:
        ts = [tans.get(v) for v in op.operands]
        if all(t is None for t in ts):
            continue
        name = short_name(op)
        if name not in JVPS:
            if spec_of(op) is not None and not spec_of(op).differentiable:
                continue
            raise SymDiffError(f"{op.name} has no JVP rule [at {describe(op.location)}]")
        e.loc = op.location
        for r, t in zip(op.results, JVPS[name](e, list(op.operands), list(op.results), ts, attrs_of(op)), strict=True):
            if t is not None:
                tans[r] = t
    return [tans.get(o) for o in outputs]


def expand(ops: list[ir.Operation], index: int) -> None:
    """Replace the request ``ops[index]`` by its derivative computation, built from the ops before it.

    Every ``gorgonia.grad`` on the same cost (one request per wrt node) is answered by the same reverse
    sweep, so a gradient w.r.t. all parameters costs one backward pass.
    """
    op, preceding = ops[index], ops[:index]
    group = [op]
    with ir.InsertionPoint(op):
        e = Emitter(op.location)
        if op.name == "gorgonia.grad":
            cost = op.operands[0]
            group = [o for o in ops[index:] if o.name == "gorgonia.grad" and o.operands[0] == cost]
            wrt = [o.operands[1] for o in group]
            results = reverse(e, preceding, [cost], [e.const(1, cost)], wrt)
            results = [r if r is not None else e.zeros_like(w) for r, w in zip(results, wrt, strict=True)]
        elif op.name == "gorgonia.vjp":
            outputs, seeds, wrt = operand_segments(op)
            results = reverse(e, preceding, outputs, seeds, wrt)
            results = [r if r is not None else e.zeros_like(w) for r, w in zip(results, wrt, strict=True)]
        else:
            outputs, wrt, tangents = operand_segments(op)
            results = forward(e, preceding, outputs, wrt, tangents)
            results = [r if r is not None else e.zeros_like(o) for r, o in zip(results, outputs, strict=True)]
    if op.name == "gorgonia.grad":
        for request, new in zip(group, results, strict=True):
            request.results[0].replace_all_uses_with(new)
            request.erase()
        return
    for old, new in zip(op.results, results, strict=True):
        old.replace_all_uses_with(new)
    op.erase()


@register("gorgonia-autodiff", "expand gorgonia.grad/vjp/jvp into derivative ops (reverse and forward mode)")
def autodiff(module_op: ir.Operation, pass_) -> None:
    for block in function_blocks(module_op):
        while True:
            ops = list(block.operations)
            index = next((i for i, o in enumerate(ops) if o.name in REQUESTS), None)
            if index is None:
                break
            expand(ops, index)
