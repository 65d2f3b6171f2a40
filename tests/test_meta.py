"""Every op of the dialect has an entry in every per-op table that it needs (DESIGN.md, Conventions)."""

from __future__ import annotations

from test_ops_forward import COMPOSITES, EXAMPLES

from gorgonia_mlir.dialect import OPS
from gorgonia_mlir.lowering import LOWERINGS, MODULE_LEVEL
from gorgonia_mlir.reference import AUTODIFF_OPS, NO_REFERENCE, REFERENCE

# gorgonia.grad/vjp/jvp are expanded by gorgonia-autodiff before lowering; tests/test_gradients.py checks them.


def _missing(table, also=frozenset()) -> list[str]:
    return sorted(name for name in OPS if name not in table and name not in also)


def test_every_op_has_a_lowering():
    missing = _missing(LOWERINGS, MODULE_LEVEL | AUTODIFF_OPS)
    assert not missing, f"ops without a lowering in LOWERINGS (gorgonia_mlir/lowering/to_linalg.py): {missing}"


def test_every_op_has_a_numpy_reference():
    missing = _missing(REFERENCE, NO_REFERENCE | AUTODIFF_OPS)
    assert not missing, f"ops without a numpy reference in REFERENCE (gorgonia_mlir/reference.py): {missing}"


def test_every_op_has_forward_examples():
    # Ops without a reference (learnable) are checked by their own tests (test_graph_api.py).
    missing = _missing({op for op, cases in EXAMPLES.items() if cases}, NO_REFERENCE | AUTODIFF_OPS)
    assert not missing, f"ops without a case in EXAMPLES (tests/test_ops_forward.py): {missing}"


def test_tables_name_only_ops_of_the_dialect():
    stale = {
        "LOWERINGS": sorted(set(LOWERINGS) - set(OPS)),
        "MODULE_LEVEL": sorted(set(MODULE_LEVEL) - set(OPS)),
        "REFERENCE": sorted(set(REFERENCE) - set(OPS)),
        "NO_REFERENCE": sorted(set(NO_REFERENCE) - set(OPS)),
        "AUTODIFF_OPS": sorted(set(AUTODIFF_OPS) - set(OPS)),
        "EXAMPLES": sorted(set(EXAMPLES) - set(OPS) - COMPOSITES),
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
