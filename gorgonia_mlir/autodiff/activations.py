"""VJP/JVP rules of the elementwise math ops (activations.py in dialect/).

Unary derivatives go into ``UNARY_DERIVATIVES`` (shared by both modes). min/max send the cotangent to
the selected operand and split it evenly on ties (as JAX); the masks are comparisons, so the rules
differentiate again (zero second derivative almost everywhere).
"""

from __future__ import annotations

from .jvp import JVPS, _sum_terms
from .jvp import _unary as _jvp_unary
from .vjp import UNARY_DERIVATIVES, VJPS
from .vjp import _unary as _vjp_unary

_TWO_OVER_SQRT_PI = 1.1283791670955126
_INV_SQRT_2PI = 0.3989422804014327

UNARY_DERIVATIVES.update(
    {
        # |x|' = sign(x) (0 at 0)
        "abs": lambda e, x, out: e.sign(x),
        # sin' = cos, cos' = -sin
        "sin": lambda e, x, out: e.cos(x),
        "cos": lambda e, x, out: e.neg(e.sin(x)),
        # log1p' = 1/(1+x)
        "log1p": lambda e, x, out: e.hadamard_div(e.const(1, x), e.add(e.const(1, x), x)),
        # expm1' = e^x = expm1(x) + 1
        "expm1": lambda e, x, out: e.add(out, e.const(1, x)),
        # erf' = 2/√π · e^(-x²)
        "erf": lambda e, x, out: e.hadamard_prod(e.const(_TWO_OVER_SQRT_PI, x), e.exp(e.neg(e.square(x)))),
        # Φ' = e^(-x²/2) / √(2π)
        "ndtr": lambda e, x, out: e.hadamard_prod(
            e.const(_INV_SQRT_2PI, x), e.exp(e.hadamard_prod(e.const(-0.5, x), e.square(x)))
        ),
        # softplus' = sigmoid
        "softplus": lambda e, x, out: e.sigmoid(x),
    }
)
for _name in ("abs", "sin", "cos", "log1p", "expm1", "erf", "ndtr", "softplus"):
    VJPS[_name] = _vjp_unary(_name)
    JVPS[_name] = _jvp_unary(_name)


def _pick(compare: str):
    """Weight of the first operand: 1 where it is selected, ½ on ties, 0 elsewhere."""

    def weight(e, x, y):
        return e.add(e.op(compare, x, y, ret_same=True), e.hadamard_prod(e.const(0.5, x), e.eq(x, y, ret_same=True)))

    def vjp(e, ins, outs, cts, attrs):
        (g,), (x, y) = cts, ins
        w = weight(e, x, y)
        return [e.hadamard_prod(g, w), e.hadamard_prod(g, e.sub(e.const(1, w), w))]

    def jvp(e, ins, outs, ts, attrs):
        (x, y), (tx, ty) = ins, ts
        w = weight(e, x, y)
        return [
            _sum_terms(e, outs[0], [tx and e.hadamard_prod(tx, w), ty and e.hadamard_prod(ty, e.sub(e.const(1, w), w))])
        ]

    return vjp, jvp


VJPS["min_between"], JVPS["min_between"] = _pick("lt")
VJPS["max_between"], JVPS["max_between"] = _pick("gt")
