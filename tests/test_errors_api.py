"""Mistakes a new user makes at the public entry points raise the library's typed errors, naming what is
wrong and the user's file:line: node constructors, machines, functions, fit, files, solvers, export."""

from __future__ import annotations

import os

import numpy as np
import pytest

import gorgonia_mlir as G

HERE = os.path.basename(__file__)


def raised_at(info: pytest.ExceptionInfo) -> str:
    """``test_errors_api.py:<line>`` of the statement in the test that raised."""
    return f"{HERE}:{info.tb.tb_lineno}"


def expect(error, pattern, fn):
    """Run ``fn``; it must raise ``error`` matching ``pattern`` with this file's location in the message."""
    with pytest.raises(error, match=pattern) as info:
        fn()
    assert HERE in str(info.value), str(info.value)
    return info.value


# ---- node constructors -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "shape, pattern",
    [
        ((None, 3), r"matrix 'm': shape \(None, 3\) has None .*static shapes"),
        ((2.5, 3), r"matrix 'm': shape \(2.5, 3\) has 2.5 \(float\)"),
        (("3", 2), r"matrix 'm': shape \('3', 2\) has '3' \(str\)"),
        ((True, 2), r"matrix 'm': shape \(True, 2\) has True \(bool\)"),
        ((-1, 3), r"matrix 'm': dimensions must be positive, got \(-1, 3\)"),
        ((2, 3, 4), r"matrix 'm': needs a shape of rank 2, got \(2, 3, 4\)"),
        ((2**63, 3), r"matrix 'm': dimensions must be below 2\*\*63, got \(9223372036854775808, 3\)"),
        ("23", r"matrix 'm': shape must be a tuple of positive ints, got '23'"),
        (3.0, r"matrix 'm': shape must be a tuple of positive ints, got 3.0"),
    ],
)
def test_bad_shapes(g, shape, pattern):
    with pytest.raises(G.GraphError, match=pattern) as info:
        G.matrix(g, G.Float32, shape=shape, name="m")
    assert raised_at(info) in str(info.value)


def test_numpy_integer_shapes_are_fine(g):
    assert G.matrix(g, G.Float32, shape=(np.int64(2), np.int32(3)), name="m").shape == (2, 3)
    assert G.vector(g, G.Float32, shape=np.int64(4), name="v").shape == (4,)


def test_vector_shape_of_the_wrong_rank_and_bad_dtype(g):
    expect(
        G.GraphError, r"vector 'v': needs a shape of rank 1, got \(2, 2\)", lambda: G.vector(g, G.Float32, (2, 2), "v")
    )
    expect(
        G.GraphError, r"tensor 't': dtype must be one of .* got 'float32'", lambda: G.tensor(g, "float32", (2,), "t")
    )


@pytest.mark.parametrize(
    "init, pattern",
    [
        ("zeros", r"init: node 'w' needs an initialiser such as G.zeroes\(\) or an array of numbers, got 'zeros'"),
        (G.zeroes, r"init: G.zeroes is a function: call it, init=G.zeroes\(\)"),
        ([[1.0, 2.0], [3.0]], r"init: node 'w': cannot make an array of \[\[1.0, 2.0\], \[3.0\]\]"),
    ],
)
def test_bad_init(g, init, pattern):
    expect(G.GraphError, pattern, lambda: G.matrix(g, G.Float32, shape=(2, 2), name="w", init=init))


def test_bad_names(g):
    expect(G.GraphError, r"node name must be a non-empty str, got 3", lambda: G.scalar(g, G.Float32, name=3))
    expect(G.GraphError, r"node name must be a non-empty str, got ''", lambda: G.scalar(g, G.Float32, name=""))
    expect(G.GraphError, r"Graph: name must be a non-empty str, got 3", lambda: G.Graph(3))


def test_unknown_keyword_of_a_constructor(g):
    err = expect(
        G.GraphError,
        r"scalar: 'shape' is not an option of scalar; scalar takes g, dtype, name, init",
        lambda: G.scalar(g, G.Float32, shape=()),
    )
    assert isinstance(err, G.GorgoniaError)
    expect(
        G.GraphError,
        r"'nmae' is not an option of matrix \(did you mean 'name'\?\)",
        lambda: G.matrix(g, G.Float32, (2, 2), nmae="w"),
    )


# ---- machines and functions ------------------------------------------------------------------------


@pytest.fixture
def xy(g):
    x = G.vector(g, G.Float32, shape=(3,), name="x")
    return x, G.exp(x, name="y")


def test_unknown_tape_machine_keywords_name_the_options(g, xy):
    err = expect(
        G.GraphError,
        r"TapeMachine: 'nan_watch' is not an option of TapeMachine; TapeMachine takes ",
        lambda: G.TapeMachine(g, nan_watch=True),
    )
    for option in (
        "outputs",
        "device",
        "bind_dual_values",
        "eval_mode",
        "solver",
        "learnables",
        "target",
        "flags",
        "passes",
    ):
        assert option in str(err)
    expect(
        G.GraphError,
        r"'eval' is not an option of TapeMachine \(did you mean 'eval_mode'\?\)",
        lambda: G.TapeMachine(g, eval=True),
    )
    expect(
        G.GraphError,
        r"'output' is not an option of TapeMachine \(did you mean 'outputs'\?\)",
        lambda: G.TapeMachine(g, output=[xy[1]]),
    )


def test_tape_machine_node_lists(g, xy):
    x, y = xy
    expect(
        G.GraphError,
        r"TapeMachine: outputs must be a list of nodes, got the node 'y'; write \[y\]",
        lambda: G.TapeMachine(g, outputs=y),
    )
    expect(
        G.GraphError,
        r"TapeMachine: outputs must hold graph nodes, got str 'z'",
        lambda: G.TapeMachine(g, outputs=[y, "z"]),
    )
    other = G.Graph("other")
    z = G.exp(G.vector(other, G.Float32, shape=(3,), name="z"), name="ez")
    expect(
        G.GraphError,
        r"outputs: node 'ez' belongs to graph 'other', not to graph 'graph'",
        lambda: G.TapeMachine(g, outputs=[z]),
    )
    expect(
        G.GraphError,
        r"bind_dual_values must hold graph nodes, got float 1.0",
        lambda: G.TapeMachine(g, bind_dual_values=[1.0]),
    )
    expect(
        G.GraphError,
        r"bind_dual_values must be a list of nodes, got the node 'x'",
        lambda: G.TapeMachine(g, bind_dual_values=x),
    )


def test_compile_options_of_the_wrong_type(g, xy):
    expect(
        G.GraphError,
        r"TapeMachine: flags must be a list of strings, got '--iree-foo'",
        lambda: G.TapeMachine(g, flags="--iree-foo"),
    )
    expect(
        G.GraphError,
        r"TapeMachine: passes must be a list of strings",
        lambda: G.TapeMachine(g, passes="gorgonia-verify"),
    )
    expect(
        G.GraphError,
        r"TapeMachine: auto_flags must be True or False, got 'yes'",
        lambda: G.TapeMachine(g, auto_flags="yes"),
    )
    expect(G.CompileError, r"unknown target 'tpu'", lambda: G.TapeMachine(g, target="tpu"))


def test_solver_learnables_must_be_a_list(g):
    w = G.vector(g, G.Float32, shape=(3,), name="w", init=G.ones())
    cost = G.sum(G.square(w))
    G.grad(cost, [w])
    expect(
        G.GraphError,
        r"TapeMachine: learnables must be a list of nodes, got the node 'w'",
        lambda: G.TapeMachine(g, solver=G.VanillaSolver(), learnables=w),
    )


def test_function_arguments(g, xy):
    x, y = xy
    expect(
        G.GraphError,
        r"function: inputs must be a list of nodes, got the node 'x'; write \[x\]",
        lambda: G.function(x, [y]),
    )
    expect(G.GraphError, r"function: outputs must be a list of nodes, got the node 'y'", lambda: G.function([x], y))
    expect(G.GraphError, r"function: name must be an identifier str, got 3", lambda: G.function([x], [y], name=3))
    expect(G.GraphError, r"'optimize' is not an option of function", lambda: G.function([x], [y], optimize=True))
    other = G.Graph("other")
    z = G.vector(other, G.Float32, shape=(3,), name="z")
    expect(
        G.GraphError, r"inputs: node 'z' belongs to graph 'other', not to graph 'graph'", lambda: G.function([z], [y])
    )


# ---- fit ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def trainer():
    g = G.Graph()
    x = G.matrix(g, G.Float32, shape=(8, 2), name="x")
    y = G.vector(g, G.Float32, shape=(8,), name="y")
    w = G.vector(g, G.Float32, shape=(2,), name="w", init=G.zeroes())
    cost = G.mean(G.square(G.mul(x, w) - y))
    G.grad(cost, [w])
    m = G.TapeMachine(g, solver=G.VanillaSolver(learn_rate=0.1), outputs=[cost])
    yield m, x, y
    m.close()


def _data(n):
    return np.ones((n, 2), np.float32), np.ones(n, np.float32)


def test_fit_with_fewer_examples_than_a_batch_says_so(trainer):
    m, x, y = trainer
    expect(
        G.GraphError,
        r"fit: 5 examples are fewer than one batch of 8 \(the leading dimension of input 'x': \(8, 2\)\)",
        lambda: G.fit(m, [x, y], _data(5), progress=False),
    )


def test_fit_arguments(trainer):
    m, x, y = trainer
    xs, ys = _data(16)
    expect(
        G.GraphError, r"fit: batch_size must be a positive int, got 0", lambda: G.fit(m, [x, y], [xs, ys], batch_size=0)
    )
    expect(
        G.GraphError, r"batch_size must be a positive int, got -4", lambda: G.fit(m, [x, y], [xs, ys], batch_size=-4)
    )
    expect(G.GraphError, r"fit: epochs must be an int >= 0, got -1", lambda: G.fit(m, [x, y], [xs, ys], epochs=-1))
    expect(G.GraphError, r"fit: epochs must be an int >= 0, got 1.5", lambda: G.fit(m, [x, y], [xs, ys], epochs=1.5))
    expect(G.GraphError, r"fit: 2 input nodes but 1 data arrays", lambda: G.fit(m, [x, y], [xs]))
    expect(G.GraphError, r"fit: data must be a list of arrays, one per input node", lambda: G.fit(m, [x], xs))
    expect(G.GraphError, r"fit: inputs must be a list of nodes, got the node 'x'", lambda: G.fit(m, x, [xs]))
    expect(
        G.GraphError,
        r"fit: data for 'y' has 12 examples, data for 'x' has 16",
        lambda: G.fit(m, [x, y], [xs, np.ones(12, np.float32)]),
    )
    expect(
        G.GraphError,
        r"fit: data for 'x' cannot be used as Float32: .*'a'",
        lambda: G.fit(m, [x, y], [np.full((16, 2), "a"), ys]),
    )
    expect(
        G.GraphError,
        r"'progres' is not an option of fit \(did you mean 'progress'\?\)",
        lambda: G.fit(m, [x, y], [xs, ys], progres=False),
    )
    w = m.learnables[0]
    expect(
        G.GraphError,
        r"fit: input 'w' is a learnable node; fit feeds input nodes",
        lambda: G.fit(m, [x, w], [xs, np.ones((16, 2))]),
    )


# ---- files -------------------------------------------------------------------------------------------


def test_learnable_files(g, tmp_path):
    G.vector(g, G.Float32, shape=(3,), name="w", init=G.ones())
    expect(
        G.GraphError,
        r"save_learnables: the path must be a str or os.PathLike, got int 3",
        lambda: G.save_learnables(3, g),
    )
    expect(
        G.GraphError,
        r"save_learnables: '.*w.pt': use a .npz or .safetensors file name",
        lambda: G.save_learnables(tmp_path / "w.pt", g),
    )
    missing = tmp_path / "no" / "such" / "w.npz"
    err = expect(
        G.MissingFileError,
        r"save_learnables: cannot write .*w.npz.*the folder .* does not exist",
        lambda: G.save_learnables(missing, g),
    )
    assert isinstance(err, FileNotFoundError) and err.path == str(missing.parent)
    err = expect(G.MissingFileError, r"load_learnables: no such file .*w.npz", lambda: G.load_learnables(missing, g))
    assert err.path == str(missing)


def test_export_targets_and_paths(g, xy, tmp_path):
    x, y = xy
    f = G.function([x], [y])
    try:
        expect(G.CompileError, r"unknown target 'tpu'", lambda: G.export(f, tmp_path / "m.vmfb", target="tpu"))
        expect(
            G.GraphError,
            r"export: params .*m.npz.*: use a .irpa file name",
            lambda: G.export(f, tmp_path / "m.vmfb", params=tmp_path / "m.npz"),
        )
        expect(G.MissingFileError, r"export: cannot write .*m.vmfb", lambda: G.export(f, tmp_path / "no" / "m.vmfb"))
        expect(
            G.MissingFileError,
            r"export: cannot write .*m.irpa",
            lambda: G.export(f, tmp_path / "m.vmfb", params=tmp_path / "no" / "m.irpa"),
        )
        expect(G.GraphError, r"export: the path must be a str or os.PathLike, got int 3", lambda: G.export(f, 3))
        expect(
            G.GraphError,
            r"'targt' is not an option of export \(did you mean 'target'\?\)",
            lambda: G.export(f, tmp_path / "m.vmfb", targt="cpu"),
        )
        expect(
            G.GraphError,
            r"save_parameters: .*w.bin.*: use a .irpa file name",
            lambda: G.save_parameters({"w": np.ones(2)}, tmp_path / "w.bin"),
        )
    finally:
        f.close()


# ---- solvers -----------------------------------------------------------------------------------------


def test_solver_options():
    expect(G.GraphError, r"AdamSolver: unknown option 'lr'", lambda: G.AdamSolver(lr=0.1))
    expect(
        G.GraphError,
        r"unknown option 'learning_rate' \(did you mean 'learn_rate'\?\)",
        lambda: G.AdamSolver(learning_rate=0.1),
    )
    expect(G.GraphError, r"AdamSolver: learn_rate must be positive, got -1", lambda: G.AdamSolver(learn_rate=-1))
    expect(G.GraphError, r"Momentum: clip must be >= 0, got -2", lambda: G.Momentum(clip=-2))


def test_learnable_arguments(g, xy, tmp_path):
    x, y = xy
    expect(
        G.GraphError,
        r"learnables: what must be a list of nodes, got int 3",
        lambda: G.save_learnables(tmp_path / "w.npz", 3),
    )
    expect(G.GraphError, r"expected learnable nodes, got Node\('x'", lambda: G.reinitialize(x))
    expect(
        G.GraphError,
        r"learnable_values: expects a Graph, TapeMachine or G.function, got str",
        lambda: G.learnable_values("g"),
    )


def test_export_of_a_machine_needs_node_lists(g, xy, tmp_path):
    x, y = xy
    w = G.vector(g, G.Float32, shape=(3,), name="w", init=G.ones())
    G.grad(G.sum(y * w), [w])
    m = G.TapeMachine(g, solver=G.VanillaSolver(), outputs=[y])
    try:
        expect(
            G.GraphError,
            r"export: inputs must be a list of nodes, got the node 'x'",
            lambda: G.export(m, tmp_path / "m.vmfb", inputs=x, outputs=[y]),
        )
    finally:
        m.close()


def test_positional_and_mistyped_arguments_of_machines_and_functions(g, xy, tmp_path):
    x, y = xy
    expect(
        G.GraphError,
        r"TapeMachine: takes the graph, then keywords only; got 1 more positional argument\(s\) \(list\)",
        lambda: G.TapeMachine(g, [y]),
    )
    expect(
        G.GraphError,
        r"TapeMachine: eval_mode must be True or False, got 'no'",
        lambda: G.TapeMachine(g, eval_mode="no"),
    )
    expect(G.GraphError, r"function: eval_mode must be True or False, got 1", lambda: G.function([x], [y], eval_mode=1))
    f = G.function([x], [y])
    try:
        expect(
            G.GraphError,
            r"function 'main': takes its inputs positionally, in the order \(x\); got keyword\(s\) x",
            lambda: f(x=np.ones(3, np.float32)),
        )
        expect(G.GraphError, r"export: name 3 must be an identifier", lambda: G.export(f, tmp_path / "m.vmfb", name=3))
        expect(
            G.GraphError,
            r"export: eval_mode must be True, False or None",
            lambda: G.export(f, tmp_path / "m.vmfb", eval_mode="y"),
        )
    finally:
        f.close()
