"""Every op of the dialect against numpy, through the real pipeline (passes + IREE + runtime).

``EXAMPLES`` maps each op name to example cases built through the public API (op functions, Python
operators, ``mul`` overloads, composites). All cases of one dtype go into one graph compiled once by a
``TapeMachine``; each op is then reported by its own test. A case's compiled value is checked against

* the ``REFERENCE`` table, interpreting the case's subgraph op by op in numpy, and
* ``expect``: what the public call means in plain numpy (catches builders that emit the wrong op).

If the batched compile fails, every case is compiled alone so the failure lands on the op that caused it.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np
import pytest
from op_cases import ALL, INTS, NUMERIC, Case, family_modules
from op_cases import case as _case

import gorgonia_mlir as G
from gorgonia_mlir.dialect import OPS
from gorgonia_mlir.reference import REFERENCE

TOL = {np.dtype(np.float32): {"rtol": 1e-5, "atol": 1e-6}, np.dtype(np.float64): {"rtol": 1e-12, "atol": 1e-12}}

# Ops built from other ops by the public API (checked here, but not entries of OPS).
COMPOSITES = {"mean"}


def _int_div_values(dtype):
    # Truncation toward zero (Go) for every sign combination, and x / 0 = 0.
    x = np.array([7, -7, 7, -7, 5, 0, -3, 9], dtype=dtype.np)
    y = np.array([2, 2, -2, -2, 0, 3, 0, 3], dtype=dtype.np)
    return [x, y]


def _unordered_values(dtype):
    # Ties, NaN (unordered: only ne holds) and -0.0 == 0.0.
    x = np.array([1.0, np.nan, 2.0, -0.0, 3.0, 1.0], dtype=dtype.np)
    y = np.array([1.0, np.nan, 3.0, 0.0, np.nan, -1.0], dtype=dtype.np)
    return [x, y]


def _comparison(name: str, np_fn) -> list[Case]:
    f = getattr(G, name)
    return [
        _case(f"G.{name}(x, y)", [(2, 3), (2, 3)], f, np_fn, on=ALL),
        _case(f"G.{name}(x, 0)", [(2, 3)], lambda x: f(x, 0), lambda x: np_fn(x, 0), on=NUMERIC),
        _case(
            f"G.{name}(x, y, ret_same=True)  (2,3)·(3,)",
            [(2, 3), (3,)],
            lambda x, y: f(x, y, ret_same=True),
            lambda x, y: np_fn(x, y).astype(x.dtype),
            on=NUMERIC,
        ),
        _case(f"G.{name}(x, y)  (ties, NaN, -0.0)", [(6,), (6,)], f, np_fn, values=_unordered_values),
        _case(f"G.{name}(b, True)", [(4,)], lambda x: f(x, True), lambda x: np_fn(x, True), on=(G.Bool,)),
    ]


EXAMPLES: dict[str, list[Case]] = {
    "constant": [
        _case("x + 2.5  (the scalar constant)", [(2, 3)], lambda x: (x + 2.5).inputs[1], lambda x: np.asarray(2.5)),
        _case(
            "x + [1, 2, 3]  (array constant)",
            [(2, 3)],
            lambda x: (x + [1, 2, 3]).inputs[1],
            lambda x: np.array([1, 2, 3]),
            on=NUMERIC,
        ),
        _case("3 - x  (reflected constant)", [(4,)], lambda x: (3 - x).inputs[0], lambda x: np.asarray(3), on=NUMERIC),
        _case(
            "G.ne(b, [True, False, True])  (Bool array constant)",
            [(2, 3)],
            lambda x: G.ne(x, [True, False, True]).inputs[1],
            lambda x: np.array([True, False, True]),
            on=(G.Bool,),
        ),
    ],
    "neg": [
        _case("G.neg(x)", [(2, 3)], G.neg, np.negative, on=NUMERIC),
        _case("-x", [(4,)], lambda x: -x, np.negative, on=NUMERIC),
        _case("-x  (scalar)", [()], lambda x: -x, np.negative, on=NUMERIC),
    ],
    "square": [
        _case("G.square(x)", [(2, 3)], G.square, np.square, on=NUMERIC),
        _case("G.square(x)  (rank 3)", [(2, 3, 4)], G.square, np.square, on=NUMERIC),
    ],
    "rectify": [
        _case("G.rectify(x)", [(3, 4)], G.rectify, lambda x: np.maximum(x, 0), on=NUMERIC),
        _case("G.relu(x)", [(5,)], G.relu, lambda x: np.maximum(x, 0), on=NUMERIC),
    ],
    "exp": [
        _case("G.exp(x)", [(2, 3)], G.exp, np.exp),
        _case("G.exp(x)  (scalar)", [()], G.exp, np.exp),
    ],
    "log": [
        _case("G.log(x)", [(2, 3)], G.log, np.log, domain="positive"),
        _case("G.log(x)  (rank 3)", [(2, 2, 2)], G.log, np.log, domain="positive"),
    ],
    "tanh": [
        _case("G.tanh(x)", [(2, 3)], G.tanh, np.tanh),
        _case("G.tanh(x)  (|x| up to 100)", [(16,)], G.tanh, np.tanh, domain="wide"),
    ],
    "sigmoid": [
        _case("G.sigmoid(x)", [(2, 3)], G.sigmoid, lambda x: 1 / (1 + np.exp(-x))),
        _case("G.sigmoid(x)  (|x| up to 100)", [(16,)], G.sigmoid, None, domain="wide"),
    ],
    "sqrt": [
        _case("G.sqrt(x)", [(2, 3)], G.sqrt, np.sqrt, domain="positive"),
        _case("G.sqrt(x)  (scalar)", [()], G.sqrt, np.sqrt, domain="positive"),
    ],
    "add": [
        _case("G.add(x, y)", [(2, 3), (2, 3)], G.add, np.add, on=NUMERIC),
        _case("x + y  (2,3)+(3,)", [(2, 3), (3,)], lambda x, y: x + y, np.add, on=NUMERIC),
        _case("x + y  (2,1)+(1,3)", [(2, 1), (1, 3)], lambda x, y: x + y, np.add, on=NUMERIC),
        _case("x + y  scalar + matrix", [(), (2, 3)], lambda x, y: x + y, np.add, on=NUMERIC),
        _case("x + y  (2,1,4)+(3,1)", [(2, 1, 4), (3, 1)], lambda x, y: x + y, np.add),
        _case("x + 1.5", [(2, 3)], lambda x: x + 1.5, lambda x: x + 1.5),
        _case("1.5 + x", [(2, 3)], lambda x: 1.5 + x, lambda x: 1.5 + x),
        _case("x + 2", [(3,)], lambda x: x + 2, lambda x: x + 2, on=NUMERIC),
        _case("2 + x", [(3,)], lambda x: 2 + x, lambda x: 2 + x, on=NUMERIC),
    ],
    "sub": [
        _case("G.sub(x, y)", [(2, 3), (2, 3)], G.sub, np.subtract, on=NUMERIC),
        _case("x - y  (3,1)-(1,4)", [(3, 1), (1, 4)], lambda x, y: x - y, np.subtract, on=NUMERIC),
        _case("x - 1", [(2, 3)], lambda x: x - 1, lambda x: x - 1, on=NUMERIC),
        _case("1 - x", [(2, 3)], lambda x: 1 - x, lambda x: 1 - x, on=NUMERIC),
        _case("0.5 - x", [(4,)], lambda x: 0.5 - x, lambda x: 0.5 - x),
    ],
    "hadamard_prod": [
        _case("G.hadamard_prod(x, y)", [(2, 3), (2, 3)], G.hadamard_prod, np.multiply, on=NUMERIC),
        _case("x * y  (2,1)*(1,3)", [(2, 1), (1, 3)], lambda x, y: x * y, np.multiply, on=NUMERIC),
        _case("x * 2.0", [(2, 3)], lambda x: x * 2.0, lambda x: x * 2.0),
        _case("2.0 * x", [(2, 3)], lambda x: 2.0 * x, lambda x: 2.0 * x),
        _case("3 * x", [(4,)], lambda x: 3 * x, lambda x: 3 * x, on=NUMERIC),
        _case("np.float64(3) * x", [(4,)], lambda x: np.float64(3) * x, lambda x: 3 * x),
        _case("G.mul(s, m)  scalar × matrix", [(), (2, 3)], G.mul, np.multiply, on=NUMERIC),
        _case("G.mul(m, s)  matrix × scalar", [(2, 3), ()], G.mul, np.multiply, on=NUMERIC),
        _case("G.mul(s, v)  scalar × vector", [(), (5,)], G.mul, np.multiply, on=NUMERIC),
    ],
    "hadamard_div": [
        _case("G.hadamard_div(x, y)", [(2, 3), (2, 3)], G.hadamard_div, np.divide, domain="nonzero"),
        _case("x / y  (2,3)/(3,)", [(2, 3), (3,)], lambda x, y: x / y, np.divide, domain="nonzero"),
        _case("x / 2.0", [(2, 3)], lambda x: x / 2.0, lambda x: x / 2.0),
        _case("2.0 / x", [(2, 3)], lambda x: 2.0 / x, lambda x: 2.0 / x, domain="nonzero"),
        _case(
            "x / y  (ints: truncation toward zero, x / 0 = 0)",
            [(8,), (8,)],
            lambda x, y: x / y,
            lambda x, y: np.array([3, -3, -3, 3, 0, 0, 0, 3]),
            on=INTS,
            values=_int_div_values,
        ),
        _case("x / 2", [(6,)], lambda x: x / 2, None, on=NUMERIC),
    ],
    "pow": [
        _case("G.pow(x, y)", [(2, 3), (2, 3)], G.pow, np.power, domain="positive"),
        _case("x ** 2.0", [(2, 3)], lambda x: x**2.0, lambda x: x**2.0, domain="positive"),
        _case("x ** 0.5", [(4,)], lambda x: x**0.5, np.sqrt, domain="positive"),
        _case("x ** 3.0  (negative bases, integral exponent)", [(6,)], lambda x: x**3.0, lambda x: x**3.0),
        _case("2.0 ** x", [(2, 3)], lambda x: 2.0**x, lambda x: 2.0**x),
        _case("x ** y  (2,3)**(3,)", [(2, 3), (3,)], lambda x, y: x**y, np.power, domain="positive"),
    ],
    "matmul": [
        _case("G.mul(a, b)  (2,3)×(3,4)", [(2, 3), (3, 4)], G.mul, np.matmul, on=NUMERIC),
        _case("a @ b  (4,5)@(5,2)", [(4, 5), (5, 2)], lambda a, b: a @ b, np.matmul, on=NUMERIC),
        _case("a @ b  (1,7)@(7,1)", [(1, 7), (7, 1)], lambda a, b: a @ b, np.matmul),
    ],
    "matvec": [
        _case("G.mul(m, v)", [(3, 4), (4,)], G.mul, np.matmul, on=NUMERIC),
        _case("m @ v", [(2, 5), (5,)], lambda m, v: m @ v, np.matmul, on=NUMERIC),
    ],
    "dot": [
        _case("G.mul(u, v)", [(5,), (5,)], G.mul, np.dot, on=NUMERIC),
        _case("u @ v", [(3,), (3,)], lambda u, v: u @ v, np.dot, on=NUMERIC),
    ],
    "outer_prod": [
        _case("G.outer_prod(u, v)", [(3,), (4,)], G.outer_prod, np.outer, on=NUMERIC),
    ],
    "sum": [
        _case("G.sum(x)", [(2, 3)], G.sum, np.sum, on=NUMERIC),
        _case("G.sum(x, 0)", [(2, 3)], lambda x: G.sum(x, 0), lambda x: x.sum(0), on=NUMERIC),
        _case("G.sum(x, 1)", [(2, 3)], lambda x: G.sum(x, 1), lambda x: x.sum(1), on=NUMERIC),
        _case("G.sum(x, -1)", [(2, 3, 4)], lambda x: G.sum(x, -1), lambda x: x.sum(-1)),
        _case("G.sum(x, 0, 2)", [(2, 3, 4)], lambda x: G.sum(x, 0, 2), lambda x: x.sum((0, 2)), on=NUMERIC),
        _case("G.sum(x, (1, 2))", [(2, 3, 4)], lambda x: G.sum(x, (1, 2)), lambda x: x.sum((1, 2))),
        _case(
            "G.sum(x, 1, keepdims=True)",
            [(2, 3)],
            lambda x: G.sum(x, 1, keepdims=True),
            lambda x: x.sum(1, keepdims=True),
            on=NUMERIC,
        ),
        _case("G.sum(x, keepdims=True)", [(2, 3)], lambda x: G.sum(x, keepdims=True), lambda x: x.sum(keepdims=True)),
        _case("G.sum(v)  (vector)", [(7,)], G.sum, np.sum, on=NUMERIC),
        _case("G.sum(s)  (scalar)", [()], G.sum, np.sum, on=NUMERIC),
    ],
    "reshape": [
        _case("G.reshape(x, (3, 2))", [(2, 3)], lambda x: G.reshape(x, (3, 2)), lambda x: x.reshape(3, 2), on=ALL),
        _case("G.reshape(x, -1)", [(2, 3)], lambda x: G.reshape(x, -1), lambda x: x.reshape(-1), on=NUMERIC),
        _case("G.reshape(x, (2, -1, 2))", [(4, 3)], lambda x: G.reshape(x, (2, -1, 2)), lambda x: x.reshape(2, -1, 2)),
        _case("G.reshape(x, ())  (to a scalar)", [(1, 1)], lambda x: G.reshape(x, ()), lambda x: x.reshape(())),
    ],
    "transpose": [
        _case("G.transpose(x)", [(2, 3)], G.transpose, np.transpose, on=ALL),
        _case("x.T", [(3, 5)], lambda x: x.T, lambda x: x.T, on=NUMERIC),
        _case("G.transpose(x)  (rank 3: reversed)", [(2, 3, 4)], G.transpose, np.transpose),
        _case(
            "G.transpose(x, 0, 2, 1)",
            [(2, 3, 4)],
            lambda x: G.transpose(x, 0, 2, 1),
            lambda x: x.transpose(0, 2, 1),
            on=NUMERIC,
        ),
        _case(
            "G.transpose(x, (1, 0, 2))",
            [(2, 3, 4)],
            lambda x: G.transpose(x, (1, 0, 2)),
            lambda x: x.transpose(1, 0, 2),
        ),
    ],
    "broadcast_to": [
        _case(
            "G.broadcast_to(v, (2, 3))",
            [(3,)],
            lambda v: G.broadcast_to(v, (2, 3)),
            lambda v: np.broadcast_to(v, (2, 3)),
            on=ALL,
        ),
        _case(
            "G.broadcast_to(x, (2, 4))  from (2,1)",
            [(2, 1)],
            lambda x: G.broadcast_to(x, (2, 4)),
            lambda x: np.broadcast_to(x, (2, 4)),
        ),
        _case(
            "G.broadcast_to(s, (3,))  from a scalar",
            [()],
            lambda s: G.broadcast_to(s, (3,)),
            lambda s: np.broadcast_to(s, (3,)),
            on=NUMERIC,
        ),
    ],
    "lt": _comparison("lt", np.less),
    "gt": _comparison("gt", np.greater),
    "lte": _comparison("lte", np.less_equal),
    "gte": _comparison("gte", np.greater_equal),
    "eq": _comparison("eq", np.equal),
    "ne": _comparison("ne", np.not_equal),
    "mean": [
        _case("G.mean(x)", [(2, 3)], G.mean, np.mean),
        _case("G.mean(x, 0)", [(2, 3)], lambda x: G.mean(x, 0), lambda x: x.mean(0)),
        _case(
            "G.mean(x, 1, keepdims=True)",
            [(2, 3)],
            lambda x: G.mean(x, 1, keepdims=True),
            lambda x: x.mean(1, keepdims=True),
        ),
        _case("G.mean(x, 0, 2)", [(2, 3, 4)], lambda x: G.mean(x, 0, 2), lambda x: x.mean((0, 2))),
    ],
}

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
