"""``gorgonia-verify``: check every ``gorgonia.*`` op against its spec in the op table."""

from __future__ import annotations

from iree.compiler import ir

from ..dialect import ShapeError, TType
from ..irtools import spec_of, walk_ops
from .registry import register


def check_op(op: ir.Operation) -> str | None:
    """Why ``op`` violates its spec, or None when it is valid."""
    spec = spec_of(op)
    if spec is None:
        return f"'{op.name}' is not an op of the gorgonia dialect"
    try:
        operand_types = [TType.from_mlir(v.type) for v in op.operands]
        result_types = [TType.from_mlir(v.type) for v in op.results]
    except (TypeError, ValueError) as exc:
        return f"'{op.name}' op operands and results must be ranked tensors of f32/f64/i32/i64/i1 ({exc})"
    fixed = [o for o in spec.operands if not o.variadic]
    if len(fixed) == len(spec.operands) and len(operand_types) != len(fixed):
        return f"'{op.name}' op expects {len(fixed)} operands, got {len(operand_types)}"
    try:
        attrs = spec.decode_attrs(op)
        expected = spec.infer(operand_types, attrs)
    except ShapeError as exc:
        return f"'{op.name}' op {exc}"
    if expected != result_types:
        want = ", ".join(str(t.to_mlir()) for t in expected)
        got = ", ".join(str(v.type) for v in op.results)
        return f"'{op.name}' op result types ({got}) do not match the inferred types ({want})"
    return None


@register("gorgonia-verify", "check every gorgonia op against the op table (operands, attributes, types)")
def verify(module_op: ir.Operation, pass_) -> None:
    failed = False
    for op in walk_ops(module_op):
        if op.name.startswith("gorgonia."):
            problem = check_op(op)
            if problem:
                op.location.emit_error(problem)
                failed = True
    if failed:
        pass_.signal_pass_failure()
