"""Elementwise math and activations, and Gorgonia's explicit broadcasting ops.

Table ops: ``abs sign ceil floor sin cos log1p expm1 erf ndtr softplus min_between max_between``. Composites of
table ops (their gradients come from the op rules): ``log2 inverse inverse_sqrt cube leaky_relu mish
gelu elu selu swish``. ``broadcast_*(a, b, left_pattern, right_pattern)`` are Gorgonia's ``Broadcast*``:
a pattern lists the result axes along which that operand is repeated; ``auto(op, a, b)`` picks the
patterns by numpy's rules.

>>> import gorgonia_mlir as G
>>> g = G.Graph(); x = G.matrix(g, G.Float32, shape=(2, 3), name="x")
>>> v = G.vector(g, G.Float32, shape=(2,), name="v")
>>> G.broadcast_add(x, v, None, [1]).shape
(2, 3)
"""

from __future__ import annotations

import math

import numpy as np

from . import ops
from .errors import GraphError
from .graph import Node
from .location import user_location

abs = ops._unary("abs")
sign = ops._unary("sign")
ceil = ops._unary("ceil")
floor = ops._unary("floor")
sin = ops._unary("sin")
cos = ops._unary("cos")
log1p = ops._unary("log1p")
expm1 = ops._unary("expm1")
erf = ops._unary("erf")
ndtr = ops._unary("ndtr")
softplus = ops._unary("softplus")
min_between = ops._binary("min_between")
max_between = ops._binary("max_between")

abs.__doc__ = "|x| elementwise (float or int). ``G.abs(x)``; its derivative is sign(x)."
sign.__doc__ = "-1, 0 or 1 by the sign of x (NaN stays NaN). Not differentiable."
ceil.__doc__ = "Smallest integer ≥ x (floats). Not differentiable."
floor.__doc__ = "Largest integer ≤ x (floats). Not differentiable."
sin.__doc__ = "Sine (fdlibm's kernels after an exact reduction by π/2: < 1 ulp for every finite x, f32 and f64)."
cos.__doc__ = "Cosine (fdlibm's kernels after an exact reduction by π/2: < 1 ulp for every finite x, f32 and f64)."
log1p.__doc__ = "log(1 + x), accurate near 0."
expm1.__doc__ = "exp(x) - 1, accurate near 0."
erf.__doc__ = """The error function 2/√π ∫₀ˣ e^(-t²) dt (fdlibm's approximations: ≤ 1 ulp in f32 and f64).

>>> import gorgonia_mlir as G
>>> g = G.Graph(); x = G.vector(g, G.Float64, shape=(2,), name="x"); G.erf(x).shape
(2,)
"""
ndtr.__doc__ = """The standard normal CDF Φ(x) = erfc(-x/√2)/2 (scipy's and torch.special's ``ndtr``), accurate in
the tails (-x/√2 is carried in two parts: rounding it would cost ~x²/2 ulp where Φ is tiny).

>>> import gorgonia_mlir as G
>>> g = G.Graph(); x = G.vector(g, G.Float64, shape=(2,), name="x"); G.ndtr(x).shape
(2,)
"""
softplus.__doc__ = "log(1 + exp(x)), computed without overflow: max(x, 0) + log1p(exp(-|x|))."
min_between.__doc__ = "Elementwise minimum with numpy broadcasting; ties split the gradient evenly."
max_between.__doc__ = "Elementwise maximum with numpy broadcasting; ties split the gradient evenly."


def _float_node(op: str, x) -> Node:
    if not isinstance(x, Node):
        raise GraphError(f"{op}: operand must be a graph node, got {type(x).__name__} [at {user_location()}]")
    if not x.dtype.is_float:
        raise GraphError(f"{op}: expects a float node, got {x.name!r}: {x.ttype} [at {user_location()}]")
    return x


def log2(x: Node) -> Node:
    """log₂ x = ln x / ln 2. ``G.log2(x)``"""
    return ops.log(_float_node("log2", x)) * (1.0 / math.log(2.0))


def inverse(x: Node) -> Node:
    """1 / x (Gorgonia's ``Inverse``)."""
    return ops.hadamard_div(1.0, _float_node("inverse", x))


def inverse_sqrt(x: Node) -> Node:
    """1 / √x (Gorgonia's ``InverseSqrt``)."""
    return ops.hadamard_div(1.0, ops.sqrt(_float_node("inverse_sqrt", x)))


def cube(x: Node) -> Node:
    """x³ (Gorgonia's ``Cube``)."""
    if not isinstance(x, Node):
        raise GraphError(f"cube: operand must be a graph node [at {user_location()}]")
    return x * ops.square(x)


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
    _float_node("leaky_relu", x)
    above = ops.gt(x, 0.0, ret_same=True)  # a comparison: no gradient flows through the slope
    return x * (above + (1.0 - above) * alpha)


def mish(x: Node) -> Node:
    """x · tanh(softplus(x)) (Misra 2019; Gorgonia's ``Mish``)."""
    return _float_node("mish", x) * ops.tanh(softplus(x))


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
    _float_node("gelu", x)
    if approximate == "tanh":
        return _gelu_tanh(x)
    if approximate != "none":
        raise GraphError(
            f"gelu: approximate must be 'none' (exact, erf) or 'tanh', got {approximate!r} (node {x.name!r}) "
            f"[at {user_location()}]"
        )
    return x * ndtr(x)


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
    xc = min_between(max_between(x, -_GELU_CLAMP), _GELU_CLAMP)
    s = ops.square(xc)
    s_lo = _two_prod(xc, xc, s)
    q = s * c_hi
    q_lo = _two_prod(s, c_hi, q) + (s_lo * c_hi + s * c_lo)
    p = q + k_hi
    qq = p - k_hi
    p_lo = ((k_hi - (p - qq)) + (q - qq)) + (q_lo + k_lo)
    v = xc * p
    v_lo = _two_prod(xc, p, v) + xc * p_lo
    sig = ops.sigmoid(v)
    return x * sig * ((1.0 - sig) * v_lo + 1.0)


def elu(x: Node, alpha: float = 1.0) -> Node:
    """x for x > 0, alpha·(eˣ − 1) otherwise (Clevert et al. 2015)."""
    _float_node("elu", x)
    return ops.rectify(x) + expm1(min_between(x, 0.0)) * alpha


SELU_ALPHA = 1.6732632423543772
SELU_SCALE = 1.0507009873554805


def selu(x: Node) -> Node:
    """Scaled ELU with the self-normalising constants of Klambauer et al. 2017."""
    return elu(_float_node("selu", x), SELU_ALPHA) * SELU_SCALE


def swish(x: Node, beta: float = 1.0) -> Node:
    """x · sigmoid(beta·x) (Ramachandran et al. 2017; beta = 1 is SiLU)."""
    _float_node("swish", x)
    return x * ops.sigmoid(x * beta if beta != 1.0 else x)


# ---- Gorgonia's explicit broadcasting -------------------------------------------------------------


def _expand(op: str, x: Node, pattern, rank: int) -> Node:
    """``x`` reshaped so that the result axes in ``pattern`` are size 1 (to be repeated)."""
    if pattern is None:
        return x
    pattern = sorted(set(ops._int_list(op, pattern, "pattern", x)))
    if any(not 0 <= p < rank for p in pattern):
        raise GraphError(
            f"{op}: pattern {pattern} names axes outside the result's {rank} axes (node {x.name!r}: "
            f"{x.ttype}) [at {user_location()}]"
        )
    if x.ndim == rank:
        if any(x.shape[p] != 1 for p in pattern):
            raise GraphError(
                f"{op}: node {x.name!r} {x.shape} is not size 1 on the broadcast axes {pattern} [at {user_location()}]"
            )
        return x
    if x.ndim + len(pattern) != rank:
        raise GraphError(
            f"{op}: node {x.name!r} {x.shape} with pattern {pattern} does not reach rank {rank} [at {user_location()}]"
        )
    dims = iter(x.shape)
    return ops.reshape(x, tuple(1 if i in pattern else next(dims) for i in range(rank)))


def _broadcasting(name: str, fn, with_ret_same: bool = False):
    def broadcast(a, b, *args, **kwargs):
        ret_same = kwargs.pop("ret_same", False)
        if with_ret_same and args and isinstance(args[0], bool):
            ret_same, args = args[0], args[1:]
        left, right = (list(args) + [None, None])[:2]
        left = kwargs.pop("left_pattern", left)
        right = kwargs.pop("right_pattern", right)
        if kwargs:
            raise GraphError(f"{name}: unexpected arguments {sorted(kwargs)} [at {user_location()}]")
        a, b = ops._coerce(name, a, b)
        rank = max(a.ndim + len(left or ()), b.ndim + len(right or ()))
        a, b = _expand(name, a, left, rank), _expand(name, b, right, rank)
        return fn(a, b, ret_same=ret_same) if with_ret_same else fn(a, b)

    broadcast.__name__ = broadcast.__qualname__ = name
    broadcast.__doc__ = (
        f"Gorgonia's ``{name}``: ``G.{name}(a, b{', ret_same' if with_ret_same else ''}, left_pattern, "
        f"right_pattern)``; each pattern lists the result axes along which that operand is repeated "
        f"(None: numpy's rules, as ``G.auto``)."
    )
    return broadcast


broadcast_add = _broadcasting("broadcast_add", ops.add)
broadcast_sub = _broadcasting("broadcast_sub", ops.sub)
broadcast_hadamard_prod = _broadcasting("broadcast_hadamard_prod", ops.hadamard_prod)
broadcast_hadamard_div = _broadcasting("broadcast_hadamard_div", ops.hadamard_div)
broadcast_pow = _broadcasting("broadcast_pow", ops.pow)
broadcast_lt = _broadcasting("broadcast_lt", ops.lt, True)
broadcast_gt = _broadcasting("broadcast_gt", ops.gt, True)
broadcast_lte = _broadcasting("broadcast_lte", ops.lte, True)
broadcast_gte = _broadcasting("broadcast_gte", ops.gte, True)
broadcast_eq = _broadcasting("broadcast_eq", ops.eq, True)
broadcast_ne = _broadcasting("broadcast_ne", ops.ne, True)


def auto(op, a, b, **kwargs) -> Node:
    """Gorgonia's ``Auto(op, a, b)``: a broadcasting op with its patterns inferred (numpy's rules).

    >>> import gorgonia_mlir as G
    >>> g = G.Graph(); x = G.matrix(g, G.Float32, shape=(2, 3), name="x")
    >>> v = G.vector(g, G.Float32, shape=(3,), name="v")
    >>> G.auto(G.broadcast_hadamard_prod, x, v).shape
    (2, 3)
    """
    return op(a, b, **kwargs)


__all__ = [
    "abs",
    "auto",
    "broadcast_add",
    "broadcast_eq",
    "broadcast_gt",
    "broadcast_gte",
    "broadcast_hadamard_div",
    "broadcast_hadamard_prod",
    "broadcast_lt",
    "broadcast_lte",
    "broadcast_ne",
    "broadcast_pow",
    "broadcast_sub",
    "ceil",
    "cos",
    "cube",
    "elu",
    "erf",
    "expm1",
    "floor",
    "gelu",
    "inverse",
    "inverse_sqrt",
    "leaky_relu",
    "log1p",
    "log2",
    "max_between",
    "min_between",
    "mish",
    "ndtr",
    "selu",
    "SELU_ALPHA",
    "SELU_SCALE",
    "sign",
    "sin",
    "softplus",
    "swish",
]
