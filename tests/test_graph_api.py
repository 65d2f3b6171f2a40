"""The graph API: nodes, machines, functions, learnables, the dialect text and the compile cache."""

from __future__ import annotations

import inspect
import os
import uuid

import numpy as np
import pytest

import gorgonia_mlir as G
from gorgonia_mlir import compiler


def _line() -> int:
    """The caller's line number."""
    return inspect.currentframe().f_back.f_lineno


# ---- Gorgonia's README example ---------------------------------------------------------------------


def test_gorgonia_readme_example_with_a_tape_machine():
    g = G.Graph()
    x = G.scalar(g, G.Float64, name="x")
    y = G.scalar(g, G.Float64, name="y")
    z = G.add(x, y)
    m = G.TapeMachine(g)
    G.let(x, 2.0)
    G.let(y, 2.5)
    m.run_all()
    assert z.value == 4.5
    assert isinstance(z.value, np.float64)
    m.close()


def test_gorgonia_readme_example_as_a_function():
    g = G.Graph()
    x = G.scalar(g, G.Float64, name="x")
    y = G.scalar(g, G.Float64, name="y")
    f = G.function([x, y], [x + y])
    (z,) = f(2.0, 2.5)
    assert z == 4.5
    assert [float(v) for v in f(np.float64(1.0), 0.25)] == [1.25]
    f.close()


# ---- nodes -----------------------------------------------------------------------------------------


def test_node_facts(g):
    x = G.matrix(g, G.Float32, shape=(2, 3), name="x")
    assert (x.name, x.shape, x.dtype, x.ndim, x.kind, x.value) == ("x", (2, 3), G.Float32, 2, "input", None)
    y = G.sum(G.tanh(x), 1, name="rows")
    assert (y.name, y.shape, y.dtype, y.op_name) == ("rows", (2,), G.Float32, "gorgonia.sum")
    assert y.inputs[0].op_name == "gorgonia.tanh" and y.inputs[0].inputs == [x]
    assert g["rows"] is y and g["x"] is x
    assert repr(y) == "Node('rows', gorgonia.sum, Float32[2])"
    with pytest.raises(KeyError, match="no node named 'nope'"):
        g["nope"]


def test_unnamed_nodes_get_unique_names(g):
    x = G.vector(g, G.Float64, shape=(2,))
    a, b = G.exp(x), G.exp(x)
    names = [n.name for n in g.nodes]
    assert len(set(names)) == len(names)
    assert a.name != b.name and a.name.startswith("exp")


def test_operators_build_the_matching_ops(g):
    m = G.matrix(g, G.Float32, shape=(2, 3), name="m")
    v = G.vector(g, G.Float32, shape=(3,), name="v")
    s = G.scalar(g, G.Float32, name="s")
    built = {
        "add": m + v,
        "sub": 1.0 - m,
        "hadamard_prod": s * m,
        "hadamard_div": m / 2.0,
        "pow": m**2.0,
        "neg": -m,
        "matvec": m @ v,
        "dot": v @ v,
        "matmul": m @ m.T,
        "transpose": m.T,
    }
    assert {name: n.op_name for name, n in built.items()} == {name: f"gorgonia.{name}" for name in built}
    assert (m @ m.T).shape == (2, 2) and (s * m).shape == (2, 3) and (v @ v).shape == ()


def test_graph_inputs_learnables_and_sinks(g):
    x = G.vector(g, G.Float32, shape=(3,), name="x")
    w = G.vector(g, G.Float32, shape=(3,), name="w", init=G.ones())
    h = x * w
    y = G.sum(h)
    assert g.inputs == [x] and g.learnables == [w]
    assert g.sinks() == [y]
    assert "Graph('graph'" in repr(g)


# ---- running ---------------------------------------------------------------------------------------


def test_every_op_node_has_a_value_after_run_all(g):
    x = G.vector(g, G.Float64, shape=(3,), name="x")
    h = G.exp(x)
    y = G.sum(h * 2.0)
    m = G.TapeMachine(g)
    G.let(x, [0.0, 1.0, 2.0])
    m.run_all()
    np.testing.assert_allclose(h.value, np.exp([0.0, 1.0, 2.0]), rtol=1e-12)
    np.testing.assert_allclose(y.value, 2 * np.exp([0.0, 1.0, 2.0]).sum(), rtol=1e-12)
    np.testing.assert_array_equal(x.value, [0.0, 1.0, 2.0])
    m.close()


def test_run_again_with_new_values(g):
    x = G.vector(g, G.Int32, shape=(4,), name="x")
    y = x * x - 1
    with G.TapeMachine(g) as m:
        G.let(x, [1, 2, 3, 4])
        m.run_all()
        np.testing.assert_array_equal(y.value, [0, 3, 8, 15])
        G.let(x, np.array([-1, 0, 5, 6], np.int32))
        m.run_all()
        np.testing.assert_array_equal(y.value, [0, -1, 24, 35])
    assert y.value.dtype == np.int32  # values stay readable after close


def test_reset_clears_computed_values_only(g):
    x = G.scalar(g, G.Float32, name="x")
    w = G.scalar(g, G.Float32, name="w", init=G.values_of(3.0))
    y = x * w
    m = G.TapeMachine(g)
    G.let(x, 2.0)
    m.run_all()
    assert y.value == 6.0
    m.reset()
    assert y.value is None
    assert x.value == 2.0 and w.value == 3.0
    m.run_all()
    assert y.value == 6.0
    m.close()


def test_outputs_limit_what_is_computed(g):
    x = G.vector(g, G.Float32, shape=(2,), name="x")
    h = G.exp(x)
    y = G.sum(h)
    m = G.TapeMachine(g, outputs=[y])
    G.let(x, [0.0, 0.0])
    m.run_all()
    assert y.value == 2.0 and h.value is None
    m.close()


def test_unused_inputs_need_no_value(g):
    x = G.scalar(g, G.Float32, name="x")
    G.scalar(g, G.Float32, name="unused")
    y = x + 1.0
    m = G.TapeMachine(g)
    G.let(x, 1.0)
    m.run_all()
    assert y.value == 2.0
    m.close()


def test_function_returns_numpy_values(g):
    a = G.matrix(g, G.Float32, shape=(2, 3), name="a")
    b = G.vector(g, G.Float32, shape=(3,), name="b")
    f = G.function([a, b], [a @ b, G.sum(a)], name="f")
    av = np.arange(6, dtype=np.float32).reshape(2, 3)
    bv = np.array([1.0, 0.5, -1.0], np.float32)
    mv, total = f(av, bv)
    np.testing.assert_allclose(mv, av @ bv, rtol=1e-6)
    assert isinstance(mv, np.ndarray) and mv.dtype == np.float32
    assert total == 15.0 and np.ndim(total) == 0
    assert f.compiled.passes == G.DEFAULT_PASSES
    f.close()


def test_compiling_does_not_change_the_users_graph(g):
    x = G.vector(g, G.Float32, shape=(3,), name="x")
    G.sigmoid(x) + G.tanh(x)
    before = G.to_mlir(g)
    m = G.TapeMachine(g)
    assert G.to_mlir(g) == before
    assert '"gorgonia.' not in m.compiled.lowered_mlir and "linalg.generic" in m.compiled.lowered_mlir
    m.close()


def test_dump_ir_writes_the_ir_after_every_pass(g, tmp_path):
    x = G.vector(g, G.Float32, shape=(3,), name=f"x_{uuid.uuid4().hex[:8]}")
    y = G.exp(x)
    f = G.function([x], [y], dump_ir=str(tmp_path))
    files = sorted(os.listdir(tmp_path))
    assert files[0] == "00-input.mlir" and len(files) == len(G.DEFAULT_PASSES) + 1
    assert "gorgonia.exp" in (tmp_path / files[0]).read_text()
    assert "math.exp" in (tmp_path / files[-1]).read_text()
    f.close()


# ---- learnables ------------------------------------------------------------------------------------


def test_learnable_values_exist_before_any_run(g):
    w = G.matrix(g, G.Float64, shape=(2, 3), name="w", init=G.ranged_from(1))
    assert w.kind == "learnable" and w.op_name == "gorgonia.learnable"
    np.testing.assert_array_equal(w.value, np.arange(1, 7, dtype=np.float64).reshape(2, 3))
    b = G.vector(g, G.Float32, shape=(3,), name="b", init=np.array([1, 2, 3]))
    assert b.value.dtype == np.float32 and b.value.tolist() == [1.0, 2.0, 3.0]


def test_learnables_are_used_and_can_be_set(g):
    x = G.vector(g, G.Float32, shape=(3,), name="x")
    w = G.vector(g, G.Float32, shape=(3,), name="w", init=G.ranged_from(0))
    y = G.sum(x * w)
    m = G.TapeMachine(g)
    G.let(x, [1.0, 1.0, 1.0])
    m.run_all()
    assert y.value == 3.0
    G.let(w, [10.0, 20.0, 30.0])  # uploaded again before the next run
    m.run_all()
    assert y.value == 60.0
    np.testing.assert_array_equal(w.value, [10.0, 20.0, 30.0])
    with pytest.raises(G.GraphError, match=r"node 'w' has shape \(3,\)"):
        G.let(w, [1.0, 2.0])
    m.close()


def test_learnables_of_every_dtype(g):
    x = G.vector(g, G.Bool, shape=(3,), name="x")
    mask = G.vector(g, G.Bool, shape=(3,), name="mask", init=np.array([True, False, True]))
    count = G.vector(g, G.Int64, shape=(3,), name="count", init=G.ranged_from(5))
    scale = G.scalar(g, G.Float32, name="scale", init=G.values_of(0.5))
    same, doubled, half = G.eq(x, mask), count * 2, scale * 1.0
    with G.TapeMachine(g) as m:
        G.let(x, np.array([True, True, False]))
        m.run_all()
    np.testing.assert_array_equal(same.value, [True, False, False])
    np.testing.assert_array_equal(doubled.value, np.array([10, 12, 14], np.int64))
    assert half.value == np.float32(0.5)


# ---- the dialect text ------------------------------------------------------------------------------


def test_to_mlir_shows_gorgonia_ops(g):
    x = G.matrix(g, G.Float32, shape=(4, 3), name="x")
    w = G.matrix(g, G.Float32, shape=(3, 2), name="w", init=G.zeroes())
    G.sum(G.rectify(x @ w), 1)
    text = G.to_mlir(g)
    for op in ("gorgonia.learnable", "gorgonia.matmul", "gorgonia.rectify", "gorgonia.sum"):
        assert f'"{op}"' in text
    assert 'gorgonia.name = "x"' in text and "tensor<4x3xf32>" in text
    assert "loc(" not in text


def test_to_mlir_debug_info_has_the_users_file_and_line(g):
    x = G.vector(g, G.Float32, shape=(3,), name="x")
    y = G.exp(x)
    line = _line() - 1
    text = G.to_mlir(g, debug_info=True)
    assert f'loc("{__file__}":{line}:' in text
    assert y.loc.line == line and y.loc.file == __file__


# ---- the compile cache -----------------------------------------------------------------------------


def _small_graph(token: str, scale: float = 2.0):
    g = G.Graph()
    x = G.vector(g, G.Float32, shape=(4,), name=f"x_{token}")
    w = G.vector(g, G.Float32, shape=(4,), name="w", init=G.uniform(seed=int(scale)))
    y = G.tanh(x * w) * scale
    return g, x, w, y


def test_identical_graphs_are_compiled_once(compile_counter):
    token = uuid.uuid4().hex[:8]  # a graph no other test compiled
    before = compiler.cache_info()
    values = []
    for _ in range(2):
        g, x, w, y = _small_graph(token)
        with G.TapeMachine(g) as m:
            G.let(x, [1.0, 2.0, 3.0, 4.0])
            m.run_all()
            values.append(y.value)
    assert compile_counter.calls == 1
    after = compiler.cache_info()  # (entries may not grow: the bounded cache can evict an older module)
    assert (after["misses"], after["hits"]) == (before["misses"] + 1, before["hits"] + 1)
    np.testing.assert_array_equal(values[0], values[1])


def test_the_cache_is_keyed_by_content(compile_counter):
    token = uuid.uuid4().hex[:8]
    g1, x1, _, y1 = _small_graph(token, scale=2.0)
    g2, x2, _, y2 = _small_graph(token, scale=3.0)  # another constant: another module
    f1, f2 = G.function([x1], [y1]), G.function([x2], [y2])
    assert compile_counter.calls == 2
    f1.close()
    f2.close()


def test_learnable_values_are_not_part_of_the_cache_key(compile_counter):
    token = uuid.uuid4().hex[:8]
    outs = []
    for init in (G.ones(), G.values_of(2.0)):
        g = G.Graph()
        x = G.vector(g, G.Float64, shape=(2,), name=f"x_{token}")
        w = G.vector(g, G.Float64, shape=(2,), name="w", init=init)
        f = G.function([x], [x * w])
        outs.append(f([1.0, 3.0])[0])
        f.close()
    assert compile_counter.calls == 1
    np.testing.assert_array_equal(outs, [[1.0, 3.0], [2.0, 6.0]])
