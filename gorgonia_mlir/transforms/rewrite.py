"""A small rewrite engine for gorgonia ops: rule tables keyed by the root op's name, run to a fixed point.

A rule is ``rule(op, e) -> value | None``: it inspects ``op`` (and the ops defining its operands) and,
when it matches, builds the replacement with the ``Emitter`` ``e`` (inserting before ``op``) and
returns the value that replaces ``op``'s result. Dead pure ops are erased after each round; Python
handles are never kept across a round, so no handle to an erased op is ever touched.
"""

from __future__ import annotations

from collections.abc import Callable

from iree.compiler import ir

from ..emitter import Emitter
from ..irtools import EFFECTS, function_blocks

Rule = Callable[[ir.Operation, Emitter], ir.Value | None]


def _erase_dead(block: ir.Block) -> bool:
    changed = False
    for op in reversed(list(block.operations)):
        if not op.name.startswith("gorgonia.") or op.name in EFFECTS:
            continue
        if all(len(list(r.uses)) == 0 for r in op.results) and len(op.results):
            op.erase()
            changed = True
    return changed


def apply_rules(module_op: ir.Operation, rules: dict[str, list[Rule]], max_rounds: int = 100) -> int:
    """Apply ``rules`` until nothing matches; returns the number of rewrites.

    Each round walks a snapshot of the block: a matched op is replaced and erased at once (it is not
    visited again), ops created by rules are seen in the next round, dead ops go at the end of a round.
    """
    count = 0
    for block in function_blocks(module_op):
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

