"""Property tests (hypothesis): random graphs against the numpy references, random gradients against
finite differences, random bad inputs against the typed errors.

Profiles (``tests/conftest.py``, docs/testing.md): the default run is derandomized and small; run
``pytest tests/test_properties.py --hypothesis-profile=long`` to explore.
"""

from __future__ import annotations

import functools
import inspect

import numpy as np
import pytest
from examples_elementwise import RECORDS
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from op_cases import FLOATS, INTS, numeric_grad
from reference import REFERENCE
from strategies import BAD_VALUES, NOT_A_NUMBER, NOT_AN_INT, not_broadcasting, programs

import gorgonia_mlir as G
from gorgonia_mlir.dialect import OPS

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


# ---- 3. random bad inputs raise the library's typed errors ----------------------------------------

HERE = "test_properties.py:"
BAD = settings(max_examples=5 * settings.default.max_examples)  # no compiles: these can afford more examples
BAD_GRAPH = G.Graph("bad-inputs")  # shared: a graph costs ~40 ms to create, a failed call adds nothing to it


def typed_error(call, *names: str) -> G.GorgoniaError:
    """``call()`` must raise a GorgoniaError whose message names each of ``names`` and this file's line."""
    try:
        call()
    except G.GorgoniaError as exc:
        msg = str(exc)
        assert HERE in msg, f"the message does not name the caller's file:line: {msg}"
        for name in names:
            assert name in msg, f"the message does not name {name!r}: {msg}"
        return exc
    except Exception as exc:  # a raw TypeError/IndexError/MLIR failure is the bug this test hunts
        raise AssertionError(f"raw {type(exc).__name__} instead of a GorgoniaError: {exc}") from exc
    raise AssertionError("no error was raised")


BINARY_OPS = ["add", "sub", "hadamard_prod", "hadamard_div", "min_between", "max_between", "lt", "eq", "gte"]


PROBE_GRAPH = G.Graph("dtype-probe")  # apart from BAD_GRAPH: the ops that take ints add nodes


def _float_only(name: str) -> bool:
    """Whether ``G.<name>`` rejects an Int32 operand (the dialect's dtype check, or the composite's)."""
    try:
        getattr(G, name)(G.matrix(PROBE_GRAPH, G.Int32, shape=(2, 3)))
    except G.GorgoniaError:
        return True
    return False


# The unary elementwise ops (and composites) that take floats only, from their records, and the others.
FLOAT_ONLY = [r.name for r in RECORDS if r.arity == 1 and _float_only(r.name)]
FLOAT_ONLY += ["mean", "log_sum_exp", "softmax", "log_softmax", "sparsemax", "norm"]


@BAD
@given(shapes=not_broadcasting(), op=st.sampled_from(BINARY_OPS + ["pow"]), dtype=st.sampled_from(FLOATS + INTS))
def test_elementwise_ops_reject_shapes_that_do_not_broadcast(shapes, op, dtype):
    dtype = G.Float64 if op == "pow" else dtype
    g = BAD_GRAPH
    a, b = (G.tensor(g, dtype, shape=s) for s in shapes)
    typed_error(lambda: getattr(G, op)(a, b), op, str(shapes[0]), str(shapes[1]))


@BAD
@given(
    a=st.lists(st.integers(1, 4), min_size=1, max_size=3).map(tuple),
    b=st.lists(st.integers(1, 4), min_size=1, max_size=3).map(tuple),
    dtype=st.sampled_from(FLOATS + INTS),
)
def test_mul_rejects_misaligned_shapes_and_unsupported_ranks(a, b, dtype):
    aligned = (len(a), len(b)) in ((1, 1), (2, 1), (2, 2)) and a[-1] == b[0]
    g = BAD_GRAPH
    x, y = G.tensor(g, dtype, shape=a), G.tensor(g, dtype, shape=b)
    if not aligned:
        typed_error(lambda: x @ y, str(a), str(b))
        typed_error(lambda: G.mul(x, y), "mul" if len(a) > 2 or len(b) > 2 or len(a) < len(b) else str(a))
    else:
        assert G.mul(x, y).shape == np.matmul(np.ones(a), np.ones(b)).shape
    if len(a) == 3 and len(b) == 3 and a[2] != b[1]:
        typed_error(lambda: G.batched_matmul(x, y), "batched_matmul", str(a), str(b))
    if a[0] != b[0]:
        typed_error(lambda: G.tensordot([0], [0], x, y), "tensordot")


@BAD
@given(
    op=st.sampled_from(FLOAT_ONLY + ["pow", "add", "neg", "sum", "square"]),
    dtype=st.sampled_from(INTS + (G.Bool,)),
    other=st.sampled_from(FLOATS + INTS),
)
def test_ops_reject_wrong_dtypes(op, dtype, other):
    g = BAD_GRAPH
    x = G.matrix(g, dtype, shape=(2, 3))
    if op in ("pow", "add"):  # two operands of different dtypes
        y = G.matrix(g, other if other != dtype else G.Float32, shape=(2, 3))
        typed_error(lambda: getattr(G, op)(x, y), op)
    elif op in ("neg", "sum", "square"):  # numeric ops on Bool
        if dtype == G.Bool:
            typed_error(lambda: getattr(G, op)(x), op, "Bool")
    else:
        typed_error(lambda: getattr(G, op)(x), op)


@BAD
@given(
    shape=st.lists(st.integers(1, 3), min_size=1, max_size=3).map(tuple),
    op=st.sampled_from(["sum", "mean", "max", "min", "prod", "log_sum_exp", "argmax", "argmin", "softmax", "norm"]),
    axis=st.one_of(st.integers(-9, 9), NOT_AN_INT),
    repeat=st.booleans(),
)
def test_reductions_reject_bad_axes(shape, op, axis, repeat):
    rank = len(shape)
    if axis is None and op == "norm":
        assume(False)  # norm's axis=None: all axes
    if isinstance(axis, int) and not isinstance(axis, bool) and -rank <= axis < rank:
        if not repeat or op in ("argmax", "argmin", "softmax"):
            assume(False)  # a valid axis: nothing to reject
        axis = (axis, axis % rank - rank)  # the same axis twice
    g = BAD_GRAPH
    x = G.tensor(g, G.Float32, shape=shape)
    f = getattr(G, op)
    call = (
        (lambda: f(x, axis))
        if op in ("argmax", "argmin", "softmax", "norm") or not isinstance(axis, tuple)
        else (lambda: f(x, *axis))
    )
    typed_error(call, op)


@BAD
@given(
    shape=st.lists(st.integers(1, 3), min_size=1, max_size=3).map(tuple),
    perm=st.lists(st.one_of(st.integers(-2, 4), NOT_AN_INT), max_size=4),
)
def test_transpose_rejects_bad_permutations(shape, perm):
    if not perm:
        assume(False)  # no axes: reversed, always valid
    if all(isinstance(p, int) and not isinstance(p, bool) for p in perm) and sorted(perm) == list(range(len(shape))):
        assume(False)
    g = BAD_GRAPH
    x = G.tensor(g, G.Float32, shape=shape)
    typed_error(lambda: G.transpose(x, *perm), "transpose")


BAD_DIM = st.one_of(st.integers(-3, 0), NOT_AN_INT)


@BAD
@given(
    good=st.lists(st.integers(1, 3), max_size=3),
    bad=BAD_DIM,
    at=st.integers(0, 3),
    maker=st.sampled_from(["tensor", "matrix", "vector", "uniform_random", "gaussian_random", "reshape", "bcast"]),
)
def test_shapes_with_bad_entries_are_rejected(good, bad, at, maker):
    shape = tuple(good[:at]) + (bad,) + tuple(good[at:])
    if maker == "reshape" and bad == -1:
        assume(False)  # one -1 is inferred
    g = BAD_GRAPH
    x = G.vector(g, G.Float32, shape=(6,))
    calls = {
        "tensor": lambda: G.tensor(g, G.Float32, shape=shape),
        "matrix": lambda: G.matrix(g, G.Float32, shape=shape),
        "vector": lambda: G.vector(g, G.Float32, shape=shape),
        "uniform_random": lambda: G.uniform_random(g, G.Float32, 0.0, 1.0, shape, seed=0),
        "gaussian_random": lambda: G.gaussian_random(g, G.Float64, 0.0, 1.0, shape, seed=0),
        "reshape": lambda: G.reshape(x, shape),
        "bcast": lambda: G.broadcast_to(x, shape + (6,)),
    }
    typed_error(calls[maker], {"bcast": "broadcast_to"}.get(maker, maker))


@BAD
@given(
    shape=st.lists(st.integers(1, 4), min_size=1, max_size=3).map(tuple),
    target=st.lists(st.integers(-1, 8), min_size=1, max_size=3).map(tuple),
)
def test_reshape_to_an_incompatible_size_is_rejected(shape, target):
    n, known = int(np.prod(shape)), int(np.prod([d for d in target if d != -1]))
    fits = target.count(-1) == 0 and known == n or target.count(-1) == 1 and known and n % known == 0
    if fits:
        assume(False)
    g = BAD_GRAPH
    x = G.tensor(g, G.Float32, shape=shape)
    typed_error(lambda: G.reshape(x, target), "reshape")


@BAD
@given(value=BAD_VALUES, dtype=st.sampled_from(FLOATS + INTS), target=st.sampled_from(["input", "learnable", "op"]))
def test_let_rejects_values_that_are_not_numbers_of_the_node(value, dtype, target):
    g = BAD_GRAPH
    x = G.vector(g, dtype, shape=(2,), init=G.zeroes() if target == "learnable" else None)
    node = G.neg(x) if target == "op" else x
    typed_error(lambda: G.let(node, value), "let")


@BAD
@given(
    value=st.one_of(
        BAD_VALUES,
        st.integers(2**31, 2**70),  # out of Int32's (or Int64's) range
        st.floats(1e39, 1e300),  # overflows Float32
        st.floats(0.1, 0.9),  # not exact in an integer dtype
    ),
    dtype=st.sampled_from(FLOATS + INTS),
    op=st.sampled_from(["add", "sub", "hadamard_prod", "max_between", "gt"]),
    left=st.booleans(),
)
def test_constant_operands_must_be_numbers_the_dtype_holds(value, dtype, op, left):
    exact = (
        isinstance(value, int)
        and (dtype.is_float or value <= np.iinfo(dtype.np).max)
        or isinstance(value, float)
        and (dtype == G.Float64 or dtype.is_float and value < 3.4e38)
    )
    if exact:
        assume(False)
    g = BAD_GRAPH
    x = G.vector(g, dtype, shape=(2,))
    f = getattr(G, op)
    typed_error((lambda: f(x, value)) if left else (lambda: f(value, x)), op)


OP_BUILDERS = sorted(
    name
    for name in G.__all__
    if inspect.isfunction(getattr(G, name))
    and hasattr(getattr(G, name), "__wrapped__")
    and not any(p.kind == p.VAR_KEYWORD for p in inspect.signature(getattr(G, name)).parameters.values())
)


@BAD
@given(op=st.sampled_from(OP_BUILDERS), keyword=st.from_regex(r"[a-z][a-z_]{0,8}", fullmatch=True))
def test_unknown_keywords_are_typed_errors(op, keyword):
    fn = getattr(G, op)
    if keyword in inspect.signature(fn).parameters:
        assume(False)
    g = BAD_GRAPH
    x = G.matrix(g, G.Float32, shape=(2, 3))
    typed_error(lambda: fn(x, **{keyword: 1}), fn.__name__, repr(keyword))


@BAD
@given(keyword=st.from_regex(r"[a-z][a-z_]{0,8}", fullmatch=True), what=st.sampled_from(["machine", "function"]))
def test_unknown_keywords_of_machines_and_functions_are_typed_errors(keyword, what):
    import gorgonia_mlir.compiler as compiler

    known = set(inspect.signature(G.TapeMachine).parameters) | set(
        inspect.signature(compiler.compile_module).parameters
    )
    if keyword in known | set(inspect.signature(G.function).parameters):
        assume(False)
    g = BAD_GRAPH
    x = G.vector(g, G.Float32, shape=(2,))
    y = G.exp(x)
    call = (
        (lambda: G.TapeMachine(g, **{keyword: 1}))
        if what == "machine"
        else (lambda: G.function([x], [y], **{keyword: 1}))
    )
    typed_error(call, repr(keyword))


@st.composite
def bad_slices(draw):
    """(shape, slice specs) where some spec is out of range, empty, non-integer, of step ≤ 0, or one too many."""
    shape = tuple(draw(st.lists(st.integers(1, 4), min_size=1, max_size=3)))
    specs = [None] * draw(st.integers(0, len(shape) - 1))
    d = shape[len(specs)]
    kind = draw(st.sampled_from(["index", "range", "step", "type", "extra", "empty"]))
    if kind == "index":
        specs.append(G.S(draw(st.one_of(st.integers(d, d + 5), st.integers(-d - 5, -d - 1)))))
    elif kind == "range":
        specs.append(G.S(0, draw(st.integers(d + 1, d + 5))))
    elif kind == "step":
        specs.append(G.S(0, d, draw(st.integers(-3, 0))))
    elif kind == "type":
        specs.append(draw(st.one_of(st.text(max_size=2), st.floats(), st.just(G.S("a", 2)), st.just(G.S(0, 1.5)))))
    elif kind == "empty":
        start = draw(st.integers(0, d - 1))
        specs.append(G.S(start, start))
    else:
        specs = [None] * len(shape) + [draw(st.integers(0, 3))]
    return shape, specs


@BAD
@given(case=bad_slices())
def test_bad_slice_specs_are_rejected(case):
    shape, specs = case
    g = BAD_GRAPH
    x = G.tensor(g, G.Float32, shape=shape)
    typed_error(lambda: G.slice(x, *specs), "slice")


@st.composite
def bad_convolutions(draw):
    """A valid conv2d configuration with one thing broken: kernel, pad, stride, dilation, channels or rank."""
    n, c, h, w = 1, draw(st.integers(1, 3)), draw(st.integers(3, 6)), draw(st.integers(3, 6))
    kh, kw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    cfg = {"image": (n, c, h, w), "filter": (2, c, kh, kw), "kernel": (kh, kw), "pad": (0, 0), "stride": (1, 1)}
    cfg["dilation"] = (1, 1)
    broken = draw(st.sampled_from(["kernel", "pad", "stride", "dilation", "channels", "rank", "too_big"]))
    if broken == "kernel":
        cfg["kernel"] = draw(st.one_of(st.just((kh + 1, kw)), st.just((kh,)), NOT_AN_INT, st.just(("a", "b"))))
    elif broken in ("pad", "stride", "dilation"):
        lowest = -2 if broken == "pad" else -1
        bad_entry = draw(st.one_of(st.integers(lowest, -1 if broken == "pad" else 0), NOT_AN_INT))
        forms = [(bad_entry, 1), (1, bad_entry), (1, 1, 1)] + ([bad_entry] if bad_entry is not None else [])
        cfg[broken] = draw(st.sampled_from(forms))  # None alone means the default
    elif broken == "channels":
        cfg["filter"] = (2, c + 1, kh, kw)
    elif broken == "rank":
        cfg["image"] = (c, h, w)
    else:
        cfg["filter"] = (2, c, h + 3, kw)
        cfg["kernel"] = (h + 3, kw)
    return broken, cfg


@BAD
@given(case=bad_convolutions(), dtype=st.sampled_from(FLOATS))
def test_conv2d_with_a_bad_kernel_pad_stride_or_shape_is_rejected(case, dtype):
    broken, cfg = case
    g = BAD_GRAPH
    x = G.tensor(g, dtype, shape=cfg["image"])
    w = G.tensor(g, dtype, shape=cfg["filter"])
    typed_error(lambda: G.conv2d(x, w, cfg["kernel"], cfg["pad"], cfg["stride"], cfg["dilation"]), "conv2d")


@BAD
@given(
    kernel=st.one_of(st.tuples(st.integers(-1, 0), st.integers(1, 2)), NOT_AN_INT),
    op=st.sampled_from(["max_pool2d", "avg_pool2d"]),
)
def test_pooling_with_a_bad_kernel_is_rejected(kernel, op):
    g = BAD_GRAPH
    x = G.tensor(g, G.Float32, shape=(1, 2, 4, 4))
    typed_error(lambda: getattr(G, op)(x, kernel), op)


@BAD
@given(
    what=st.sampled_from(["dropout", "batch_norm", "group_norm", "uniform_random", "binomial_random", "seed"]),
    value=st.one_of(NOT_A_NUMBER, st.just(2**70), st.just(float("nan"))),
)
def test_number_arguments_of_layers_and_random_nodes_are_checked(what, value):
    g = BAD_GRAPH
    x = G.tensor(g, G.Float32, shape=(4, 2, 3, 3))
    calls = {
        "dropout": lambda: G.dropout(x, value),
        "batch_norm": lambda: G.batch_norm(x, momentum=value),
        "group_norm": lambda: G.group_norm(x, value),
        "uniform_random": lambda: G.uniform_random(g, G.Float32, value, 1.0, (2,), seed=0),
        "binomial_random": lambda: G.binomial_random(g, G.Float32, value, 0.5, (2,), seed=0),
        "seed": lambda: G.uniform_random(g, G.Float32, 0.0, 1.0, (2,), seed=value),
    }
    if what == "uniform_random" and isinstance(value, (int, float)) or what == "seed" and value is None:
        assume(False)  # any real number is a valid bound; seed=None draws one
    typed_error(calls[what], what.split("_")[0] if what != "seed" else "uniform_random")


# ---- regressions: what hypothesis found, as plain tests ---------------------------------------------


def _regression_calls():
    g = BAD_GRAPH
    x = G.matrix(g, G.Float32, shape=(2, 3))
    i = G.vector(g, G.Int32, shape=(3,))
    im = G.tensor(g, G.Float32, shape=(4, 2, 3, 3))
    return {  # each raised a raw TypeError/ValueError/RuntimeError (or nothing) before
        "reshape": lambda: G.reshape(x, (None, 3)),
        "transpose": lambda: G.transpose(x, 0, "a"),
        "broadcast_to": lambda: G.broadcast_to(x, None),
        "add": lambda: x + [[1, 2], [3]],
        "sub": lambda: i - 2**40,  # silently wrapped to 0 in Int32
        "hadamard_prod": lambda: x * 1j,  # silently dropped the imaginary part
        "hadamard_div": lambda: x / 1e300,  # silently became inf in Float32
        "uniform_random": lambda: G.uniform_random(g, G.Float32, 0.0, 1.0, (2,), seed=2**70),  # std::bad_cast
        "binomial_random": lambda: G.binomial_random(g, G.Float32, 2**70, 0.5, (2,), seed=0),
        "gaussian_random": lambda: G.gaussian_random(g, G.Float32, 0.0, None, (2,), seed=0),
        "dropout": lambda: G.dropout(x, "a"),
        "batch_norm": lambda: G.batch_norm(im, momentum="a"),
        "group_norm": lambda: G.group_norm(im, 1.0),  # accepted a float
        "binary_xent": lambda: G.binary_xent(x, "abc"),
        "broadcast_add": lambda: G.broadcast_add(x, i, "ab"),
        "tensordot": lambda: G.tensordot(None, 0, x, x),
        "by_indices": lambda: G.by_indices(x, [[0], [1, 0]], 0),
        "conv2d": lambda: G.conv2d(im, G.tensor(g, G.Float32, shape=(1, 2, 1, 1)), (1, 1), stride=(2**70, 1)),
        "mean": lambda: G.mean(x, 5),  # named "sum" in its message
        "sum": lambda: G.sum(x, keepdim=True),  # Python's TypeError
        "softmax": lambda: G.softmax(x, dim=0),
        "exp": lambda: G.exp(x, "name", 3),
    }


@pytest.mark.parametrize("op", sorted(_regression_calls()))
def test_regressions_found_by_hypothesis(op):
    typed_error(_regression_calls()[op], op)


def test_full_reduction_of_a_broadcasting_product_compiles():
    # Found by the gradient property: IREE 3.13 failed ("vector.contract op invalid accumulator") on a
    # rank-0 sum over several loops fused with a broadcasting product; builders.reduce now flattens first.
    g = G.Graph()
    v = G.vector(g, G.Float32, shape=(3,), name="v")
    w = G.matrix(g, G.Float32, shape=(2, 3), name="w")
    fn = G.function([v, w], [G.sum(v * w), G.mean(v * w), G.sum(v * w, keepdims=True)])
    a, b = np.arange(3, dtype=np.float32), np.arange(6, dtype=np.float32).reshape(2, 3)
    total, mean, kept = fn(a, b)
    fn.close()
    np.testing.assert_allclose([total, mean], [np.sum(a * b), np.mean(a * b)], rtol=1e-6)
    assert kept.shape == (1, 1) and kept[0, 0] == total
