"""Ops for state and modes: ``assign`` (write a learnable each run), ``mode_select`` (train/eval branch)."""

from __future__ import annotations

from .spec import STR, Operand, OpSpec, ShapeError
from .table import XY, register_op


def _assign(ts, attrs):
    if len(ts) != 1:
        raise ShapeError(f"expects 1 operand, got {len(ts)}")
    return []


def _mode_select(ts, attrs):
    if len(ts) != 2:
        raise ShapeError(f"expects 2 operands, got {len(ts)}")
    if ts[0] != ts[1]:
        raise ShapeError(f"train and eval values differ in type: {ts[0]} vs {ts[1]}")
    return [ts[0]]


register_op(
    OpSpec(
        "assign",
        (Operand("value"),),
        {"name": STR},
        _assign,
        "store `value` into the learnable `name` (a util.global) each run; a state update",
        "state",
        num_results=0,
        differentiable=False,
    )
)
register_op(
    OpSpec(
        "mode_select",
        XY,
        {},
        _mode_select,
        "the train-mode operand, or the eval-mode one when the module's gorgonia.mode is eval",
        "state",
    )
)
