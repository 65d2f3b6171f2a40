"""The op table of the ``gorgonia`` dialect, ``OPS``, and the type-inference helpers its families share.

The graph API, the ``gorgonia-verify`` pass and the generated IRDL file all read ``OPS``; lowering and
autodiff tables are keyed by the same names. Each family module (``core``, ``elementwise``, ``nn``,
``reductions``, ``shape``, ``random``, ``state``) registers its ops here at import.
"""

from __future__ import annotations

import sys

from .spec import Operand, OpSpec, ShapeError, TType

OPS: dict[str, OpSpec] = {}
# op name → its family (the module that registered it: "core", "elementwise", "nn", ...); the lowering,
# autodiff and test tables of an op live in the files of the same name (docs/adding-an-op.md).
FAMILY: dict[str, str] = {}


def register_op(spec: OpSpec, family: str | None = None) -> OpSpec:
    """Add ``spec`` to the table (family modules call this at import; the family defaults to the caller's module)."""
    assert spec.name not in OPS, spec.name
    OPS[spec.name] = spec
    FAMILY[spec.name] = family or sys._getframe(1).f_globals["__name__"].rsplit(".", 1)[-1]
    return spec


# ---- inference helpers ---------------------------------------------------------------------------


def broadcast_shapes(*shapes: tuple[int, ...]) -> tuple[int, ...]:
    """numpy broadcasting of shapes; raises ShapeError when they do not broadcast.

    >>> broadcast_shapes((2, 1), (3,))
    (2, 3)
    """
    rank = max((len(s) for s in shapes), default=0)
    out = []
    for i in range(rank):
        dims = {s[len(s) - rank + i] for s in shapes if len(s) - rank + i >= 0}
        dims.discard(1)
        if len(dims) > 1:
            raise ShapeError(f"shapes {' and '.join(str(tuple(s)) for s in shapes)} do not broadcast")
        out.append(dims.pop() if dims else 1)
    return tuple(out)


def need(t: TType, what: str, ok: bool) -> None:
    if not ok:
        raise ShapeError(f"expects {what} operands, got {t.dtype}")


def need_float(t: TType) -> None:
    need(t, "float (Float32/Float64)", t.dtype.is_float)


def need_numeric(t: TType) -> None:
    need(t, "numeric (float or int)", t.dtype.is_float or t.dtype.is_int)


def same_dtype(ts: list[TType]) -> None:
    if len({t.dtype for t in ts}) > 1:
        raise ShapeError(f"operand dtypes differ: {', '.join(str(t.dtype) for t in ts)}")


def arity(ts: list[TType], n: int) -> None:
    if len(ts) != n:
        raise ShapeError(f"expects {n} operands, got {len(ts)}")


def unary(check):
    def infer(ts, attrs):
        arity(ts, 1)
        check(ts[0])
        return [ts[0]]

    return infer


def binary(check):
    def infer(ts, attrs):
        arity(ts, 2)
        same_dtype(ts)
        check(ts[0])
        return [TType(broadcast_shapes(ts[0].shape, ts[1].shape), ts[0].dtype)]

    return infer


def normalize_axes(axes, rank: int) -> tuple[int, ...]:
    """Axes made non-negative and checked against ``rank``; raises ShapeError."""
    out = []
    for a in axes:
        if not -rank <= a < rank:
            raise ShapeError(f"axis {a} is out of range for rank {rank}")
        out.append(a % rank if rank else a)
    if len(set(out)) != len(out):
        raise ShapeError(f"repeated axis in {tuple(axes)}")
    return tuple(out)


def reduced_shape(shape, along, keepdims: bool) -> tuple[int, ...]:
    if keepdims:
        return tuple(1 if i in along else d for i, d in enumerate(shape))
    return tuple(d for i, d in enumerate(shape) if i not in along)


def reduce_infer(ts, attrs):
    arity(ts, 1)
    need_numeric(ts[0])
    along = normalize_axes(attrs["along"], len(ts[0].shape))
    return [TType(reduced_shape(ts[0].shape, along, attrs.get("keepdims", False)), ts[0].dtype)]




def split_segments(items, sizes) -> list[list]:
    """``items`` cut into consecutive groups of ``sizes`` (an ``operandSegmentSizes`` split)."""
    out, i = [], 0
    for n in sizes:
        out.append(list(items[i : i + n]))
        i += n
    return out


X = (Operand("x"),)
XY = (Operand("x"), Operand("y"))


def size_of(shape) -> int:
    n = 1
    for d in shape:
        n *= d
    return n
