"""Lowering of state: learnables and ``assign`` become ``util.global``s, ``mode_select`` picks a branch.

Each learnable ``name`` becomes ``util.global private mutable @p_<name>`` with the accessors
``__get_p_<name>`` / ``__set_p_<name>`` that machines use to upload and read values.
"""

from __future__ import annotations

import re

from iree.compiler import ir
from iree.compiler.dialects import func, util

from ..irtools import walk_ops
from .to_linalg import module_level


def global_symbol(name: str) -> str:
    """The ``util.global`` symbol of a learnable called ``name`` (accessors: ``__get_``/``__set_``)."""
    return "p_" + re.sub(r"\W", "_", name)


def _declare(body: ir.Block, name: str, t: ir.Type) -> None:
    sym = global_symbol(name)
    first = body.operations[0] if len(body.operations) else None
    with ir.InsertionPoint(first) if first is not None else ir.InsertionPoint(body):
        util.GlobalOp(sym, ir.TypeAttr.get(t), sym_visibility="private", is_mutable=True)
    with ir.InsertionPoint(body):
        getter = func.FuncOp(f"__get_{sym}", ir.FunctionType.get([], [t]))
        with ir.InsertionPoint(getter.add_entry_block()):
            func.ReturnOp([util.GlobalLoadOp(t, sym).result])
        setter = func.FuncOp(f"__set_{sym}", ir.FunctionType.get([t], []))
        block = setter.add_entry_block()
        with ir.InsertionPoint(block):
            util.GlobalStoreOp(block.arguments[0], sym)
            func.ReturnOp([])


@module_level("learnable", "assign")
def lower_state(module_op: ir.Operation) -> None:
    """learnable → util.global.load; assign → util.global.store; one global (+ accessors) per name."""
    body = module_op.regions[0].blocks[0]
    found: dict[str, ir.Type] = {}
    todo = []
    for op in walk_ops(module_op):
        if op.name == "gorgonia.learnable":
            t = op.results[0].type
        elif op.name == "gorgonia.assign":
            t = op.operands[0].type
        else:
            continue
        name = ir.StringAttr(op.attributes["name"]).value
        found.setdefault(name, t)
        todo.append((op, name))
    for name, t in found.items():
        _declare(body, name, t)
    for op, name in todo:
        with ir.InsertionPoint(op), op.location:
            if op.name == "gorgonia.learnable":
                load = util.GlobalLoadOp(op.results[0].type, global_symbol(name))
                op.results[0].replace_all_uses_with(load.result)
            else:
                util.GlobalStoreOp(op.operands[0], global_symbol(name))
        op.erase()


@module_level("mode_select")
def lower_mode_select(module_op: ir.Operation) -> None:
    """mode_select(train, eval) → the operand of the module's ``gorgonia.mode`` (train by default)."""
    mode = "train"
    if "gorgonia.mode" in module_op.attributes:
        mode = ir.StringAttr(module_op.attributes["gorgonia.mode"]).value
    for op in walk_ops(module_op):
        if op.name == "gorgonia.mode_select":
            op.results[0].replace_all_uses_with(op.operands[1 if mode == "eval" else 0])
            op.erase()
