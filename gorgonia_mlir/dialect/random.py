"""Random source ops: counter-based (splitmix64 of seed, run counter and element index).

Seeded and reproducible: the same seed gives the same sequence in a fresh machine; each run of a
machine draws fresh values because the module's run counter advances.
"""

from __future__ import annotations

from .. import dtypes as dt
from .spec import F64, I64, I64_ARRAY, STR, OpSpec, ShapeError, TType
from .table import register_op


def _source(extra_check=None):
    def infer(ts, attrs):
        if ts:
            raise ShapeError(f"expects no operands, got {len(ts)}")
        by_name = {d.mlir_name: d for d in dt.ALL}
        dtype = by_name.get(attrs["dtype"])
        if dtype is None or not dtype.is_float:
            raise ShapeError(f"dtype must be a float type (f32/f64), got {attrs['dtype']!r}")
        shape = tuple(attrs["shape"])
        if any(d <= 0 for d in shape):
            raise ShapeError(f"dimensions must be positive, got {shape}")
        if extra_check:
            extra_check(attrs)
        return [TType(shape, dtype)]

    return infer


def _uniform_check(attrs):
    if not attrs["low"] < attrs["high"]:
        raise ShapeError(f"needs low < high, got low={attrs['low']}, high={attrs['high']}")


def _gaussian_check(attrs):
    if not attrs["stdev"] >= 0:
        raise ShapeError(f"needs stdev >= 0, got {attrs['stdev']}")


def _binomial_check(attrs):
    if attrs["trials"] < 0 or not 0.0 <= attrs["prob"] <= 1.0:
        raise ShapeError(f"needs trials >= 0 and 0 <= prob <= 1, got trials={attrs['trials']}, prob={attrs['prob']}")


COMMON = {"seed": I64, "shape": I64_ARRAY, "dtype": STR}

register_op(
    OpSpec(
        "uniform_random",
        (),
        {**COMMON, "low": F64, "high": F64},
        _source(_uniform_check),
        "uniform samples in [low, high)",
        "random",
        differentiable=False,
    )
)
register_op(
    OpSpec(
        "gaussian_random",
        (),
        {**COMMON, "mean": F64, "stdev": F64},
        _source(_gaussian_check),
        "normal samples (inverse-CDF of a uniform, Acklam's approximation)",
        "random",
        differentiable=False,
    )
)
register_op(
    OpSpec(
        "binomial_random",
        (),
        {**COMMON, "trials": I64, "prob": F64},
        _source(_binomial_check),
        "binomial samples: successes in `trials` Bernoulli(prob) draws",
        "random",
        differentiable=False,
    )
)

RANDOM_OPS = ("uniform_random", "gaussian_random", "binomial_random")
