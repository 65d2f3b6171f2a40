"""VJP and JVP rules of the shape family.

Every op here is linear in its data operand, so each rule applies the op's adjoint (VJP) or the op
itself (JVP): slice ↔ insert_slice, concat ↔ slices / unconcat, by_indices ↔ scatter_add. Index
operands get no derivative (None). ``conv_float`` (Float32 ↔ Float64) casts derivatives back; casts
to or from integers (``conv_type``) are piecewise constant and marked non-differentiable.
"""

from __future__ import annotations

from ..emitter import ttype
from .jvp import JVPS
from .vjp import VJPS


def _concat_offsets(ins, axis):
    """(offset, size) of each operand of a concat along ``axis``."""
    out, at = [], 0
    for x in ins:
        n = ttype(x).shape[axis]
        out.append((at, n))
        at += n
    return out


def _part(e, g, axis, at, shape):
    """The window of ``g`` at ``at`` along ``axis`` with ``shape`` (unit strides)."""
    rank = len(shape)
    offsets = tuple(at if d == axis else 0 for d in range(rank))
    return e.slice(g, offsets=offsets, sizes=tuple(shape), strides=(1,) * rank)


def _axis(ins, attrs):
    return attrs["axis"] % len(ttype(ins[0]).shape)


# ---- reverse mode --------------------------------------------------------------------------------


def _slice_vjp(e, ins, outs, cts, attrs):
    # slice is a projection: its adjoint writes the cotangent back into zeros
    shape = ttype(ins[0]).shape
    return [e.insert_slice(cts[0], shape=shape, offsets=attrs["offsets"], strides=attrs["strides"])]


def _insert_slice_vjp(e, ins, outs, cts, attrs):
    # insert_slice's adjoint reads the window back out
    sizes = ttype(ins[0]).shape
    return [e.slice(cts[0], offsets=attrs["offsets"], sizes=sizes, strides=attrs["strides"])]


def _concat_vjp(e, ins, outs, cts, attrs):
    # each operand gets its own window of the cotangent
    axis = _axis(ins, attrs)
    return [
        _part(e, cts[0], axis, at, ttype(x).shape) for x, (at, _) in zip(ins, _concat_offsets(ins, axis), strict=True)
    ]


def _unconcat_vjp(e, ins, outs, cts, attrs):
    # the parts' cotangents joined back (a missing one is zeros)
    parts = [g if g is not None else e.zeros_like(o) for g, o in zip(cts, outs, strict=True)]
    return [parts[0] if len(parts) == 1 else e.concat(*parts, axis=_axis(ins, attrs))]


def _by_indices_vjp(e, ins, outs, cts, attrs):
    # gather's adjoint: scatter-add the cotangent's slices to the rows they were read from
    x, indices = ins
    axis = _axis(ins, attrs)
    return [e.scatter_add(cts[0], indices, axis=axis, size=ttype(x).shape[axis]), None]


def _scatter_add_vjp(e, ins, outs, cts, attrs):
    # scatter-add's adjoint: gather the cotangent back
    return [e.by_indices(cts[0], ins[1], axis=attrs["axis"]), None]


def _conv_float_vjp(e, ins, outs, cts, attrs):
    # a float cast's cotangent is cast back to the operand's dtype
    return [e.conv_float(cts[0], dtype=ttype(ins[0]).dtype.mlir_name)]


VJPS.update(
    {
        "slice": _slice_vjp,
        "insert_slice": _insert_slice_vjp,
        "concat": _concat_vjp,
        "unconcat": _unconcat_vjp,
        "by_indices": _by_indices_vjp,
        "scatter_add": _scatter_add_vjp,
        "conv_float": _conv_float_vjp,
    }
)


# ---- forward mode --------------------------------------------------------------------------------


def _linear_in_first(name: str):
    """Linear in operand 0, with the other operands (indices) held fixed: the op applied to the tangent."""

    def rule(e, ins, outs, ts, attrs):
        return [None if ts[0] is None else e.op(name, ts[0], *ins[1:], **attrs)]

    return rule


def _concat_jvp(e, ins, outs, ts, attrs):
    if all(t is None for t in ts):
        return [None]
    parts = [t if t is not None else e.zeros_like(x) for t, x in zip(ts, ins, strict=True)]
    return [e.concat(*parts, axis=attrs["axis"])]


def _unconcat_jvp(e, ins, outs, ts, attrs):
    if ts[0] is None:
        return [None] * len(outs)
    axis = _axis(ins, attrs)
    step = ttype(outs[0]).shape[axis]
    return [_part(e, ts[0], axis, k * step, ttype(o).shape) for k, o in enumerate(outs)]


JVPS.update(
    {
        **{
            name: _linear_in_first(name)
            for name in ("slice", "insert_slice", "by_indices", "scatter_add", "conv_float")
        },
        "concat": _concat_jvp,
        "unconcat": _unconcat_jvp,
    }
)
