"""Random nodes (Gorgonia's ``UniformRandomNode``, ``GaussianRandomNode``, ``BinomialRandomNode``).

Each run of a machine draws fresh values; the same ``seed`` reproduces the same sequence in a new
machine. Without ``seed=``, one is drawn from the generator that ``G.set_seed`` controls.

>>> import gorgonia_mlir as G
>>> g = G.Graph()
>>> u = G.uniform_random(g, G.Float32, 0.0, 1.0, (2, 3), seed=1)
>>> u.shape
(2, 3)
"""

from __future__ import annotations

from .. import dtypes as dt
from ..arguments import as_int, as_int_list, as_real
from ..errors import GraphError
from ..graph import Graph, Node
from ..initializers import draw_seed
from ..location import user_location

__all__ = ["binomial_random", "gaussian_random", "uniform_random"]


def _random(op: str, g: Graph, dtype, shape, seed, name, **params) -> Node:
    if not isinstance(g, Graph):
        raise GraphError(f"{op}: first argument must be a Graph, got {type(g).__name__} [at {user_location()}]")
    if not isinstance(dtype, dt.Dtype):
        raise GraphError(f"{op}: dtype must be G.Float32 or G.Float64, got {dtype!r} [at {user_location()}]")
    shape = as_int_list(op, shape, "the shape's dimensions")
    seed = draw_seed() if seed is None else as_int(op, seed, "seed")
    attrs = {"seed": seed, "shape": shape, "dtype": dtype.mlir_name, **params}
    return g.apply1(op, [], attrs, name=name)


def uniform_random(
    g: Graph, dtype, low: float = 0.0, high: float = 1.0, shape=(), seed: int | None = None, name: str | None = None
) -> Node:
    """Uniform samples in [low, high).

    >>> import gorgonia_mlir as G
    >>> g = G.Graph(); u = G.uniform_random(g, G.Float64, -1.0, 1.0, (4,), seed=0)
    """
    low, high = (as_real("uniform_random", v, what) for v, what in ((low, "low"), (high, "high")))
    return _random("uniform_random", g, dtype, shape, seed, name, low=low, high=high)


def gaussian_random(
    g: Graph, dtype, mean: float = 0.0, stdev: float = 1.0, shape=(), seed: int | None = None, name: str | None = None
) -> Node:
    """Normal samples with the given mean and standard deviation.

    >>> import gorgonia_mlir as G
    >>> g = G.Graph(); z = G.gaussian_random(g, G.Float32, 0.0, 1.0, (3, 3), seed=0)
    """
    mean, stdev = (as_real("gaussian_random", v, what) for v, what in ((mean, "mean"), (stdev, "stdev")))
    return _random("gaussian_random", g, dtype, shape, seed, name, mean=mean, stdev=stdev)


def binomial_random(
    g: Graph, dtype, trials: int = 1, prob: float = 0.5, shape=(), seed: int | None = None, name: str | None = None
) -> Node:
    """Binomial samples: the number of successes in ``trials`` draws of probability ``prob``.

    >>> import gorgonia_mlir as G
    >>> g = G.Graph(); k = G.binomial_random(g, G.Float32, 10, 0.3, (5,), seed=0)
    """
    trials, prob = as_int("binomial_random", trials, "trials"), as_real("binomial_random", prob, "prob")
    return _random("binomial_random", g, dtype, shape, seed, name, trials=trials, prob=prob)
