"""Derivatives of the shape family.

Every op here is linear in its data operand, so each VJP applies the op's adjoint and each JVP the op
itself: slice ↔ insert_slice, concat ↔ slices / unconcat, by_indices ↔ scatter_add. Index operands get
no derivative (None). ``conv_float`` (Float32 ↔ Float64) casts derivatives back; casts to or from
integers (``conv_type``) are piecewise constant and marked non-differentiable.
"""

from __future__ import annotations

from ..irtools import ttype
from .rules import deflinear, defrules


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


# slice is a projection: its adjoint writes the cotangent back into zeros
deflinear(
    "slice",
    lambda e, g, ins, attrs: e.insert_slice(
        g, shape=ttype(ins[0]).shape, offsets=attrs["offsets"], strides=attrs["strides"]
    ),
)
# insert_slice's adjoint reads the window back out
deflinear(
    "insert_slice",
    lambda e, g, ins, attrs: e.slice(g, offsets=attrs["offsets"], sizes=ttype(ins[0]).shape, strides=attrs["strides"]),
)


def _by_indices_transpose(e, g, ins, attrs):
    # gather's adjoint: scatter-add the cotangent's slices to the rows they were read from
    x, indices = ins
    axis = _axis(ins, attrs)
    return e.scatter_add(g, indices, axis=axis, size=ttype(x).shape[axis])


deflinear("by_indices", _by_indices_transpose)
# scatter-add's adjoint: gather the cotangent back
deflinear("scatter_add", lambda e, g, ins, attrs: e.by_indices(g, ins[1], axis=attrs["axis"]))
# a float cast's cotangent is cast back to the operand's dtype
deflinear("conv_float", lambda e, g, ins, attrs: e.conv_float(g, dtype=ttype(ins[0]).dtype.mlir_name))


def _concat_vjp(e, ins, outs, cts, attrs):
    # each operand gets its own window of the cotangent
    axis = _axis(ins, attrs)
    return [
        _part(e, cts[0], axis, at, ttype(x).shape) for x, (at, _) in zip(ins, _concat_offsets(ins, axis), strict=True)
    ]


def _concat_jvp(e, ins, outs, ts, attrs):
    # concat is linear in all its operands: a missing tangent is zeros
    if all(t is None for t in ts):
        return [None]
    parts = [t if t is not None else e.zeros_like(x) for t, x in zip(ts, ins, strict=True)]
    return [e.concat(*parts, axis=attrs["axis"])]


def _unconcat_vjp(e, ins, outs, cts, attrs):
    # the parts' cotangents joined back (a missing one is zeros)
    parts = [g if g is not None else e.zeros_like(o) for g, o in zip(cts, outs, strict=True)]
    return [parts[0] if len(parts) == 1 else e.concat(*parts, axis=_axis(ins, attrs))]


def _unconcat_jvp(e, ins, outs, ts, attrs):
    # each part's tangent is its window of the operand's tangent
    if ts[0] is None:
        return [None] * len(outs)
    axis = _axis(ins, attrs)
    step = ttype(outs[0]).shape[axis]
    return [_part(e, ts[0], axis, k * step, ttype(o).shape) for k, o in enumerate(outs)]


defrules("concat", _concat_vjp, _concat_jvp)
defrules("unconcat", _unconcat_vjp, _unconcat_jvp)
