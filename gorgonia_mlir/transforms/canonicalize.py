"""``gorgonia-canonicalize``: constant folding, algebraic identities and CSE (Gorgonia's hash-consing).

Folding evaluates only the ops in ``fold.FOLDERS``, whose folded value is bit for bit what the compiled
program computes (never the tests' numpy reference, which would then check itself).

Identities are applied only where they are exact in IEEE arithmetic: ``x + 0`` and ``x · 1`` keep x
(for a float x, ``x + 0.0`` differs from x only for x = -0.0, whose sign has no effect on any later
comparison or arithmetic but division by it), while ``x · 0 → 0`` is applied to integers only
(a float x·0 is NaN for x = ±inf or NaN). ``x ** c`` for a constant c of 1, 2, 3 or -1 becomes x, x·x,
x·(x·x) or 1/x: pow's value (x·(x·x) within 1 ulp) and np.power's special values, without pow's kernel.
"""

from __future__ import annotations

import numpy as np
from iree.compiler import ir

from ..irtools import EFFECTS, attrs_of, constant_of, defining, function_blocks, is_constant, short_name, ttype
from ..irtools import shape_of as shape
from .fold import FOLDERS
from .registry import register
from .rewrite import Rule, apply_rules

FOLD_LIMIT = 4096  # fold only small results: large constants are slow to build and bloat modules


def _same_shape_as_result(op, v) -> bool:
    return shape(v) == shape(op.results[0]) and v.type == op.results[0].type


def _identity_operand(op, unit: float):
    """x ∘ unit → x, for x either operand (add/sub with 0, hadamard_prod/div with 1)."""
    x, y = op.operands
    if is_constant(y, unit) and _same_shape_as_result(op, x):
        return x
    if op.name in ("gorgonia.add", "gorgonia.hadamard_prod") and is_constant(x, unit) and _same_shape_as_result(op, y):
        return y
    return None


def _times_zero(op, e):
    # x · 0 → 0 (integers only: a float inf·0 is NaN)
    x, y = op.operands
    integer = str(ir.RankedTensorType(op.results[0].type).element_type).startswith("i")
    if integer and (is_constant(x, 0) or is_constant(y, 0)):
        return e.zeros_like(op.results[0])
    return None


def _neg_neg(op, e):
    # -(-x) → x
    inner = defining(op.operands[0], "neg")
    return inner.operands[0] if inner is not None else None


def _pow_constant_exponent(op, e):
    # x ** c for a constant c (every element equal) → a cheaper form with np.power's value and special values
    x, c = op.operands
    k = constant_of(c)
    if k is None or k.size == 0 or not _same_shape_as_result(op, x) or not np.all(k == k.flat[0]):
        return None
    v = float(k.flat[0])
    if v == 1:  # x¹ = x for every x, ±0, ±inf and NaN included
        return x
    if v == 2:  # one rounding as pow; (±0)² = +0, (±inf)² = +inf, NaN stays
        return e.square(x)
    if v == 3:  # two roundings (≤ 1 ulp, pow's bound is 4); (-0)³ = -0, (-inf)³ = -inf, overflow together
        return e.hadamard_prod(x, e.square(x))
    if v == -1:  # one rounding as pow; 1/±0 = ±inf, 1/±inf = ±0
        return e.hadamard_div(e.const(1, x), x)
    return None  # x^0.5 ≠ sqrt(x) at -0 (+0 vs -0) and -inf (+inf vs NaN)


def _transpose_transpose(op, e):
    # transpose(transpose(x, p), q) → transpose(x, p∘q), or x when that is the identity
    inner = defining(op.operands[0], "transpose")
    if inner is None:
        return None
    p, q = attrs_of(inner)["perm"], attrs_of(op)["perm"]
    composed = tuple(p[i] for i in q)
    if composed == tuple(range(len(composed))):
        return inner.operands[0]
    return e.transpose(inner.operands[0], perm=composed)


def _reshape_reshape(op, e):
    # reshape(reshape(x)) → reshape(x); reshape(x) to x's own shape → x
    x = op.operands[0]
    if shape(x) == shape(op.results[0]):
        return x
    inner = defining(x, "reshape")
    if inner is not None:
        return e.reshape_to(inner.operands[0], shape(op.results[0]))
    return None


def _sum_size_one(op, e):
    # sum over axes of size 1 only → a reshape
    x = op.operands[0]
    attrs = attrs_of(op)
    dims = shape(x)
    along = [a % len(dims) for a in attrs["along"]] if dims else []
    if along and all(dims[a] == 1 for a in along):
        return e.reshape_to(x, shape(op.results[0]))
    return None


def _fold(op, e):
    # op(constants...) → constant, by the op's folder (small results only; None: the folder declines)
    fold = FOLDERS.get(short_name(op))
    if fold is None or not len(op.operands) or len(op.results) != 1:
        return None
    values = [constant_of(v) for v in op.operands]
    if any(v is None for v in values) or int(np.prod(shape(op.results[0]))) > FOLD_LIMIT:
        return None
    with np.errstate(all="ignore"):
        result = fold(values, attrs_of(op))
    if result is None:
        return None
    result = np.asarray(result)
    if result.shape != shape(op.results[0]) or result.dtype != ttype(op.results[0]).dtype.np:
        return None
    return e.op("constant", value=result)


CANONICAL: dict[str, list[Rule]] = {
    "gorgonia.add": [lambda op, e: _identity_operand(op, 0)],
    "gorgonia.sub": [lambda op, e: _identity_operand(op, 0)],
    "gorgonia.hadamard_prod": [lambda op, e: _identity_operand(op, 1), _times_zero],
    "gorgonia.hadamard_div": [lambda op, e: _identity_operand(op, 1)],
    "gorgonia.neg": [_neg_neg],
    "gorgonia.pow": [_pow_constant_exponent],
    "gorgonia.transpose": [_transpose_transpose],
    "gorgonia.reshape": [_reshape_reshape],
    "gorgonia.sum": [_sum_size_one],
}


def _key(op: ir.Operation):
    attrs = tuple(sorted((k, str(op.attributes[k])) for k in op.attributes))
    return (op.name, attrs, tuple(op.operands), tuple(str(r.type) for r in op.results))


def cse(module_op: ir.Operation) -> int:
    """Merge identical gorgonia ops (same name, attributes, operands, result types); keep effects."""
    merged = 0
    for block in function_blocks(module_op):
        seen: dict = {}
        for op in list(block.operations):
            if not op.name.startswith("gorgonia.") or op.name in EFFECTS or not len(op.results):
                continue
            key = _key(op)
            if key in seen:
                for old, new in zip(op.results, seen[key].results, strict=True):
                    old.replace_all_uses_with(new)
                op.erase()
                merged += 1
            else:
                seen[key] = op
    return merged


def _all_rules() -> dict[str, list[Rule]]:
    rules = {name: list(rs) for name, rs in CANONICAL.items()}
    for name in FOLDERS:
        rules.setdefault(f"gorgonia.{name}", []).insert(0, _fold)
    return rules


@register("gorgonia-canonicalize", "fold constants, apply exact algebraic identities, merge identical ops (CSE)")
def canonicalize(module_op: ir.Operation, pass_) -> None:
    cse(module_op)
    apply_rules(module_op, _all_rules())
    cse(module_op)
