"""A small rewrite engine for gorgonia ops: rule tables keyed by the root op's name, run to a fixed point.

A rule is ``rule(op, e) -> value | None``: it inspects ``op`` (and the ops defining its operands) and,
when it matches, builds the replacement with the ``Emitter`` ``e`` (inserting before ``op``) and
returns the value that replaces ``op``'s result. Dead pure ops are erased after each round; Python
handles are never kept across a round, so no handle to an erased op is ever touched.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from iree.compiler import ir

from ..autodiff.emitter import Emitter
from ..dialect.spec import DENSE
from .walk import walk_ops

Rule = Callable[[ir.Operation, Emitter], ir.Value | None]

# Ops with effects: never erased as dead, never merged.
EFFECTS = {"gorgonia.assign"}


def defining(v: ir.Value, name: str | None = None) -> ir.Operation | None:
    """The gorgonia op that defines ``v`` (of the given name), or None for block arguments / others."""
    owner = v.owner
    if not isinstance(owner, (ir.Operation, ir.OpView)):
        return None
    op = owner.operation if isinstance(owner, ir.OpView) else owner
    if name is not None and op.name != f"gorgonia.{name}":
        return None
    return op if op.name.startswith("gorgonia.") else None


def constant_of(v: ir.Value) -> np.ndarray | None:
    """The value of ``v`` when a ``gorgonia.constant`` defines it."""
    op = defining(v, "constant")
    return None if op is None else DENSE.from_mlir(op.attributes["value"])


def is_constant(v: ir.Value, scalar: float) -> bool:
    """``v`` is a constant whose every element equals ``scalar``."""
    c = constant_of(v)
    return c is not None and c.size > 0 and bool(np.all(c == scalar))


def shape(v: ir.Value) -> tuple[int, ...]:
    return tuple(ir.RankedTensorType(v.type).shape)


def _erase_dead(block: ir.Block) -> bool:
    changed = False
    for op in reversed(list(block.operations)):
        if not op.name.startswith("gorgonia.") or op.name in EFFECTS:
            continue
        if all(len(list(r.uses)) == 0 for r in op.results) and len(op.results):
            op.erase()
            changed = True
    return changed


def _blocks(module_op: ir.Operation):
    for fn in module_op.regions[0].blocks[0].operations:
        for region in fn.regions:
            yield from region.blocks


def apply_rules(module_op: ir.Operation, rules: dict[str, list[Rule]], max_rounds: int = 100) -> int:
    """Apply ``rules`` until nothing matches; returns the number of rewrites.

    Each round walks a snapshot of the block: a matched op is replaced and erased at once (it is not
    visited again), ops created by rules are seen in the next round, dead ops go at the end of a round.
    """
    count = 0
    for block in _blocks(module_op):
        for _ in range(max_rounds):
            changed = False
            for op in list(block.operations):
                for rule in rules.get(op.name, ()):
                    with ir.InsertionPoint(op):
                        new = rule(op, Emitter(op.location))
                    if new is not None:
                        op.results[0].replace_all_uses_with(new)
                        op.erase()
                        count += 1
                        changed = True
                        break
            changed = _erase_dead(block) or changed
            if not changed:
                break
    return count


def ops_named(module_op: ir.Operation, name: str) -> list[ir.Operation]:
    return [op for op in walk_ops(module_op) if op.name == name]
