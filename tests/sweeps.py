"""Inputs of the accuracy sweep: the whole float range of a dtype, and the hard cases of particular ops.

Shared by the op records (``tests/examples_elementwise.py`` names an op's extra inputs) and the accuracy
contract (``tests/accuracy_cases.py`` compiles and measures them); kept apart so neither imports the other.
Every generator is a function of the numpy float dtype (binary and row inputs also of the op's name, which
seeds their shuffles), so each op and dtype sees the same inputs on every run.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np

PREC = 256  # mpmath working precision (bits): far beyond float64's 53, covers the composites' cancellations
ROW = 8  # length of the rows that softmax, log_softmax and log_sum_exp reduce along axis 1
TRIG_DENSE = 1e4  # sin/cos get a dense sample and every float nearest to kπ/2 up to here

SPECIALS = np.array([0.0, -0.0, np.inf, -np.inf, np.nan])


def rng_for(name: str, dtype: str) -> np.random.Generator:
    """The generator of ``name``'s shuffles in ``dtype``: fixed per op, independent of the other ops."""
    return np.random.default_rng(sum(map(ord, f"{name}/{dtype}")))


def magnitudes(dt, per_decade: int) -> np.ndarray:
    """Log-spaced positive values from the smallest normal to the overflow threshold (both included)."""
    fi = np.finfo(dt)
    lo, hi = math.log10(fi.tiny), math.log10(fi.max)
    with np.errstate(over="ignore"):
        m = np.logspace(lo, hi, int((hi - lo) * per_decade))
    return np.concatenate([np.clip(m, fi.tiny, fi.max).astype(dt), np.array([fi.tiny, fi.max], dt)])


def sweep(dt) -> np.ndarray:
    """Both signs of the log-spaced magnitudes, dense values around the origin, and ±0, ±inf, NaN."""
    m = magnitudes(dt, 24 if dt == np.float32 else 6)
    rng = np.random.default_rng(13)
    # the curved parts of the activations, and where exp over/underflows (±88 in f32, ±709 in f64)
    wide = rng.uniform(-120, 120, 1000) if dt == np.float32 else rng.uniform(-760, 760, 1000)
    dense = np.concatenate([rng.uniform(-40, 40, 1500), rng.uniform(-1, 1, 500), np.arange(-8, 8.25, 0.25), wide])
    return np.concatenate([m, -m, dense.astype(dt), SPECIALS.astype(dt)])


# ---- extra inputs of unary ops (added to the sweep) ----------------------------------------------------


def near_one(dt) -> np.ndarray:
    eps = np.finfo(dt).eps
    d = np.geomspace(eps / 2, 0.5, 300)
    return np.concatenate([1 + d, 1 - d]).astype(dt)


def near_minus_one(dt) -> np.ndarray:
    eps = np.finfo(dt).eps
    d = np.geomspace(eps / 2, 0.9, 300)
    return np.concatenate([-1 + d, -1 - d]).astype(dt)


def exp_edges(dt) -> np.ndarray:
    """Around log(max), log(tiny) and log(smallest subnormal): where exp overflows and underflows."""
    fi = np.finfo(dt)
    edges = [math.log(float(fi.max)), math.log(float(fi.tiny)), math.log(float(fi.smallest_subnormal))]
    return np.concatenate([e + np.linspace(-2, 2, 201) for e in edges]).astype(dt)


def trig(dt) -> np.ndarray:
    # Uniform up to TRIG_DENSE, the floats nearest to kπ/2 (the hardest reductions) there and for 500
    # random k up to 2^60, and the float64 closest to a multiple of π/2 (6381956970095103·2^797).
    rng = np.random.default_rng(2)
    k = [*range(1, int(TRIG_DENSE / (np.pi / 2)) + 1), *(int(v) for v in rng.integers(2**20, 2**60, 500))]
    with mpmath.workprec(PREC):
        near = np.array([float(mpmath.mpf(i) * mpmath.pi / 2) for i in k]).astype(dt)
    hardest = np.array([math.ldexp(6381956970095103, 797)]) if dt == np.float64 else np.array([])
    return np.concatenate([rng.uniform(-TRIG_DENSE, TRIG_DENSE, 3000), near, -near, hardest, -hardest]).astype(dt)


def rounding(dt) -> np.ndarray:
    """Halves and eighths near 0, and the last binade where a float can have a fraction (ceil, floor)."""
    big = 2.0 ** (np.finfo(dt).nmant)
    halves = np.arange(-64, 64.125, 0.125)
    return np.concatenate([halves, big + np.arange(-4, 4.5, 0.5), -big + np.arange(-4, 4.5, 0.5)]).astype(dt)


# ---- inputs of binary and row ops (instead of the sweep) -----------------------------------------------


def pairs(dt, name: str) -> tuple[np.ndarray, np.ndarray]:
    """Operand pairs for a binary op: the sweep against a shuffled sweep, all special pairs, near-ties."""
    s = sweep(dt)
    rng = rng_for(name, str(np.dtype(dt)))
    a = np.concatenate([s, s, s])
    with np.errstate(over="ignore"):
        near = s * dt(1 + 4 * np.finfo(dt).eps)  # near-ties: sub's cancellations, div close to 1
    b = np.concatenate([rng.permutation(s), rng.permutation(s), near])
    fi = np.finfo(dt)
    corner = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1.0, -1.0, 2.5, -2.5, 3.0, -3.0, fi.tiny, fi.max], dt)
    ca, cb = np.meshgrid(corner, corner)
    return np.concatenate([a, ca.ravel()]).astype(dt), np.concatenate([b, cb.ravel()]).astype(dt)


def pow_pairs(dt, name: str) -> tuple[np.ndarray, np.ndarray]:
    """pow: every base of the sweep against small integers, halves and thirds, plus random real powers."""
    s = sweep(dt)
    rng = rng_for(name, str(np.dtype(dt)))
    exps = np.array([-3, -2, -1, -0.5, 0.5, 1, 2, 3, 7, 1 / 3, 2.5, -10.25])
    bases = s[:: max(1, len(s) // 1500)]
    base = np.concatenate([np.repeat(bases, len(exps)), rng.uniform(0, 4, 3000)])
    expo = np.concatenate([np.tile(exps, len(bases)), rng.uniform(-30, 30, 3000)])
    sa, sb = pairs(dt, name)
    return np.concatenate([base, sa[-169:]]).astype(dt), np.concatenate([expo, sb[-169:]]).astype(dt)


def rows(dt, name: str) -> np.ndarray:
    """(n, 8) rows: mixed magnitudes of the sweep, clusters c + U(-k, k), ties, and rows with ±inf/NaN."""
    rng = rng_for(name, str(np.dtype(dt)))
    s = sweep(dt)
    finite = s[np.isfinite(s)]
    mixed = rng.choice(finite, (600, ROW))
    centres = rng.choice(finite, 800)
    spread = np.repeat([1e-3, 1.0, 30.0, 1e3], 200)
    clusters = centres[:, None] + rng.uniform(-1, 1, (800, ROW)) * spread[:, None]
    ties = np.repeat(rng.choice(finite, 50)[:, None], ROW, axis=1)
    # a maximum near 0 far above the rest: log Σ exp = max + log(1 + small), results near 0
    near_zero = np.concatenate([rng.uniform(-1, 1, (200, 1)), -rng.uniform(3, 60, (200, ROW - 1))], axis=1)
    near_zero[:100, 0] *= 10.0 ** -rng.uniform(0, 30, 100)
    special = rng.uniform(-5, 5, (20, ROW))
    special[0, 3] = special[1, :4] = -np.inf
    special[2, :] = -np.inf
    special[3, 5] = special[4, 0] = np.inf
    special[5, 2] = special[6, 7] = np.nan
    special[7, 1], special[7, 6] = np.inf, -np.inf
    with np.errstate(over="ignore", invalid="ignore"):
        return np.concatenate([mixed, clusters, ties, rng.permuted(near_zero, axis=1), special]).astype(dt)
