"""numpy reference of the reductions family."""

from __future__ import annotations

import numpy as np

from . import REFERENCE


def _reduction(f):
    def ref(ins, attrs):
        x = ins[0]
        return [np.asarray(f(x, axis=tuple(attrs["along"]), keepdims=attrs["keepdims"])).astype(x.dtype)]

    return ref


def _log_sum_exp(x, axis, keepdims):
    # max-shifted, with a non-finite max replaced by 0 (as the lowering: all -inf gives -inf)
    m = np.max(x, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0)
    with np.errstate(divide="ignore"):
        out = np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True)) + m
    return out if keepdims else np.squeeze(out, axis=axis)


def _arg(f):
    def ref(ins, attrs):
        x = ins[0]
        out = f(x, axis=attrs["axis"])
        if attrs["keepdims"]:
            out = np.expand_dims(out, attrs["axis"])
        return [np.asarray(out).astype(np.int64)]

    return ref


def _batched_matmul(ins, attrs):
    a, b = ins
    a = np.swapaxes(a, 1, 2) if attrs["trans_a"] else a
    b = np.swapaxes(b, 1, 2) if attrs["trans_b"] else b
    return [np.matmul(a, b).astype(a.dtype)]


def _tensordot(ins, attrs):
    x, y = ins
    axes = (list(attrs["a_axes"]), list(attrs["b_axes"]))
    return [np.asarray(np.tensordot(x, y, axes)).astype(x.dtype)]


REFERENCE.update(
    {
        "max": _reduction(np.max),
        "min": _reduction(np.min),
        "prod": _reduction(np.prod),
        "log_sum_exp": _reduction(_log_sum_exp),
        "argmax": _arg(np.argmax),
        "argmin": _arg(np.argmin),
        "batched_matmul": _batched_matmul,
        "tensordot": _tensordot,
    }
)
