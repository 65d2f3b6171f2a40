"""Activations built from elementwise ops: ``log2 inverse inverse_sqrt cube leaky_relu mish gelu elu selu
swish``. Composites, not table ops: their gradients and lowerings come from the rules of the ops they are
made of, so adding one needs no autodiff or lowering entry.

>>> import gorgonia_mlir as G
>>> g = G.Graph(); x = G.vector(g, G.Float32, shape=(3,), name="x")
>>> G.gelu(x).shape, G.selu(x).dtype
((3,), Float32)
"""

from __future__ import annotations

import math

import numpy as np

from ..arguments import need_float_node
from ..errors import GraphError
from ..graph import Node
from ..location import user_location
from . import elementwise as ew

__all__ = [
    "SELU_ALPHA",
    "SELU_SCALE",
    "cube",
    "elu",
    "gelu",
    "inverse",
    "inverse_sqrt",
    "leaky_relu",
    "log2",
    "mish",
    "selu",
    "swish",
]


def log2(x: Node) -> Node:
    """log₂ x = ln x / ln 2. ``G.log2(x)``"""
    return ew.log(need_float_node("log2", x)) * (1.0 / math.log(2.0))


def inverse(x: Node) -> Node:
    """1 / x (Gorgonia's ``Inverse``)."""
    return ew.hadamard_div(1.0, need_float_node("inverse", x))


def inverse_sqrt(x: Node) -> Node:
    """1 / √x (Gorgonia's ``InverseSqrt``)."""
    return ew.hadamard_div(1.0, ew.sqrt(need_float_node("inverse_sqrt", x)))


def cube(x: Node) -> Node:
    """x³ (Gorgonia's ``Cube``)."""
    if not isinstance(x, Node):
        raise GraphError(f"cube: operand must be a graph node [at {user_location()}]")
    return x * ew.square(x)


def leaky_relu(x: Node, alpha: float = 0.01) -> Node:
    """x for x > 0, alpha·x otherwise, for any alpha (Gorgonia's ``LeakyRelu(x, alpha)``, PyTorch's ``leaky_relu``).

    Computed as x·s with the slope s = 1 where x > 0 and alpha elsewhere (picked by a 1/0 mask, exactly):
    one rounding, as in the definition, so -0.0, ±inf and NaN come out as in ``where(x > 0, x, alpha·x)``.
    The gradient is s: 1 above 0, alpha at and below 0 (PyTorch's choice at 0; Gorgonia's is 1).

    >>> import gorgonia_mlir as G
    >>> g = G.Graph(); x = G.vector(g, G.Float32, shape=(3,), name="x")
    >>> G.leaky_relu(x, 0.2).shape
    (3,)
    """
    need_float_node("leaky_relu", x)
    above = ew.gt(x, 0.0, ret_same=True)  # a comparison: no gradient flows through the slope
    return x * (above + (1.0 - above) * alpha)


def mish(x: Node) -> Node:
    """x · tanh(softplus(x)) (Misra 2019; Gorgonia's ``Mish``)."""
    return need_float_node("mish", x) * ew.tanh(ew.softplus(x))


def gelu(x: Node, approximate: str = "none") -> Node:
    """GELU as PyTorch defines it: exact x·Φ(x) = ½x(1 + erf(x/√2)) by default (computed as x·ndtr(x),
    which does not cancel for x ≪ 0 as 1 + erf(x/√2) does); ``approximate="tanh"`` gives
    ½x(1 + tanh(√(2/π)(x + 0.044715x³))) (PyTorch's ``approximate='tanh'``, GPT-2's form), computed as
    the equal x·sigmoid(2√(2/π)(x + 0.044715x³)), which does not cancel to -0.0 for x ≪ 0, with the
    argument carried in two words (≤ 4 ulp; one word would lose up to |argument| ulp in the tail).

    >>> import gorgonia_mlir as G
    >>> g = G.Graph(); x = G.vector(g, G.Float32, shape=(3,), name="x")
    >>> G.gelu(x).shape, G.gelu(x, approximate="tanh").shape
    ((3,), (3,))
    """
    need_float_node("gelu", x)
    if approximate == "tanh":
        return _gelu_tanh(x)
    if approximate != "none":
        raise GraphError(
            f"gelu: approximate must be 'none' (exact, erf) or 'tanh', got {approximate!r} (node {x.name!r}) "
            f"[at {user_location()}]"
        )
    return x * ew.ndtr(x)


# 2√(2/π) and 2√(2/π)·0.044715 as float64 pairs hi + lo (mpmath at 300 bits): the argument of gelu's tanh form
_GELU_K = (1.5957691216057308, -9.96930880911092e-17)
_GELU_C = (0.07135481627260025, -4.1218577217431825e-18)
_GELU_CLAMP = 64.0  # |x| beyond which sigmoid(2u) is 0 or 1 in both dtypes (and x² stays far from overflow)


def _split_const(pair, dt) -> tuple[float, float]:
    hi = dt(pair[0])
    return float(hi), float(dt((pair[0] - float(hi)) + pair[1]))


def _halves(a, dt):
    """Veltkamp's split a = hi + lo, each half with at most half the mantissa (a node, or a float constant)."""
    factor = dt(2 ** ((np.finfo(dt).nmant + 2) // 2) + 1)  # 2^12 + 1 for float32, 2^27 + 1 for float64
    if isinstance(a, Node):
        t = a * float(factor)
        hi = t - (t - a)
        return hi, a - hi
    a = dt(a)
    t = a * factor
    hi = t - (t - a)
    return float(hi), float(a - hi)


def _two_prod(a: Node, b, p: Node) -> Node:
    """The rounding error a·b - p of p = fl(a·b), exactly (Dekker's product of the halves)."""
    dt = a.dtype.np.type
    (ah, al), (bh, bl) = _halves(a, dt), _halves(b, dt)
    return ((ah * bh - p) + ah * bl + al * bh) + al * bl


def _gelu_tanh(x: Node) -> Node:
    # ½x(1 + tanh u) = x·σ(2u), which does not cancel for x ≪ 0. σ's relative error is the absolute error of 2u
    # (|2u| reaches 88 / 709 before σ underflows), so 2u = x·(K + C·x²) is carried as v + v_lo in two words
    # and σ(v + v_lo) = σ(v)·(1 + (1 - σ(v))·v_lo) to first order; |x| is clamped where σ(2u) is 0 or 1.
    dt = x.dtype.np.type
    (k_hi, k_lo), (c_hi, c_lo) = _split_const(_GELU_K, dt), _split_const(_GELU_C, dt)
    xc = ew.min_between(ew.max_between(x, -_GELU_CLAMP), _GELU_CLAMP)
    s = ew.square(xc)
    s_lo = _two_prod(xc, xc, s)
    q = s * c_hi
    q_lo = _two_prod(s, c_hi, q) + (s_lo * c_hi + s * c_lo)
    p = q + k_hi
    qq = p - k_hi
    p_lo = ((k_hi - (p - qq)) + (q - qq)) + (q_lo + k_lo)
    v = xc * p
    v_lo = _two_prod(xc, p, v) + xc * p_lo
    sig = ew.sigmoid(v)
    return x * sig * ((1.0 - sig) * v_lo + 1.0)


def elu(x: Node, alpha: float = 1.0) -> Node:
    """x for x > 0, alpha·(eˣ − 1) otherwise (Clevert et al. 2015)."""
    need_float_node("elu", x)
    return ew.rectify(x) + ew.expm1(ew.min_between(x, 0.0)) * alpha


SELU_ALPHA = 1.6732632423543772
SELU_SCALE = 1.0507009873554805


def selu(x: Node) -> Node:
    """Scaled ELU with the self-normalising constants of Klambauer et al. 2017."""
    return elu(need_float_node("selu", x), SELU_ALPHA) * SELU_SCALE


def swish(x: Node, beta: float = 1.0) -> Node:
    """x · sigmoid(beta·x) (Ramachandran et al. 2017; beta = 1 is SiLU)."""
    need_float_node("swish", x)
    return x * ew.sigmoid(x * beta if beta != 1.0 else x)
