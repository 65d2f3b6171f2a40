"""numpy reference of the shape family (indices clamped into range, as the lowering does)."""

from __future__ import annotations

import numpy as np

from gorgonia_mlir.dialect.shape import dtype_named

from . import REFERENCE


def _window(offsets, sizes, strides) -> tuple[slice, ...]:
    return tuple(slice(o, o + (n - 1) * s + 1, s) for o, n, s in zip(offsets, sizes, strides, strict=True))


def _slice(ins, attrs):
    return [ins[0][_window(attrs["offsets"], attrs["sizes"], attrs["strides"])].copy()]


def _insert_slice(ins, attrs):
    out = np.zeros(attrs["shape"], dtype=ins[0].dtype)
    out[_window(attrs["offsets"], ins[0].shape, attrs["strides"])] = ins[0]
    return [out]


def _clamp(indices, n):
    return np.clip(indices.astype(np.int64), 0, n - 1)


def _by_indices(ins, attrs):
    x, indices = ins
    axis = attrs["axis"] % x.ndim
    return [np.take(x, _clamp(indices, x.shape[axis]), axis=axis)]


def _scatter_add(ins, attrs):
    g, indices = ins
    axis = attrs["axis"] % g.ndim
    moved = np.moveaxis(g, axis, 0)
    out = np.zeros((attrs["size"], *moved.shape[1:]), dtype=g.dtype)
    np.add.at(out, _clamp(indices, attrs["size"]), moved)
    return [np.moveaxis(out, 0, axis)]


def cast(x: np.ndarray, to: np.dtype) -> np.ndarray:
    """numpy astype, with float→int truncating toward zero, saturating, and NaN → 0 (as the lowering)."""
    if x.dtype.kind == "f" and to.kind == "i":
        info = np.iinfo(to)
        with np.errstate(invalid="ignore"):
            t = np.trunc(x.astype(np.float64))
            big = t >= 2.0 ** (info.bits - 1)
            small = t < -(2.0 ** (info.bits - 1))
            safe = np.where(np.isnan(t) | big | small, 0, t).astype(to)
        return np.where(big, info.max, np.where(small, info.min, safe)).astype(to)
    return x.astype(to)


REFERENCE.update(
    {
        "slice": _slice,
        "insert_slice": _insert_slice,
        "concat": lambda ins, attrs: [np.concatenate(ins, axis=attrs["axis"])],
        "unconcat": lambda ins, attrs: [p.copy() for p in np.split(ins[0], attrs["n"], axis=attrs["axis"])],
        "by_indices": _by_indices,
        "scatter_add": _scatter_add,
        "conv_float": lambda ins, attrs: [cast(ins[0], dtype_named(attrs["dtype"]).np)],
        "conv_type": lambda ins, attrs: [cast(ins[0], dtype_named(attrs["dtype"]).np)],
    }
)
