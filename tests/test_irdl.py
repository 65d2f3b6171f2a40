"""The IRDL definition of the dialect: generated from the op table, accepted by iree-opt for what the
graph builders emit, and strict about counts, attributes and attribute kinds (table-driven)."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from examples_elementwise import RECORDS
from iree.compiler import ir
from iree.compiler.dialects import func
from test_ops_forward import EXAMPLES

import gorgonia_mlir as G
from gorgonia_mlir.dialect import OPS
from gorgonia_mlir.dialect.irdl import IRDL_PATH, REGENERATE, generate, main, operation
from gorgonia_mlir.dialect.spec import BOOL, I64, Operand, OpSpec
from gorgonia_mlir.transforms import run_pipeline

ROOT = Path(__file__).resolve().parent.parent


def _iree_opt() -> str:
    here = Path(sys.executable).with_name("iree-opt")
    found = str(here) if here.exists() else shutil.which("iree-opt")
    assert found, "iree-opt not found (it comes with iree-base-compiler)"
    return found


def iree_opt(text: str, *flags: str) -> subprocess.CompletedProcess:
    """``iree-opt --irdl-file=<ours> FLAGS -`` on ``text``."""
    cmd = [_iree_opt(), f"--irdl-file={IRDL_PATH}", *flags, "-"]
    return subprocess.run(cmd, input=text, capture_output=True, text=True, timeout=120)


# ---- the checked-in file ---------------------------------------------------------------------------


def test_checked_in_irdl_file_is_generated_from_the_op_table():
    assert IRDL_PATH.read_text(encoding="utf-8") == generate(), (
        f"{IRDL_PATH.relative_to(ROOT)} is stale (the op table changed): regenerate it with `{REGENERATE}`"
    )


def test_check_flag_exits_1_when_stale_and_0_when_fresh(tmp_path, capsys):
    path = tmp_path / "gorgonia.irdl.mlir"
    path.write_text("irdl.dialect @gorgonia {\n}\n")
    assert main(["--check", "-o", str(path)]) == 1
    assert REGENERATE in capsys.readouterr().err
    assert main(["-o", str(path)]) == 0
    assert main(["--check", "-o", str(path)]) == 0
    assert path.read_text() == generate()


def test_generated_definition_has_one_operation_per_op_and_separate_constraints():
    text = generate()
    assert sorted(re.findall(r"irdl\.operation @(\w+)", text)) == sorted(OPS)
    # One constraint value per operand/result/attribute: no SSA value is defined twice in an operation.
    for body in re.findall(r"irdl\.operation @\w+ \{(.*?)\n  \}", text, re.S):
        defined = re.findall(r"(%\w+) = irdl\.", body)
        assert len(defined) == len(set(defined)), body


def test_generator_handles_shapes_the_table_does_not_have_yet(tmp_path):
    # Future ops: two fixed results, an optional attribute (left unchecked), names that clash.
    spec = OpSpec(
        "split2",
        (Operand("x"), Operand("x_attr")),
        {"x": I64, "flag": BOOL},
        lambda ts, attrs: ts,
        "test op",
        "shape",
        num_results=2,
        optional_attrs=frozenset({"flag"}),
    )
    definition = tmp_path / "test.irdl.mlir"
    definition.write_text("irdl.dialect @gorgonia {\n" + "\n".join(operation(spec)) + "\n}\n")
    ok = """
    func.func @f(%a: tensor<2xf32>, %b: tensor<3xf32>) {
      %0:2 = "gorgonia.split2"(%a, %b) {x = 1 : i64} : (tensor<2xf32>, tensor<3xf32>) -> (tensor<1xf32>, tensor<f32>)
      %1:2 = "gorgonia.split2"(%a, %b) {x = 1 : i64, flag = "anything"}
        : (tensor<2xf32>, tensor<3xf32>) -> (tensor<1xf32>, tensor<f32>)
      return
    }"""
    cmd = [_iree_opt(), f"--irdl-file={definition}", "-"]
    done = subprocess.run(cmd, input=ok, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    bad = ok.replace("{x = 1 : i64}", "{}")
    done = subprocess.run(cmd, input=bad, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and 'attribute "x" is expected but not provided' in done.stderr


# ---- every op, built through the public API ---------------------------------------------------------


@dataclass
class Inputs:
    """Shared inputs of the every-op graph."""

    g: G.Graph
    x: G.Node  # f32[2, 3]
    y: G.Node  # f32[2, 3]
    v: G.Node  # f32[3]
    u: G.Node  # f32[2]
    i: G.Node  # i64[4]


def _learnable_matmul(n: Inputs):
    w = G.matrix(n.g, G.Float32, shape=(3, 4), init=G.glorot_u(seed=1))
    return n.x @ w


def _assign(n: Inputs):
    state = G.vector(n.g, G.Float32, shape=(3,), name="state", init=G.zeroes())
    n.g.assign(state, state * 0.9 + n.v)
    return state


def _every_example(record) -> Callable[[Inputs], object]:
    """Builds each forward example of an elementwise op's record in each of its dtypes."""

    def build(n: Inputs):
        outs = []
        for i, c in enumerate(record.examples):
            for dtype in c.on:
                nodes = [
                    G.tensor(n.g, dtype, shape=s, name=f"{record.name}{i}_{dtype.name}_{k}")
                    for k, s in enumerate(c.shapes)
                ]
                outs.append(c.build(*nodes))
        return outs

    return build


# op name -> a builder that makes (at least) that op, for the ops no forward example makes as IRDL can
# take them (requests, learnables, random draws, state updates, a variadic group of one type). The
# elementwise ops' builders are their records' examples (tests/examples_elementwise.py), every dtype they
# run in; every other op's is its first forward example (tests/examples_<family>.py).
BUILDERS: dict[str, Callable[[Inputs], object]] = {
    "learnable": _learnable_matmul,
    "concat": lambda n: G.concat(0, n.x, n.y),  # one variadic group: equal shapes (IRDL unifies them)
    # vjp/jvp: each variadic group holds one type (IRDL unifies a group's elements).
    "grad": lambda n: G.grad(G.sum(G.square(n.x * n.y)), [n.x, n.y]),
    "vjp": lambda n: G.backprop([G.tanh(n.x)], [n.y], [n.x]),
    "jvp": lambda n: G.jvp([G.exp(n.v)], [n.v], [n.v]),
    "uniform_random": lambda n: G.uniform_random(n.g, G.Float32, -1.0, 1.0, (2, 3), seed=1),
    "gaussian_random": lambda n: G.gaussian_random(n.g, G.Float64, 0.0, 2.0, (3,), seed=2),
    "binomial_random": lambda n: G.binomial_random(n.g, G.Float32, 10, 0.3, (4,), seed=3),
    "assign": _assign,
}
BUILDERS.update({r.name: _every_example(r) for r in RECORDS if not r.composite})


def _first_example(c) -> Callable[[Inputs], object]:
    """Builds an op's first forward example (tests/examples_<family>.py) in its first dtype."""

    def build(n: Inputs):
        dtype = c.on[0]
        return c.build(*[G.tensor(n.g, dtype, shape=s, name=f"ex{next(_ids)}") for s in c.shapes])

    return build


_ids = itertools.count()
BUILDERS.update({op: _first_example(cases[0]) for op, cases in EXAMPLES.items() if op in OPS and op not in BUILDERS})


def module_text(g: G.Graph) -> str:
    """``G.to_mlir(g)``, plus the graph's state updates: ``gorgonia.assign`` is an effect, not a sink."""
    effects = [record for record, _ in g.effects]
    if not effects:
        return G.to_mlir(g)
    return g.extract(g.inputs, g.sinks(), g.name, effects=effects).operation.get_asm()


@pytest.fixture(scope="module")
def every_op_text() -> str:
    """The dialect text of one graph in which BUILDERS made every op of the table."""
    g = G.Graph("every_op")
    n = Inputs(
        g,
        G.matrix(g, G.Float32, shape=(2, 3), name="x"),
        G.matrix(g, G.Float32, shape=(2, 3), name="y"),
        G.vector(g, G.Float32, shape=(3,), name="v"),
        G.vector(g, G.Float32, shape=(2,), name="u"),
        G.vector(g, G.Int64, shape=(4,), name="i"),
    )
    for name in sorted(set(BUILDERS) & set(OPS)):
        before = len(g.records)
        BUILDERS[name](n)
        made = {r.op.name for r in g.records[before:]}
        assert f"gorgonia.{name}" in made, f"BUILDERS[{name!r}] made {sorted(made)}, not gorgonia.{name}"
    text = module_text(g)
    absent = sorted(name for name in OPS if f'"gorgonia.{name}"' not in text)
    assert not absent, f"ops built but missing from the module text: {absent}"
    return text


def test_irdl_accepts_every_op_the_builders_emit(every_op_text):
    done = iree_opt(every_op_text)
    assert done.returncode == 0, f"iree-opt --irdl-file rejected the builders' IR:\n{done.stderr}\n{every_op_text}"
    assert done.stdout.count('"gorgonia.') == every_op_text.count('"gorgonia.')


def test_gorgonia_verify_accepts_every_op_the_builders_emit(every_op_text):
    with ir.Context() as ctx:
        ctx.allow_unregistered_dialects = True
        module = ir.Module.parse(every_op_text)
        run_pipeline(module, ["gorgonia-verify"])


def test_irdl_accepts_grad_with_respect_to_nodes_of_different_shapes():
    # G.grad makes one single-result request per node, so IRDL need not unify their types.
    g = G.Graph()
    x = G.matrix(g, G.Float32, shape=(2, 3), name="x")
    w = G.matrix(g, G.Float32, shape=(3, 4), name="w", init=G.zeroes())
    b = G.vector(g, G.Float32, shape=(4,), name="b", init=G.zeroes())
    G.grad(G.sum(x @ w + b), [w, b])
    done = iree_opt(G.to_mlir(g))
    assert done.returncode == 0, done.stderr


# ---- what IRDL rejects, derived from the table ------------------------------------------------------


def _standalone(op: ir.Operation, *, extra_operand=False, extra_result=False, attributes=None) -> str:
    """A function holding a copy of ``op`` (optionally mutated), its operands as arguments."""
    in_types = [v.type for v in op.operands]
    if extra_operand:
        in_types.append(in_types[0] if in_types else ir.RankedTensorType.get([], ir.F32Type.get()))
    out_types = [r.type for r in op.results]
    if extra_result:
        out_types.append(out_types[0] if out_types else ir.RankedTensorType.get([], ir.F32Type.get()))
    attrs = {k: op.attributes[k] for k in op.attributes} if attributes is None else attributes
    module = ir.Module.create()
    with ir.InsertionPoint(module.body):
        fn = func.FuncOp("f", ir.FunctionType.get(in_types, []))
        block = fn.add_entry_block()
        with ir.InsertionPoint(block):
            ir.Operation.create(op.name, results=out_types, operands=list(block.arguments), attributes=attrs)
            func.ReturnOp([])
    return str(module)


def _expect(text: str, message: str) -> str:
    """``text`` with ``// expected-error`` on the line before its gorgonia op."""
    return re.sub(
        r'^(\s*)(.*"gorgonia\.)', rf"\1// expected-error @+1 {{{{{message}}}}}\n\1\2", text, count=1, flags=re.M
    )


def _malformed_cases(every_op_text: str) -> list[str]:
    cases = []
    seen = set()
    module = ir.Module.parse(every_op_text)
    for op in module.body.operations[0].regions[0].blocks[0].operations:
        name = op.name.removeprefix("gorgonia.")
        if name not in OPS or name in seen:
            continue
        seen.add(name)
        spec = OPS[name]
        if not any(o.variadic for o in spec.operands):
            n = len(spec.operands)
            cases.append(_expect(_standalone(op, extra_operand=True), f"expects exactly {n} operands, but got {n + 1}"))
        if spec.num_results >= 0:
            n = spec.num_results
            cases.append(_expect(_standalone(op, extra_result=True), f"expects exactly {n} results, but got {n + 1}"))
        attrs = {k: op.attributes[k] for k in op.attributes}
        for key, kind in spec.attrs.items():
            if key in spec.optional_attrs:
                continue
            dropped = {k: v for k, v in attrs.items() if k != key}
            cases.append(_expect(_standalone(op, attributes=dropped), "is expected but not provided"))
            wrong = {**attrs, key: ir.UnitAttr.get()}
            message = f"expected base attribute '{kind.irdl_base.lstrip('#')}'"
            if key == "operandSegmentSizes":  # IRDL reads it itself, before any constraint
                message = "'operandSegmentSizes' attribute is expected to be a dense i32 array"
            cases.append(_expect(_standalone(op, attributes=wrong), message))
    return cases


def test_irdl_rejects_wrong_counts_missing_attributes_and_wrong_attribute_kinds(every_op_text):
    with ir.Context() as ctx, ir.Location.unknown():
        ctx.allow_unregistered_dialects = True
        cases = _malformed_cases(every_op_text)
    assert len(cases) > 2 * len(OPS)
    done = iree_opt("\n// -----\n".join(cases), "--split-input-file", "--verify-diagnostics")
    assert done.returncode == 0, done.stderr
