"""``gorgonia-stabilize``: Gorgonia's stabilization.go as rewrite rules, keyed by the root op.

Each rule replaces a numerically fragile expression by an equal one that does not overflow, underflow
or cancel. An intermediate the rule bypasses stays in the graph when something else still uses it.
"""

from __future__ import annotations

from ..irtools import attrs_of, defining, is_constant
from .registry import register
from .rewrite import Rule, apply_rules


def _fits(op, x) -> bool:
    """x alone has the root's type (a broadcast constant operand does not change the shape)."""
    return x.type == op.results[0].type


def _one_plus(v):
    """x when v = 1 + x or x + 1 (shape-preserving), else None."""
    add = defining(v, "add")
    if add is None:
        return None
    a, b = add.operands
    if is_constant(a, 1) and b.type == v.type:
        return b
    if is_constant(b, 1) and a.type == v.type:
        return a
    return None


def _log_sigmoid(op, e):
    # log(σ(x)) = -log(1 + e^-x) = -softplus(-x)
    s = defining(op.operands[0], "sigmoid")
    return e.neg(e.softplus(e.neg(s.operands[0]))) if s is not None else None


def _log_one_plus(op, e):
    # log(1 + x) = log1p(x), exact for tiny x
    x = _one_plus(op.operands[0])
    return e.log1p(x) if x is not None and _fits(op, x) else None


def _log_one_minus(op, e):
    # log(1 - x) = log1p(-x)
    d = defining(op.operands[0], "sub")
    if d is None or not is_constant(d.operands[0], 1) or not _fits(op, d.operands[1]):
        return None
    return e.log1p(e.neg(d.operands[1]))


def _log_softmax(op, e):
    # log(softmax(x)) = log_softmax(x) = x - max - log Σ exp(x - max)
    s = defining(op.operands[0], "softmax")
    return e.log_softmax(s.operands[0], axis=attrs_of(s)["axis"]) if s is not None else None


def _log_times_softmax(op, e):
    # log(a ⊙ softmax(b)) = log(a) + log_softmax(b)
    p = defining(op.operands[0], "hadamard_prod")
    if p is None:
        return None
    for a, s_val in (p.operands, reversed(list(p.operands))):
        s = defining(s_val, "softmax")
        if s is not None:
            return e.add(e.log(a), e.log_softmax(s.operands[0], axis=attrs_of(s)["axis"]))
    return None


def _log_sum_exp(op, e):
    # log(Σ exp(x)) = log_sum_exp(x) = m + log Σ exp(x - m)
    s = defining(op.operands[0], "sum")
    if s is None:
        return None
    ex = defining(s.operands[0], "exp")
    if ex is None:
        return None
    attrs = attrs_of(s)
    return e.log_sum_exp(ex.operands[0], along=attrs["along"], keepdims=attrs.get("keepdims", False))


def _expm1(op, e):
    # exp(x) - 1 = expm1(x), exact for tiny x
    ex = defining(op.operands[0], "exp")
    if ex is None or not is_constant(op.operands[1], 1) or not _fits(op, ex.operands[0]):
        return None
    return e.expm1(ex.operands[0])


def _one_minus(name: str, complement):
    """1 - f(x) → complement(e, x) for f = ``name``, where the subtraction cancels for large x."""

    def rule(op, e):
        if not is_constant(op.operands[0], 1):
            return None
        f = defining(op.operands[1], name)
        if f is None or not _fits(op, f.operands[0]):
            return None
        return complement(e, f.operands[0])

    return rule


# 1 - σ(x) = σ(-x); 1 - erf(x) = erfc(x) (1 - erf(10) is 0, erfc(10) = 2.1e-45)
_one_minus_sigmoid = _one_minus("sigmoid", lambda e, x: e.sigmoid(e.neg(x)))
_one_minus_erf = _one_minus("erf", lambda e, x: e.erfc(x))


def _log1p_exp(op, e):
    # log1p(exp(x)) = softplus(x), no overflow for large x
    ex = defining(op.operands[0], "exp")
    return e.softplus(ex.operands[0]) if ex is not None else None


def _log1p_neg_sigmoid(op, e):
    # log1p(-σ(x)) = log(1 - σ(x)) = log σ(-x) = -softplus(x)
    n = defining(op.operands[0], "neg")
    s = defining(n.operands[0], "sigmoid") if n is not None else None
    return e.neg(e.softplus(s.operands[0])) if s is not None else None


STABILIZE: dict[str, list[Rule]] = {
    "gorgonia.log": [_log_sigmoid, _log_one_plus, _log_one_minus, _log_softmax, _log_times_softmax, _log_sum_exp],
    "gorgonia.sub": [_expm1, _one_minus_sigmoid, _one_minus_erf],
    "gorgonia.log1p": [_log1p_exp, _log1p_neg_sigmoid],
}


@register(
    "gorgonia-stabilize", "rewrite numerically fragile expressions into stable forms (Gorgonia's stabilization.go)"
)
def stabilize(module_op, pass_) -> None:
    apply_rules(module_op, STABILIZE)
