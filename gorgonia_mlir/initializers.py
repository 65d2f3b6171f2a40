"""Initialisers for learnables (Gorgonia's ``InitWFn``s): seeded and reproducible.

Each returns an ``Init``; a node made with ``init=`` gets its value at construction:

>>> import gorgonia_mlir as G
>>> g = G.Graph()
>>> w = G.matrix(g, G.Float64, shape=(2, 2), name="w", init=G.ranged_from(0))
>>> w.value.tolist()
[[0.0, 1.0], [2.0, 3.0]]
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .errors import GraphError
from .location import user_location

_rng = np.random.default_rng(0)


def set_seed(seed: int) -> None:
    """Reseed the generator used by initialisers that were given no ``seed=``.

    >>> set_seed(42)
    """
    global _rng
    _rng = np.random.default_rng(seed)


@dataclass(frozen=True)
class Init:
    """A named initialiser: ``fn(shape, rng) -> float64 array``."""

    name: str
    fn: Callable[[tuple[int, ...], np.random.Generator], np.ndarray]
    seed: int | None = None

    def __call__(self, shape, dtype=np.float64) -> np.ndarray:
        rng = _rng if self.seed is None else np.random.default_rng(self.seed)
        return np.asarray(self.fn(tuple(shape), rng)).astype(dtype)


def evaluate(init, ttype, name: str = "?") -> np.ndarray:
    """The initial value of the learnable ``name`` of type ``ttype`` (an ``Init``, or an array-like value)."""
    loc = user_location()
    if isinstance(init, Init):
        try:
            return init(ttype.shape, ttype.dtype.np)
        except ValueError as exc:
            raise GraphError(
                f"{init.name}: cannot initialise node {name!r} of shape {ttype.shape}: {exc} [at {loc}]"
            ) from None
    if callable(init):  # e.g. init=G.zeroes instead of init=G.zeroes()
        what = getattr(init, "__name__", type(init).__name__)
        raise GraphError(f"init: G.{what} is a function: call it, init=G.{what}() (node {name!r}) [at {loc}]")
    try:
        arr = np.asarray(init)
    except ValueError as exc:
        raise GraphError(f"init: node {name!r}: cannot make an array of {init!r}: {exc} [at {loc}]") from None
    if arr.dtype.kind not in "biuf":
        raise GraphError(
            f"init: node {name!r} needs an initialiser such as G.zeroes() or an array of numbers, got {init!r} "
            f"[at {loc}]"
        )
    if arr.shape != ttype.shape:
        raise GraphError(
            f"init: node {name!r} has shape {ttype.shape}, the init value has shape {arr.shape} [at {loc}]"
        )
    return arr.astype(ttype.dtype.np)


def _fans(shape) -> tuple[int, int]:
    # Gorgonia's GlorotEtAl: (s0, s1) for matrices, receptive field folded into both for convs.
    if len(shape) == 0:
        raise ValueError("Glorot/He initialisation needs at least one dimension")
    if len(shape) == 1:
        return 1, shape[0]
    rf = math.prod(shape[2:])
    return shape[0] * rf, shape[1] * rf


def _he_fan_in(shape) -> int:
    # Gorgonia's HeEtAl: s0 for matrices, s1 times the receptive field for convs.
    if len(shape) < 2:
        raise ValueError("He initialisation needs at least two dimensions")
    return shape[0] if len(shape) == 2 else shape[1] * math.prod(shape[2:])


def zeroes() -> Init:
    """All zeros (Gorgonia's ``Zeroes``)."""
    return Init("zeroes", lambda s, r: np.zeros(s))


def ones() -> Init:
    """All ones (Gorgonia's ``Ones``)."""
    return Init("ones", lambda s, r: np.ones(s))


def ranged_from(start: float) -> Init:
    """``start, start+1, ...`` in row-major order (Gorgonia's ``RangedFrom``)."""
    return Init("ranged_from", lambda s, r: np.arange(start, start + math.prod(s)).reshape(s))


def values_of(value: float) -> Init:
    """Every element equal to ``value`` (Gorgonia's ``ValuesOf``)."""
    return Init("values_of", lambda s, r: np.full(s, value, dtype=np.float64))


def gaussian(mean: float = 0.0, stdev: float = 1.0, seed: int | None = None) -> Init:
    """Normal samples (Gorgonia's ``Gaussian``)."""
    return Init("gaussian", lambda s, r: r.normal(mean, stdev, s), seed)


def uniform(low: float = 0.0, high: float = 1.0, seed: int | None = None) -> Init:
    """Uniform samples in [low, high) (Gorgonia's ``Uniform``)."""
    return Init("uniform", lambda s, r: r.uniform(low, high, s), seed)


def glorot_n(gain: float = 1.0, seed: int | None = None) -> Init:
    """Glorot/Xavier normal: stdev = gain·sqrt(2/(fan_in+fan_out)) (Gorgonia's ``GlorotN``)."""
    return Init("glorot_n", lambda s, r: r.normal(0.0, gain * math.sqrt(2.0 / sum(_fans(s))), s), seed)


def glorot_u(gain: float = 1.0, seed: int | None = None) -> Init:
    """Glorot/Xavier uniform: limit = gain·sqrt(6/(fan_in+fan_out)) (Gorgonia's ``GlorotU``)."""

    def fn(s, r):
        limit = gain * math.sqrt(6.0 / sum(_fans(s)))
        return r.uniform(-limit, limit, s)

    return Init("glorot_u", fn, seed)


def he_n(gain: float = 1.0, seed: int | None = None) -> Init:
    """He normal: stdev = gain·sqrt(1/fan_in) (Gorgonia's ``HeN``)."""
    return Init("he_n", lambda s, r: r.normal(0.0, gain * math.sqrt(1.0 / _he_fan_in(s)), s), seed)


def he_u(gain: float = 1.0, seed: int | None = None) -> Init:
    """He uniform: limit = gain·sqrt(3/fan_in) (Gorgonia's ``HeU``)."""

    def fn(s, r):
        limit = gain * math.sqrt(3.0 / _he_fan_in(s))
        return r.uniform(-limit, limit, s)

    return Init("he_u", fn, seed)


def draw_seed() -> int:
    """A seed for a random node made without ``seed=``: drawn from the generator ``set_seed`` controls."""
    return int(_rng.integers(0, 2**62))
