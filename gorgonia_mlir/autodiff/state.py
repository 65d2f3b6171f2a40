"""Derivatives of ``mode_select``: the cotangent reaches the branch the mode picks.

``mode_select(g, 0)`` / ``mode_select(0, g)`` keep the choice symbolic until lowering, so one graph of
derivatives serves both train- and eval-mode machines.
"""

from __future__ import annotations

from .rules import defrules


def _vjp(e, ins, outs, cts, attrs):
    (g,) = cts
    zero = e.zeros_like(g)
    return [e.mode_select(g, zero), e.mode_select(zero, g)]


def _jvp(e, ins, outs, ts, attrs):
    tx, ty = ts
    return [
        e.mode_select(tx if tx is not None else e.zeros_like(outs[0]), ty if ty is not None else e.zeros_like(outs[0]))
    ]


defrules("mode_select", _vjp, _jvp)
