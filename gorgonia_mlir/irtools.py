"""The generic IR plumbing every layer shares: op lookup, attributes, operand segments, walks, one op builder.

Per-op knowledge lives in rule tables (lowering, autodiff, rewrites); the machinery those tables run on is
here, once, as xDSL's rewriter and PyTensor's ``graph/rewriting/basic.py`` keep theirs apart from the rules.

>>> import gorgonia_mlir as G
>>> from gorgonia_mlir import irtools
>>> g = G.Graph(); x = G.vector(g, G.Float32, shape=(3,), name="x"); y = G.sum(G.exp(x), 0)
>>> irtools.short_name(y.record.op), irtools.attrs_of(y.record.op)
('sum', {'along': (0,), 'keepdims': False})
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
from iree.compiler import ir

from .dialect import OPS, OpSpec, TType
from .dialect.spec import DENSE

PREFIX = "gorgonia."

# Ops with effects: never erased as dead, never merged by CSE.
EFFECTS = frozenset({"gorgonia.assign"})


# ---- ops and their specs -------------------------------------------------------------------------


def as_operation(op) -> ir.Operation:
    """The ``ir.Operation`` behind an op view (or the operation itself)."""
    return op.operation if isinstance(op, ir.OpView) else op


def short_name(op: ir.Operation) -> str | None:
    """``"exp"`` for a ``gorgonia.exp`` op; None for ops of other dialects."""
    name = op.name
    return name[len(PREFIX) :] if name.startswith(PREFIX) else None


def spec_of(op: ir.Operation) -> OpSpec | None:
    """The op table's spec of ``op``, or None for ops of other dialects (and unknown gorgonia ops)."""
    name = short_name(op)
    return None if name is None else OPS.get(name)


def attrs_of(op: ir.Operation) -> dict:
    """The attributes of a ``gorgonia.*`` op as Python values, decoded by its spec."""
    return OPS[short_name(op)].decode_attrs(op)


def operand_segments(op: ir.Operation) -> list[list[ir.Value]]:
    """The operands of an op with several variadic groups, split by its ``operandSegmentSizes``."""
    sizes = list(ir.DenseI32ArrayAttr(op.attributes["operandSegmentSizes"]))
    return split_segments(list(op.operands), sizes)


def split_segments(items: Sequence, sizes: Sequence[int]) -> list[list]:
    """``items`` cut into consecutive groups of ``sizes`` (the caller checks that the sizes add up)."""
    out, i = [], 0
    for n in sizes:
        out.append(list(items[i : i + n]))
        i += n
    return out


def create_op(name: str, operands: Sequence[ir.Value], attrs: dict, loc: ir.Location | None = None) -> ir.Operation:
    """Build ``gorgonia.<name>`` at the current insertion point: result types inferred, attributes encoded.

    The one op builder: the graph API and every pass (autodiff rules, rewrites) create ops through it.
    Raises ``ShapeError`` when the op table rejects the operand types or attributes.
    """
    return build_op(name, operands, attrs, loc)[0]


def build_op(
    name: str,
    operands: Sequence[ir.Value],
    attrs: dict,
    loc: ir.Location | None = None,
    operand_types: Sequence[TType] | None = None,
) -> tuple[ir.Operation, list[TType]]:
    """``create_op`` that also returns the inferred result types (callers that know the operand types pass them)."""
    spec = OPS[name]
    results = spec.infer(operand_types if operand_types is not None else [ttype(v) for v in operands], attrs)
    op = ir.Operation.create(
        spec.full_name,
        results=[t.to_mlir() for t in results],
        operands=operands if isinstance(operands, list) else list(operands),
        attributes={k: spec.attrs[k].to_mlir(v) for k, v in attrs.items()},
        loc=loc,
    )
    return op, results


# ---- values ----------------------------------------------------------------------------------------


def ttype(v: ir.Value) -> TType:
    """The value's type as a ``TType`` (shape and dtype)."""
    return TType.from_mlir(v.type)


def shape_of(v: ir.Value) -> tuple[int, ...]:
    """The static shape of a ranked-tensor value."""
    return tuple(ir.RankedTensorType(v.type).shape)


def defining(v: ir.Value, name: str | None = None) -> ir.Operation | None:
    """The gorgonia op that defines ``v`` (of the given short name), or None for block arguments / others."""
    owner = v.owner
    if not isinstance(owner, (ir.Operation, ir.OpView)):
        return None
    op = as_operation(owner)
    if not op.name.startswith(PREFIX) or (name is not None and op.name != PREFIX + name):
        return None
    return op


def constant_of(v: ir.Value) -> np.ndarray | None:
    """The value of ``v`` when a ``gorgonia.constant`` defines it."""
    op = defining(v, "constant")
    return None if op is None else DENSE.from_mlir(op.attributes["value"])


def is_constant(v: ir.Value, scalar: float) -> bool:
    """``v`` is a constant whose every element equals ``scalar``."""
    c = constant_of(v)
    return c is not None and c.size > 0 and bool(np.all(c == scalar))


# ---- walks -----------------------------------------------------------------------------------------


def walk_ops(root: ir.Operation) -> Iterator[ir.Operation]:
    """Every op nested under ``root`` (pre-order), as a snapshot taken up front (safe across rewrites)."""
    out: list[ir.Operation] = []

    def visit(op):
        out.append(op)
        return ir.WalkResult.ADVANCE

    root.walk(visit, ir.WalkOrder.PRE_ORDER)
    return iter(out[1:])


def function_blocks(module_op: ir.Operation) -> Iterator[ir.Block]:
    """The blocks of every function of a module (where graphs and their derivatives live)."""
    for fn in module_op.regions[0].blocks[0].operations:
        for region in fn.regions:
            yield from region.blocks


def ops_named(module_op: ir.Operation, name: str) -> list[ir.Operation]:
    """Every op called ``name`` (full name, e.g. ``"gorgonia.grad"``) nested in ``module_op``."""
    return [op for op in walk_ops(module_op) if op.name == name]
