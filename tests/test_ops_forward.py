"""Every op of the dialect against numpy, through the real pipeline (passes + IREE + runtime).

``EXAMPLES`` maps each op name to example cases built through the public API (op functions, Python
operators, ``mul`` overloads, composites); each family's cases live in ``tests/examples_<family>.py``
(the elementwise family's are derived from its op records). All cases of one dtype go into one graph
compiled once by a ``TapeMachine``; each op is then reported by its own test. A case's compiled value is
checked against

* the ``REFERENCE`` table (tests/reference/), interpreting the case's subgraph op by op in numpy, and
* ``expect``: what the public call means in plain numpy (catches builders that emit the wrong op).

If the batched compile fails, every case is compiled alone so the failure lands on the op that caused it.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np
import pytest
from op_cases import ALL, INTS, Case, family_modules
from reference import REFERENCE

import gorgonia_mlir as G
from gorgonia_mlir.dialect import OPS

TOL = {np.dtype(np.float32): {"rtol": 1e-5, "atol": 1e-6}, np.dtype(np.float64): {"rtol": 1e-12, "atol": 1e-12}}

EXAMPLES: dict[str, list[Case]] = {}
# Ops built from other ops by the public API (checked here, but not entries of OPS).
COMPOSITES: set[str] = set()
for _family in family_modules():
    EXAMPLES.update(getattr(_family, "EXAMPLES", {}))
    COMPOSITES |= set(getattr(_family, "COMPOSITES", ()))


# ---- inputs and the numpy side ---------------------------------------------------------------------


def _inputs(case: Case, dtype, label: str) -> list[np.ndarray]:
    if case.values is not None:
        return case.values(dtype)
    rng = np.random.default_rng(zlib.crc32(f"{label}/{dtype}".encode()))
    out = []
    for shape in case.shapes:
        if dtype in INTS:
            out.append(rng.integers(-5, 6, size=shape).astype(dtype.np))
            continue
        if dtype == G.Bool:
            out.append(rng.integers(0, 2, size=shape).astype(bool))
            continue
        if case.domain == "positive":
            v = rng.uniform(0.5, 3.0, shape)
        elif case.domain == "nonzero":
            v = rng.uniform(0.5, 2.0, shape) * rng.choice([-1.0, 1.0], shape)
        elif case.domain == "unit":
            v = rng.uniform(0.05, 0.95, shape)
        elif case.domain == "wide":
            v = rng.uniform(-100.0, 100.0, shape)
        else:
            v = rng.uniform(-2.0, 2.0, shape)
        out.append(np.asarray(v, dtype=dtype.np))
    return out


def reference_eval(out: G.Node, feeds: dict[int, np.ndarray]) -> np.ndarray:
    """``out``'s value computed by interpreting its subgraph with the numpy ``REFERENCE`` table."""
    values = dict(feeds)
    with out.graph.ctx:
        for rec in out.graph.ancestors([out]):
            name = rec.op.name.removeprefix("gorgonia.")
            attrs = OPS[name].decode_attrs(rec.op)
            results = REFERENCE[name]([values[id(n)] for n in rec.inputs], attrs)
            for node, v in zip(rec.outputs, results, strict=True):
                values[id(node)] = np.asarray(v)
    return values[id(out)]


def ops_used(out: G.Node) -> set[str]:
    """Names of the gorgonia ops ``out`` is computed with."""
    return {r.op.name.removeprefix("gorgonia.") for r in out.graph.ancestors([out])}


# ---- compiled results, once per dtype --------------------------------------------------------------


@dataclass
class Result:
    op: str
    label: str
    case: Case
    arrays: list[np.ndarray]
    inputs: list[G.Node] | None = None
    out: G.Node | None = None
    got: np.ndarray | None = None
    error: str | None = None


def _build(dtype) -> tuple[G.Graph, list[Result]]:
    g = G.Graph(f"forward_{dtype.name}")
    results = []
    for op, cases in EXAMPLES.items():
        for i, case in enumerate(cases):
            if dtype not in case.on:
                continue
            label = f"{op}[{i}] {case.src}"
            r = Result(op, label, case, _inputs(case, dtype, label))
            try:
                r.inputs = [G.tensor(g, dtype, shape=s, name=f"{op}{i}_x{k}") for k, s in enumerate(case.shapes)]
                r.out = case.build(*r.inputs)
            except Exception as exc:  # reported by the op's own test
                r.error = f"building failed: {type(exc).__name__}: {exc}"
            results.append(r)
    return g, results


def _run_batched(g: G.Graph, results: list[Result]) -> None:
    live = [r for r in results if r.error is None]
    for r in live:
        for node, arr in zip(r.inputs, r.arrays, strict=True):
            G.let(node, arr)
    with G.TapeMachine(g, outputs=[r.out for r in live]) as m:
        m.run_all()
        for r in live:
            r.got = np.asarray(r.out.value)


def _run_one(r: Result) -> None:
    try:
        f = G.function(r.inputs, [r.out], name="case")
        r.got = np.asarray(f(*r.arrays)[0])
        f.close()
    except Exception as exc:
        r.error = f"{type(exc).__name__}: {exc}"


@dataclass
class Batch:
    """All cases of one dtype; ``fallback`` says why the one-module compile failed (None: it worked)."""

    results: list[Result]
    fallback: str | None = None


def compute(dtype) -> Batch:
    g, results = _build(dtype)
    batch = Batch(results)
    try:
        _run_batched(g, results)
    except G.GorgoniaError as exc:
        # Find the culprit: every case on its own, so only the broken op's test fails.
        batch.fallback = f"{type(exc).__name__}: {exc}"
        for r in results:
            if r.error is None:
                _run_one(r)
    return batch


@pytest.fixture(scope="module")
def forward():
    """``forward(dtype)``: the Batch of that dtype, compiled on first use (one compile per dtype)."""
    cache: dict = {}

    def get(dtype) -> Batch:
        if dtype not in cache:
            cache[dtype] = compute(dtype)
        return cache[dtype]

    return get


# ---- checks ----------------------------------------------------------------------------------------


def _mismatch(got: np.ndarray, want: np.ndarray) -> str | None:
    want = np.asarray(want).astype(got.dtype)
    if got.dtype.kind != "f":
        ok = got.shape == want.shape and np.array_equal(got, want)
    else:
        ok = got.shape == want.shape and np.allclose(got, want, **TOL[got.dtype])
    return None if ok else f"got {got.tolist()}, want {want.tolist()}"


def check(r: Result, dtype) -> list[str]:
    """Why result ``r`` is wrong (empty when right)."""
    if r.error:
        return [r.error]
    problems = []
    if r.op in OPS and r.op not in ops_used(r.out):
        problems.append(f"the case does not use gorgonia.{r.op} (it uses {sorted(ops_used(r.out))})")
    if r.got.shape != r.out.shape or r.got.dtype != r.out.dtype.np:
        problems.append(f"result is {r.got.dtype}{list(r.got.shape)}, the node is {r.out.dtype}{list(r.out.shape)}")
    feeds = {id(n): a for n, a in zip(r.inputs, r.arrays, strict=True)}
    want = reference_eval(r.out, feeds)
    if want.dtype != r.got.dtype:
        problems.append(f"REFERENCE gives {want.dtype}, the compiled result is {r.got.dtype}")
    bad = _mismatch(r.got, want)
    if bad:
        problems.append(f"vs REFERENCE: {bad}")
    if r.case.expect is not None:
        bad = _mismatch(r.got, r.case.expect(*r.arrays))
        if bad:
            problems.append(f"vs numpy: {bad}")
    return problems


PARAMS = [
    pytest.param(op, dtype, id=f"{op}-{dtype.name}")
    for op, cases in EXAMPLES.items()
    for dtype in ALL
    if any(dtype in c.on for c in cases)
]


@pytest.mark.parametrize("op,dtype", PARAMS)
def test_op_forward(op, dtype, forward):
    results = [r for r in forward(dtype).results if r.op == op]
    assert results, f"no example of {op} in {dtype}"
    failures = [f"{r.label} [{dtype}]: {p}" for r in results for p in check(r, dtype)]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("dtype", ALL, ids=lambda d: d.name)
def test_batched_graph_compiles_as_one(dtype, forward):
    """The whole table of a dtype compiles and runs as one module (no per-case fallback was needed)."""
    batch = forward(dtype)
    assert batch.fallback is None, batch.fallback
    assert len(batch.results) > 10 and all(r.got is not None for r in batch.results)
