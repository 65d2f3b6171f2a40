"""Derivatives of the elementwise family, each op named once: ``defunary`` / ``defpartials`` derive both
modes from the partials (the Jacobians are diagonal); ``neg`` is linear, ``hadamard_prod`` a product.

Derivatives at kinks are the subgradient JAX and Gorgonia pick: relu' and |x|' are 0 at 0; min/max split
the cotangent evenly on ties. The masks are comparisons, so the rules differentiate again (zero second
derivative almost everywhere).
"""

from __future__ import annotations

from .rules import defbilinear, deflinear, defpartials, defunary

_TWO_OVER_SQRT_PI = 1.1283791670955126
_INV_SQRT_2PI = 0.3989422804014327

# ---- unary: deriv(e, x, out) = d out / dx ----------------------------------------------------------

# exp' = exp
defunary("exp", lambda e, x, out: out)
# log' = 1/x
defunary("log", lambda e, x, out: e.hadamard_div(e.const(1, x), x))
# tanh' = 1 - tanh²
defunary("tanh", lambda e, x, out: e.sub(e.const(1, x), e.square(out)))
# σ' = σ(1 - σ)
defunary("sigmoid", lambda e, x, out: e.hadamard_prod(out, e.sub(e.const(1, x), out)))
# sqrt' = 1 / (2 sqrt x)
defunary("sqrt", lambda e, x, out: e.hadamard_div(e.const(0.5, x), out))
# (x²)' = 2x
defunary("square", lambda e, x, out: e.hadamard_prod(e.const(2, x), x))
# relu' = [x > 0]
defunary("rectify", lambda e, x, out: e.gt(x, e.const(0, x), ret_same=True))
# |x|' = sign(x)
defunary("abs", lambda e, x, out: e.sign(x))
# sin' = cos, cos' = -sin
defunary("sin", lambda e, x, out: e.cos(x))
defunary("cos", lambda e, x, out: e.neg(e.sin(x)))
# log1p' = 1/(1+x)
defunary("log1p", lambda e, x, out: e.hadamard_div(e.const(1, x), e.add(e.const(1, x), x)))
# expm1' = e^x = expm1(x) + 1
defunary("expm1", lambda e, x, out: e.add(out, e.const(1, x)))
# erf' = 2/√π · e^(-x²)
defunary("erf", lambda e, x, out: e.hadamard_prod(e.const(_TWO_OVER_SQRT_PI, x), e.exp(e.neg(e.square(x)))))
# erfc' = -2/√π · e^(-x²)
defunary("erfc", lambda e, x, out: e.hadamard_prod(e.const(-_TWO_OVER_SQRT_PI, x), e.exp(e.neg(e.square(x)))))
# Φ' = e^(-x²/2) / √(2π)
defunary(
    "ndtr",
    lambda e, x, out: e.hadamard_prod(e.const(_INV_SQRT_2PI, x), e.exp(e.hadamard_prod(e.const(-0.5, x), e.square(x)))),
)
# softplus' = sigmoid
defunary("softplus", lambda e, x, out: e.sigmoid(x))
# negation is linear and its own adjoint
deflinear("neg", lambda e, ct, ins, attrs: e.neg(ct))

# ---- binary: partial_i(e, v, ins, out) = v ⊙ ∂out/∂x_i -----------------------------------------------

defpartials("add", lambda e, v, ins, out: v, lambda e, v, ins, out: v)
defpartials("sub", lambda e, v, ins, out: v, lambda e, v, ins, out: e.neg(v))
# a product: the product rule gives the JVP ẋ⊙y + x⊙ẏ, the VJP is ḡ⊙y, ḡ⊙x
defbilinear("hadamard_prod", lambda e, g, ins, attrs: [e.hadamard_prod(g, ins[1]), e.hadamard_prod(g, ins[0])])
# d(x/y) = dx/y - (x/y)·dy/y
defpartials(
    "hadamard_div",
    lambda e, v, ins, out: e.hadamard_div(v, ins[1]),
    lambda e, v, ins, out: e.neg(e.hadamard_prod(e.hadamard_div(v, ins[1]), out)),
)


def _pow_base(e, v, ins, out):
    # ∂(x^y)/∂x = y·x^(y-1)
    x, y = ins
    return e.hadamard_prod(v, e.hadamard_prod(y, e.pow(x, e.sub(y, e.const(1, y)))))


def _pow_exponent(e, v, ins, out):
    # ∂(x^y)/∂y = x^y·log(x)
    return e.hadamard_prod(v, e.hadamard_prod(out, e.log(ins[0])))


defpartials("pow", _pow_base, _pow_exponent)


def _pick(compare: str):
    """∂/∂x and ∂/∂y of min/max: x's weight is 1 where it is selected, ½ on ties, 0 elsewhere; y's is 1 - that."""

    def weight(e, ins):
        x, y = ins
        return e.add(e.op(compare, x, y, ret_same=True), e.hadamard_prod(e.const(0.5, x), e.eq(x, y, ret_same=True)))

    def first(e, v, ins, out):
        return e.hadamard_prod(v, weight(e, ins))

    def second(e, v, ins, out):
        w = weight(e, ins)
        return e.hadamard_prod(v, e.sub(e.const(1, w), w))

    return first, second


defpartials("min_between", *_pick("lt"))
defpartials("max_between", *_pick("gt"))
