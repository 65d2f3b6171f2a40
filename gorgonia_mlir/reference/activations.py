"""numpy references of the elementwise math ops."""

from __future__ import annotations

import math

import numpy as np

from . import REFERENCE


def _1(f):
    return lambda ins, attrs: [np.asarray(f(*ins)).astype(ins[0].dtype)]


def _softplus(x):
    return np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))


REFERENCE.update(
    {
        "abs": _1(np.abs),
        "sign": _1(np.sign),
        "ceil": _1(np.ceil),
        "floor": _1(np.floor),
        "sin": _1(np.sin),
        "cos": _1(np.cos),
        "log1p": _1(np.log1p),
        "expm1": _1(np.expm1),
        "erf": _1(np.vectorize(math.erf, otypes=[np.float64])),
        "ndtr": _1(np.vectorize(lambda x: 0.5 * math.erfc(-x / math.sqrt(2)), otypes=[np.float64])),
        "softplus": _1(_softplus),
        "min_between": _1(np.minimum),
        "max_between": _1(np.maximum),
    }
)
