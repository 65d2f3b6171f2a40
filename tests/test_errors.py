"""Every error a user can cause is typed and says what went wrong: the op, the shapes/dtypes, the node,
and the user's file:line (DESIGN.md, Conventions)."""

from __future__ import annotations

import inspect
import os

import numpy as np
import pytest
from iree.compiler import ir

import gorgonia_mlir as G
from gorgonia_mlir.compiler import compile_module

HERE = os.path.basename(__file__)


def raised_at(info: pytest.ExceptionInfo) -> str:
    """``test_errors.py:<line>`` of the statement in the test that raised (the first traceback entry)."""
    return f"{HERE}:{info.tb.tb_lineno}"


# ---- building --------------------------------------------------------------------------------------


def test_matmul_shape_mismatch_names_op_shapes_and_caller_line(g):
    a = G.matrix(g, G.Float32, shape=(2, 3), name="a")
    b = G.matrix(g, G.Float32, shape=(4, 5), name="b")
    with pytest.raises(G.GraphError) as info:
        G.mul(a, b)
    assert isinstance(info.value, ValueError)
    msg = str(info.value)
    assert "matmul" in msg and "(2, 3)" in msg and "(4, 5)" in msg
    assert raised_at(info) in msg


def test_matmul_operator_points_at_the_line_with_the_at_sign(g):
    a = G.matrix(g, G.Float64, shape=(2, 3), name="a")
    b = G.matrix(g, G.Float64, shape=(4, 5), name="b")
    with pytest.raises(G.GraphError, match=r"matmul.*\(2, 3\).*\(4, 5\)") as info:
        _ = a @ b
    assert raised_at(info) in str(info.value)


def test_elementwise_shapes_that_do_not_broadcast(g):
    a = G.matrix(g, G.Float32, shape=(2, 3), name="a")
    b = G.matrix(g, G.Float32, shape=(3, 2), name="b")
    with pytest.raises(G.GraphError, match=r"add: shapes \(2, 3\) and \(3, 2\) do not broadcast") as info:
        _ = a + b
    assert raised_at(info) in str(info.value)
    with pytest.raises(G.GraphError, match=r"hadamard_prod: .*\(2, 3\) and \(3, 2\)"):
        G.hadamard_prod(a, b)


def test_operand_dtypes_must_match(g):
    a = G.vector(g, G.Float32, shape=(3,), name="a")
    b = G.vector(g, G.Float64, shape=(3,), name="b")
    with pytest.raises(G.GraphError, match=r"sub: operand dtypes differ: Float32, Float64") as info:
        G.sub(a, b)
    assert "a: Float32[3]" in str(info.value) and "b: Float64[3]" in str(info.value)


def test_float_op_on_an_int_node(g):
    i = G.vector(g, G.Int32, shape=(3,), name="i")
    with pytest.raises(G.GraphError, match=r"exp: expects float .* got Int32 \(operands: i: Int32\[3\]\)") as info:
        G.exp(i)
    assert raised_at(info) in str(info.value)
    with pytest.raises(G.GraphError, match="mean: expects a float operand, got Int32"):
        G.mean(i)


def test_inexact_python_constant_for_an_int_node(g):
    i = G.vector(g, G.Int64, shape=(3,), name="i")
    with pytest.raises(G.GraphError, match=r"the constant 1.5 is not exact in Int64 \(node 'i'\)"):
        _ = i + 1.5


def test_reshape_to_the_wrong_size(g):
    x = G.matrix(g, G.Float32, shape=(2, 3), name="x")
    with pytest.raises(G.GraphError, match=r"reshape: cannot reshape \(2, 3\) \(6 elements\) to \(4, 2\)") as info:
        G.reshape(x, (4, 2))
    assert raised_at(info) in str(info.value)
    with pytest.raises(G.GraphError, match=r"cannot reshape \(2, 3\) to \(4, -1\) \(node 'x'\)"):
        G.reshape(x, (4, -1))
    with pytest.raises(G.GraphError, match="at most one -1"):
        G.reshape(x, (-1, -1))


@pytest.mark.parametrize(
    "build, pattern",
    [
        (lambda x: G.sum(x, 2), r"sum: axis 2 is out of range for rank 2"),
        (lambda x: G.sum(x, -3), r"sum: axis -3 is out of range for rank 2"),
        (lambda x: G.sum(x, 0, 0), r"sum: repeated axis"),
        (lambda x: G.mean(x, 5), r"axis 5 is out of range"),
        (lambda x: G.transpose(x, 0, 0), r"transpose: \(0, 0\) is not a permutation of the 2 axes of shape \(2, 3\)"),
        (lambda x: G.transpose(x, 0, 1, 2), r"transpose: \(0, 1, 2\) is not a permutation"),
        (lambda x: G.broadcast_to(x, (3, 3)), r"broadcast_to: .*\(2, 3\) and \(3, 3\)"),
        (lambda x: G.outer_prod(x, x), r"outer_prod: expects operands of rank 1 and 1"),
        (lambda x: G.mul(G.tensor(x.graph, G.Float32, shape=(2, 2, 2)), x), r"mul: no overload for shapes"),
    ],
)
def test_bad_axes_and_shapes(g, build, pattern):
    x = G.matrix(g, G.Float32, shape=(2, 3), name="x")
    with pytest.raises(G.GraphError, match=pattern) as info:
        build(x)
    assert HERE in str(info.value)


def test_nodes_from_two_graphs(g):
    a = G.vector(g, G.Float32, shape=(3,), name="a")
    other = G.Graph("other")
    b = G.vector(other, G.Float32, shape=(3,), name="b")
    with pytest.raises(G.GraphError, match=r"add: node 'b' belongs to another graph") as info:
        _ = a + b
    assert raised_at(info) in str(info.value)


def test_bad_node_constructors(g):
    with pytest.raises(G.GraphError, match=r"needs a shape of rank 2, got \(2,\)"):
        G.matrix(g, G.Float32, shape=(2,), name="m")
    with pytest.raises(G.GraphError, match=r"dimensions must be positive"):
        G.vector(g, G.Float32, shape=(0,), name="v")
    with pytest.raises(G.GraphError, match=r"dtype must be one of"):
        G.vector(g, np.float32, shape=(2,), name="v")
    with pytest.raises(G.GraphError, match=r"shape= is required"):
        G.vector(g, G.Float32, name="v")
    G.scalar(g, G.Float32, name="s")
    with pytest.raises(G.GraphError, match=r"already has a node named 's'"):
        G.scalar(g, G.Float32, name="s")
    with pytest.raises(G.GraphError, match=r"cannot use str as an operand"):
        _ = g["s"] + "one"


# ---- let -------------------------------------------------------------------------------------------


def test_let_with_wrong_shape_names_the_node(g):
    x = G.matrix(g, G.Float32, shape=(2, 3), name="features")
    with pytest.raises(G.GraphError, match=r"node 'features' has shape \(2, 3\), got a value of shape \(3, 2\)") as i:
        G.let(x, np.zeros((3, 2), np.float32))
    assert raised_at(i) in str(i.value)
    with pytest.raises(G.GraphError, match=r"node 'features' has shape \(2, 3\)"):
        G.let(x, [1.0, 2.0, 3.0])


def test_let_with_wrong_numpy_dtype_names_the_node(g):
    x = G.vector(g, G.Float32, shape=(3,), name="features")
    with pytest.raises(G.GraphError, match=r"node 'features' is Float32 .* got an array of float64") as info:
        G.let(x, np.zeros(3))
    assert ".astype(np.float32)" in str(info.value)
    i = G.vector(g, G.Int32, shape=(3,), name="labels")
    with pytest.raises(G.GraphError, match=r"node 'labels' is Int32, got \[1.5, 2, 3\]"):
        G.let(i, [1.5, 2, 3])
    with pytest.raises(G.GraphError, match=r"node 'labels' is Int32"):
        G.let(i, "abc")


def test_let_on_an_op_node(g):
    x = G.vector(g, G.Float32, shape=(3,), name="x")
    y = G.exp(x, "y")
    with pytest.raises(G.GraphError, match=r"let: node 'y' is computed by gorgonia.exp; only inputs and learnables"):
        G.let(y, np.zeros(3, np.float32))
    with pytest.raises(G.GraphError, match=r"let: expects a graph node, got float"):
        G.let(1.0, 2.0)


def test_learnable_init_of_the_wrong_shape_names_the_node(g):
    with pytest.raises(G.GraphError, match=r"node 'w' has shape \(2, 2\), the init value has shape \(3, 3\)"):
        G.matrix(g, G.Float32, shape=(2, 2), name="w", init=np.zeros((3, 3)))


# ---- running ---------------------------------------------------------------------------------------


def test_run_all_with_an_unbound_input_names_it(g):
    x = G.vector(g, G.Float32, shape=(3,), name="x")
    y = G.vector(g, G.Float32, shape=(3,), name="y")
    created = f"{HERE}:{inspect.currentframe().f_lineno - 1}"  # the line that made y
    _ = x * y
    m = G.TapeMachine(g)
    G.let(x, [1.0, 2.0, 3.0])
    with pytest.raises(G.ExecutionError, match=r"input 'y' \(Float32\[3\], created at .*\) has no value") as info:
        m.run_all()
    assert isinstance(info.value, RuntimeError)
    assert created in str(info.value) and "G.let(y, ...)" in str(info.value)
    m.close()


def test_function_called_with_wrong_arguments(g):
    x = G.vector(g, G.Float32, shape=(3,), name="x")
    y = G.vector(g, G.Float32, shape=(3,), name="y")
    f = G.function([x, y], [x - y], name="diff")
    ones = np.ones(3, np.float32)
    with pytest.raises(G.GraphError, match=r"function 'diff': expects 2 arguments \(x, y\), got 1") as info:
        f(ones)
    assert raised_at(info) in str(info.value)
    with pytest.raises(G.GraphError, match=r"function 'diff': node 'y' has shape \(3,\), got a value of shape \(4,\)"):
        f(ones, np.ones(4, np.float32))
    with pytest.raises(G.GraphError, match=r"function 'diff': node 'y' is Float32 .* got an array of float64"):
        f(ones, np.ones(3))
    f.close()


def test_function_output_depending_on_an_input_not_in_its_inputs(g):
    x = G.vector(g, G.Float32, shape=(3,), name="x")
    y = G.vector(g, G.Float32, shape=(3,), name="y")
    z = x * y
    with pytest.raises(G.GraphError, match=r"the outputs depend on input 'y' .* not among the function's inputs") as i:
        G.function([x], [z])
    assert raised_at(i) in str(i.value)


def test_function_arguments_must_be_inputs(g):
    x = G.vector(g, G.Float32, shape=(3,), name="x")
    w = G.vector(g, G.Float32, shape=(3,), name="w", init=G.ones())
    with pytest.raises(G.GraphError, match=r"argument 'w' \(learnable node\) is not an input"):
        G.function([w], [x * w])
    with pytest.raises(G.GraphError, match=r"needs at least one output"):
        G.function([x], [])
    with pytest.raises(G.GraphError, match=r"name 'not an id' must be an identifier"):
        G.function([x], [G.exp(x)], name="not an id")


def test_machine_errors(g):
    with pytest.raises(G.GraphError, match=r"TapeMachine: graph 'graph' has nothing to compute"):
        G.TapeMachine(g)
    with pytest.raises(G.GraphError, match=r"TapeMachine: expects a Graph, got str"):
        G.TapeMachine("graph")
    x = G.vector(g, G.Float32, shape=(3,), name="x")
    _ = G.exp(x)
    with pytest.raises(G.ExecutionError, match=r"unknown device 'tpu'"):
        G.TapeMachine(g, device="tpu")


# ---- compiling -------------------------------------------------------------------------------------


def _module(g):
    x = G.vector(g, G.Float32, shape=(3,), name="x")
    return g.extract([x], [G.tanh(x)], "main")


def test_iree_failure_is_a_compile_error_with_diagnostics(g):
    with pytest.raises(G.CompileError) as info:
        compile_module(_module(g), flags=["--iree-this-flag-does-not-exist"])
    assert "--iree-this-flag-does-not-exist" in info.value.diagnostics
    assert "IREE failed to compile" in str(info.value)
    assert info.value.diagnostics in str(info.value)


def test_machine_forwards_compile_errors(g):
    x = G.vector(g, G.Float32, shape=(3,), name="x")
    _ = G.exp(x)
    with pytest.raises(G.CompileError, match="iree-this-flag-does-not-exist"):
        G.TapeMachine(g, flags=["--iree-this-flag-does-not-exist"])


def test_unknown_target_is_a_compile_error(g):
    with pytest.raises(G.CompileError, match=r"unknown target 'tpu'; known targets: .*cpu"):
        compile_module(_module(g), target="tpu")


def test_unknown_pass_is_a_compile_error(g):
    with pytest.raises(G.CompileError, match=r"unknown pass 'no-such-pass'") as info:
        compile_module(_module(g), passes=["gorgonia-verify", "no-such-pass"])
    assert "no-such-pass" in info.value.diagnostics


def test_invalid_gorgonia_ir_fails_verification_with_its_location():
    ctx = ir.Context()
    ctx.allow_unregistered_dialects = True
    text = """
    func.func @main(%a: tensor<2xf32>, %b: tensor<3xf32>) -> tensor<2xf32> {
      %0 = "gorgonia.add"(%a, %b) : (tensor<2xf32>, tensor<3xf32>) -> tensor<2xf32> loc("model.py":12:0)
      return %0 : tensor<2xf32>
    }
    """
    with ctx, ir.Location.unknown():
        module = ir.Module.parse(text)
        with pytest.raises(G.CompileError, match="gorgonia-verify") as info:
            compile_module(module)
    assert "model.py:12" in info.value.diagnostics
    assert "'gorgonia.add' op shapes (2,) and (3,) do not broadcast" in info.value.diagnostics


def test_error_classes():
    assert issubclass(G.GraphError, ValueError) and issubclass(G.GraphError, G.GorgoniaError)
    assert issubclass(G.ExecutionError, RuntimeError) and issubclass(G.ExecutionError, G.GorgoniaError)
    assert issubclass(G.CompileError, G.GorgoniaError) and issubclass(G.SymDiffError, G.GraphError)
    assert G.CompileError("failed", "line 1: error").diagnostics == "line 1: error"
