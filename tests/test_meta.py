"""Every op of the dialect has an entry in every per-op table it needs, and a failure names the file to edit.

The messages come from ``op_cases.missing``, by the op's family (``gorgonia_mlir.dialect.FAMILY``): an
elementwise op's test entries are one op_record row in tests/examples_elementwise.py, another family's
live in tests/examples_<family>.py and tests/reference/<family>.py (docs/adding-an-op.md).
"""

from __future__ import annotations

import pytest
from examples_elementwise import BY_NAME, RECORDS
from op_cases import ROOT, family_modules, fix, missing
from reference import AUTODIFF_OPS, NO_REFERENCE, REFERENCE
from test_gradients import CASES as GRAD_CASES
from test_irdl import BUILDERS
from test_ops_forward import COMPOSITES, EXAMPLES

import gorgonia_mlir as G
from gorgonia_mlir.autodiff import JVPS, VJPS
from gorgonia_mlir.dialect import FAMILY, OPS
from gorgonia_mlir.lowering import LOWERINGS, MODULE_LEVEL, SCALAR

# gorgonia.grad/vjp/jvp are expanded by gorgonia-autodiff before lowering; tests/test_gradients.py checks them.
DIFFERENTIABLE = sorted(n for n, s in OPS.items() if s.differentiable and s.kind != "autodiff")
ELEMENTWISE = sorted(n for n in OPS if FAMILY[n] == "elementwise")


def _float_valued(name: str) -> bool:
    """Whether the op maps float operands to floats (comparisons give Bool): the ops with an accuracy bound."""
    g = G.Graph()
    x = [G.matrix(g, G.Float32, shape=(2, 3)) for _ in range(BY_NAME[name].arity)]
    return bool(getattr(G, name)(*x).dtype.is_float)


def _report(problems: list[str]) -> None:
    assert not problems, "\n".join(problems)


def test_every_op_has_a_lowering():
    _report([missing(n, "lowering", "lowering") for n in OPS if n not in set(LOWERINGS) | MODULE_LEVEL | AUTODIFF_OPS])


@pytest.mark.parametrize("mode", ["vjp", "jvp"])
def test_every_differentiable_op_has_a_vjp_and_a_jvp(mode):
    rules = VJPS if mode == "vjp" else JVPS
    _report([missing(n, mode, f"{mode.upper()} rule") for n in DIFFERENTIABLE if n not in rules])


def test_non_differentiable_ops_have_no_rules():
    both = sorted(n for n, s in OPS.items() if not s.differentiable and (n in VJPS or n in JVPS))
    assert not both, f"ops marked differentiable=False in the dialect that have VJP/JVP rules: {both}"


def test_every_op_has_a_numpy_reference():
    _report(
        [
            missing(n, "reference", "numpy reference")
            for n in OPS
            if n not in set(REFERENCE) | NO_REFERENCE | AUTODIFF_OPS
        ]
    )


def test_every_op_has_forward_examples():
    # Ops without a reference (learnable, random, assign) are checked by their own tests.
    with_cases = {op for op, cases in EXAMPLES.items() if cases}
    _report(
        [missing(n, "example", "forward example") for n in OPS if n not in with_cases | NO_REFERENCE | AUTODIFF_OPS]
    )


def test_every_differentiable_op_has_a_gradient_case():
    _report([missing(n, "grad_case", "gradient case") for n in DIFFERENTIABLE if not GRAD_CASES.get(n)])


def test_every_float_elementwise_op_has_an_accuracy_bound():
    import accuracy_cases

    need = [n for n in ELEMENTWISE if n in BY_NAME and _float_valued(n)]
    _report([missing(n, "bound", "accuracy bound") for n in need if n not in accuracy_cases.BOUNDS])
    assert all(set(b) == set(accuracy_cases.DTYPES) for b in accuracy_cases.BOUNDS.values())
    assert sorted(set(accuracy_cases.OPS) ^ set(accuracy_cases.BOUNDS)) == []
    # every scalar body is measured (the accuracy contract covers what the lowering computes elementwise)
    assert sorted(set(SCALAR) - set(accuracy_cases.OPS)) == []


def test_every_op_has_a_public_builder():
    # reachable from G.*: tests/test_irdl.py builds every op through the public API
    _report([missing(n, "builder", "public builder") for n in OPS if n not in BUILDERS])
    stale = sorted(set(BUILDERS) - set(OPS))
    assert not stale, f"BUILDERS entries (tests/test_irdl.py) for ops that are not in OPS: {stale}"


def test_every_elementwise_op_has_one_record_that_agrees_with_the_dialect():
    _report([missing(n, "example", "op_record row") for n in ELEMENTWISE if n not in BY_NAME])
    names = [r.name for r in RECORDS]
    assert len(names) == len(set(names)), (
        f"op_record rows named twice: {sorted({n for n in names if names.count(n) > 1})}"
    )
    wrong = []
    for r in RECORDS:
        if r.composite:
            if r.name in OPS:
                wrong.append(f"{r.name}: marked composite=True but it is an op of the dialect")
            elif not callable(getattr(G, r.name, None)):
                wrong.append(f"{r.name}: a composite row names no public function G.{r.name}")
            continue
        if FAMILY.get(r.name) != "elementwise":
            wrong.append(f"{r.name}: an op_record row of an op outside the elementwise family ({FAMILY.get(r.name)})")
            continue
        spec = OPS[r.name]
        if (spec.kind == "compare") != (r.kind == "compare") or len(spec.operands) != r.arity:
            wrong.append(f"{r.name}: the row's kind {r.kind!r} disagrees with the dialect's {spec.kind!r}")
        if spec.differentiable != (r.grad is not None):
            say = "differentiable" if spec.differentiable else "not differentiable"
            wrong.append(f"{r.name}: the dialect says {say}; the row's grad= says the opposite")
    _report([f"{w} (tests/examples_elementwise.py)" for w in wrong])


def test_family_files_hold_only_their_family_s_ops():
    # The messages send an op's cases to tests/examples_<its family>.py: they must be found there.
    wrong = []
    for module in family_modules():
        family = module.__name__.removeprefix("examples_")
        for table in ("EXAMPLES", "GRAD_CASES"):
            for name in getattr(module, table, {}):
                if name in OPS and FAMILY[name] != family:
                    wrong.append(f"{module.__name__}.{table}[{name!r}]: op of family {FAMILY[name]!r}")
    for name, ref in REFERENCE.items():
        home = ref.__module__.removeprefix("reference.")
        if home not in (FAMILY[name], "examples_elementwise"):
            wrong.append(f"REFERENCE[{name!r}] is set in {ref.__module__}, not reference/{FAMILY[name]}.py")
    _report(wrong)


def test_every_file_a_message_names_exists():
    # Each op, each table it needs: the files a message would send someone to edit are there, and
    # FAMILY names the dialect module that registered the op.
    named = set()
    for name in OPS:
        needs = ["builder"] if name in AUTODIFF_OPS else ["lowering", "reference", "builder"]
        needs += [] if name in NO_REFERENCE | AUTODIFF_OPS else ["example"]
        needs += ["vjp", "jvp", "grad_case"] if name in DIFFERENTIABLE else []
        needs += ["bound"] if name in ELEMENTWISE else []
        named |= {(need, f) for need in needs for f in fix(name, need)[1]}
    named |= {("family", f"gorgonia_mlir/dialect/{family}.py") for family in set(FAMILY.values())}
    absent = sorted((need, f) for need, f in named if not (ROOT / f).is_file())
    assert not absent, f"meta-test messages name files that do not exist (need, file): {absent}"


def test_tables_name_only_ops_of_the_dialect():
    stale = {
        "LOWERINGS": sorted(set(LOWERINGS) - set(OPS)),
        "MODULE_LEVEL": sorted(set(MODULE_LEVEL) - set(OPS)),
        "REFERENCE": sorted(set(REFERENCE) - set(OPS)),
        "NO_REFERENCE": sorted(set(NO_REFERENCE) - set(OPS)),
        "AUTODIFF_OPS": sorted(set(AUTODIFF_OPS) - set(OPS)),
        "EXAMPLES": sorted(set(EXAMPLES) - set(OPS) - COMPOSITES),
        "GRAD_CASES": sorted(set(GRAD_CASES) - set(OPS)),
        "VJPS": sorted(set(VJPS) - set(OPS)),
        "JVPS": sorted(set(JVPS) - set(OPS)),
    }
    stale = {table: names for table, names in stale.items() if names}
    assert not stale, f"entries for ops that are not in OPS: {stale}"


def test_no_op_is_both_lowered_by_pattern_and_module_level():
    both = sorted(set(LOWERINGS) & set(MODULE_LEVEL))
    assert not both, f"ops lowered twice (LOWERINGS and MODULE_LEVEL): {both}"


def test_no_op_has_both_a_reference_and_none():
    both = sorted(set(REFERENCE) & set(NO_REFERENCE))
    assert not both, f"ops in both REFERENCE and NO_REFERENCE: {both}"


def test_autodiff_ops_are_exactly_the_ops_of_kind_autodiff():
    kind = {name for name, spec in OPS.items() if spec.kind == "autodiff"}
    assert kind == set(AUTODIFF_OPS), f"OPS of kind 'autodiff': {sorted(kind)}; AUTODIFF_OPS: {sorted(AUTODIFF_OPS)}"


def test_ops_without_reference_have_no_forward_examples():
    # Such ops are checked by their own tests; an example here would silently skip the REFERENCE check.
    both = sorted(set(EXAMPLES) & (NO_REFERENCE | AUTODIFF_OPS))
    assert not both, f"EXAMPLES has cases for ops without a numpy reference: {both}"


def test_a_missing_entry_names_the_file_of_the_op_s_family():
    # The message for a new elementwise op points at the record file and the family's lowering module.
    assert missing("expm1", "lowering", "lowering") == (
        "op 'expm1' (family 'elementwise') has no lowering: add a SCALAR body (comparisons: a LOWERINGS rule) "
        "in gorgonia_mlir/lowering/elementwise.py"
    )
    assert fix("expm1", "bound")[1] == ("tests/examples_elementwise.py",)
    assert fix("conv2d", "example")[1] == ("tests/examples_nn.py",)
    assert fix("conv2d", "reference")[1] == ("tests/reference/nn.py",)
    assert fix("max", "vjp")[1][0] == "gorgonia_mlir/autodiff/reductions.py"
    with pytest.raises(ValueError, match="only elementwise"):
        fix("conv2d", "bound")
