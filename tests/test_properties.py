"""Property tests (hypothesis): random graphs against the numpy references, random gradients against
finite differences, random bad inputs against the typed errors.

Profiles (``tests/conftest.py``, docs/testing.md): the default run is derandomized and small; run
``pytest tests/test_properties.py --hypothesis-profile=long`` to explore.
"""

from __future__ import annotations

import functools

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from op_cases import numeric_grad
from strategies import programs

import gorgonia_mlir as G
from gorgonia_mlir.dialect import OPS
from gorgonia_mlir.reference import REFERENCE

# Ops whose result is exact (data movement, comparisons): the rounding model adds no error there.
EXACT = {"constant", "reshape", "transpose", "slice", "broadcast_to", "concat", "lt", "gt", "lte", "gte", "eq", "ne"}
ULPS = 4  # error allowed per rounded op, in units of the dtype's epsilon
NOISY_RUNS = 6


def interpret(out: G.Node, feeds: dict[int, np.ndarray], noise: tuple[np.random.Generator, float] | None = None):
    """``out`` computed by running its subgraph op by op through ``REFERENCE``.

    With ``noise=(rng, eps)`` every inexact op's float result is scaled by (1 + u·eps), |u| ≤ 1: a model
    of the compiled graph's rounding errors, whose spread over runs estimates how far a correct result can
    be from the exact one (the graph's conditioning, propagated through every op).
    """
    values = dict(feeds)
    with out.graph.ctx:
        for rec in out.graph.ancestors([out]):
            name = rec.op.name.removeprefix("gorgonia.")
            results = REFERENCE[name]([values[id(n)] for n in rec.inputs], OPS[name].decode_attrs(rec.op))
            for node, v in zip(rec.outputs, results, strict=True):
                v = np.asarray(v)
                if noise is not None and name not in EXACT and v.dtype.kind == "f":
                    rng, eps = noise
                    v = v * (1 + eps * rng.uniform(-1, 1, v.shape))
                values[id(node)] = v
    return values[id(out)]


def _feeds(inputs, arrays, as_float64: bool):
    return {id(n): (a.astype(np.float64) if as_float64 else a) for n, a in zip(inputs, arrays, strict=True)}


def check_forward(program, got: np.ndarray, out: G.Node, feeds: dict, rng) -> None:
    """``got`` (compiled) against the reference: exact for ints, within the modelled rounding for floats."""
    dtype = program.dtype
    if dtype.is_int:
        want = interpret(out, feeds)
        assert got.dtype == want.dtype and got.shape == want.shape, (got.dtype, got.shape, want.dtype, want.shape)
        np.testing.assert_array_equal(got, want, err_msg=f"{out.name}\n{program!r}")
        return
    want = np.asarray(interpret(out, feeds), np.float64)
    eps = float(np.finfo(dtype.np).eps)
    spread = np.zeros(want.shape)
    for _ in range(NOISY_RUNS):
        spread = np.maximum(spread, np.abs(interpret(out, feeds, (rng, ULPS * eps)) - want))
    tol = 4 * spread + 8 * eps * (1 + np.abs(want))
    assert got.shape == want.shape and got.dtype == dtype.np, (got.shape, got.dtype, want.shape)
    bad = ~(np.abs(got - want) <= tol)
    assert not bad.any(), (
        f"{out.name}: {int(bad.sum())} of {bad.size} elements differ; first: got {got[bad][:4]}, "
        f"want {want[bad][:4]}, tolerance {tol[bad][:4]}\n{program!r}"
    )


# ---- 1. random graphs against the numpy references -----------------------------------------------


@given(program=programs(), seed=st.integers(0, 2**32 - 1))
def test_random_graph_matches_reference(program, seed):
    g, inputs, outputs = program.build()
    fn = G.function(inputs, outputs)
    rng = np.random.default_rng(seed)
    try:
        for _ in range(3):  # one compile, several input sets
            arrays = program.sample(rng)
            feeds = _feeds(inputs, arrays, as_float64=program.dtype.is_float)
            for out, got in zip(outputs, fn(*arrays), strict=True):
                check_forward(program, np.asarray(got), out, feeds, rng)
    finally:
        fn.close()


# ---- 2. gradients of random differentiable graphs against central differences ---------------------


@given(program=programs(G.Float64, smooth=True), seed=st.integers(0, 2**32 - 1))
def test_random_graph_gradient_matches_finite_differences(program, seed):
    rng = np.random.default_rng(seed)
    g, inputs, outputs = program.build()
    weights = [rng.normal(size=o.shape) for o in outputs]
    cost = functools.reduce(G.add, [G.sum(o * g.constant(w, G.Float64)) for o, w in zip(outputs, weights, strict=True)])
    grads = G.grad(cost, inputs)
    fn = G.function(inputs, [cost, *grads])
    arrays = program.sample(rng)

    def cost_at(i):
        def cost_of(x):
            feeds = _feeds(inputs, [x if k == i else a for k, a in enumerate(arrays)], False)
            return sum(float(np.sum(interpret(o, feeds) * w)) for o, w in zip(outputs, weights, strict=True))

        return cost_of

    try:
        got_cost, *got = fn(*arrays)
    finally:
        fn.close()
    np.testing.assert_allclose(got_cost, cost_at(0)(arrays[0]), rtol=1e-9, atol=1e-9, err_msg=repr(program))
    for i, (x, gr) in enumerate(zip(arrays, got, strict=True)):
        want = numeric_grad(cost_at(i), x)
        scale = 1.0 + float(np.max(np.abs(want), initial=0.0))
        np.testing.assert_allclose(
            np.asarray(gr), want, rtol=1e-5, atol=1e-6 * scale, err_msg=f"d cost / d v{program.inputs[i]}\n{program!r}"
        )
