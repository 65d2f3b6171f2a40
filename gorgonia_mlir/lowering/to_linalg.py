"""``gorgonia-to-linalg``: lower every ``gorgonia.*`` op to linalg / tensor / arith / math.

The tables the family modules fill: ``LOWERINGS`` maps an op name to
``rule(operands, attrs, result_types) -> [values]``; ``SCALAR`` holds the scalar body of each elementwise
op (its ``LOWERINGS`` entry is derived from it); ``MODULE_LEVEL`` / ``MODULE_HANDLERS`` lower the ops that
need module-level work (learnables become ``util.global``s with ``__get_<sym>`` / ``__set_<sym>``).
"""

from __future__ import annotations

from collections.abc import Callable

from iree.compiler import ir, rewrite

from ..dialect import OPS, TType
from ..irtools import walk_ops
from ..transforms.registry import register
from . import linalg_ir as lir
from .linalg_ir import Rule

LOWERINGS: dict[str, Rule] = {}
# Scalar bodies of the elementwise ops (unary and binary, float and int variants), keyed by op name.
SCALAR: dict[str, Callable[..., ir.Value]] = {}

# Ops that need module-level work (globals, run counters) are lowered by handlers that run before the
# patterns, in registration order: ``MODULE_HANDLERS``; ``MODULE_LEVEL`` names the ops they lower.
MODULE_LEVEL: set[str] = set()
MODULE_HANDLERS: list[Callable[[ir.Operation], None]] = []


def module_level(*names: str):
    """Decorator: ``handler(module_op)`` lowers every op called ``names`` in the module."""

    def deco(fn):
        MODULE_LEVEL.update(names)
        MODULE_HANDLERS.append(fn)
        return fn

    return deco


def _pattern(name: str):
    spec, rule = OPS[name], LOWERINGS[name]

    def apply(op, rewriter):
        attrs = spec.decode_attrs(op)
        outs = [TType.from_mlir(r.type) for r in op.results]
        with rewriter.ip, op.location:
            values = rule(list(op.operands), attrs, outs)
        rewriter.replace_op(op, [lir.as_value(v) for v in values])

    return apply


@register("gorgonia-to-linalg", "lower gorgonia ops to linalg/tensor/arith/math; learnables become util.globals")
def lower_to_linalg(module_op: ir.Operation, pass_) -> None:
    """The pass body: learnables first (module-level), then one rewrite pattern per op name."""
    for handler in MODULE_HANDLERS:
        handler(module_op)
    patterns = rewrite.RewritePatternSet()
    for name in LOWERINGS:
        patterns.add(OPS[name].full_name, _pattern(name))
    rewrite.apply_patterns_and_fold_greedily(module_op, patterns.freeze())
    for op in walk_ops(module_op):
        if op.name.startswith("gorgonia."):
            op.location.emit_error(f"'{op.name}' has no lowering to linalg")
            pass_.signal_pass_failure()
            return
