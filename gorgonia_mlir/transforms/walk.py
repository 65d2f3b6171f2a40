"""Walking IR from Python without holding handles across rewrites."""

from __future__ import annotations

from collections.abc import Iterator

from iree.compiler import ir


def walk_ops(root: ir.Operation) -> Iterator[ir.Operation]:
    """Every op nested under ``root`` (pre-order), as a list snapshot taken up front."""
    out: list[ir.Operation] = []

    def visit(op):
        out.append(op)
        return ir.WalkResult.ADVANCE

    root.walk(visit, ir.WalkOrder.PRE_ORDER)
    return iter(out[1:])
