"""Elementwise builders: every unary and binary math op of the op table, and the comparisons.

Each is one line here, made by ``unary``, ``binary`` or ``comparison`` with its docstring inline: adding an
elementwise op to the public API is that line and its ``__all__`` entry. Binary ops
broadcast as numpy and take Python/numpy constants for either operand (``builders.core.coerce``).

>>> import gorgonia_mlir as G
>>> g = G.Graph(); x = G.vector(g, G.Float32, shape=(3,), name="x")
>>> G.add(G.expm1(x), 1.0).shape, G.lt(x, 0.0).dtype
((3,), Bool)
"""

from __future__ import annotations

from ..errors import GraphError
from ..graph import Node
from ..location import user_location
from .core import coerce

__all__ = [
    "abs",
    "add",
    "ceil",
    "cos",
    "eq",
    "erf",
    "erfc",
    "exp",
    "expm1",
    "floor",
    "gt",
    "gte",
    "hadamard_div",
    "hadamard_prod",
    "log",
    "log1p",
    "lt",
    "lte",
    "max_between",
    "min_between",
    "ndtr",
    "ne",
    "neg",
    "pow",
    "rectify",
    "relu",
    "sigmoid",
    "sign",
    "sin",
    "softplus",
    "sqrt",
    "square",
    "sub",
    "tanh",
]


def unary(op: str, doc: str):
    """The builder ``op(x, name=None)`` of the one-operand table op ``gorgonia.<op>``, documented by ``doc``."""

    def fn(x: Node, name: str | None = None) -> Node:
        if not isinstance(x, Node):
            raise GraphError(f"{op}: operand must be a graph node, got {type(x).__name__} [at {user_location()}]")
        return x.graph.apply1(op, [x], name=name)

    fn.__name__ = fn.__qualname__ = op
    fn.__doc__ = doc
    return fn


def binary(op: str, doc: str):
    """The builder ``op(a, b, name=None)`` of the two-operand table op ``gorgonia.<op>``, documented by ``doc``."""

    def fn(a, b, name: str | None = None) -> Node:
        a, b = coerce(op, a, b)
        return a.graph.apply1(op, [a, b], name=name)

    fn.__name__ = fn.__qualname__ = op
    fn.__doc__ = doc
    return fn


def comparison(op: str, symbol: str):
    """The builder ``op(a, b, ret_same=False, name=None)`` of the comparison ``gorgonia.<op>`` (``a symbol b``)."""

    def fn(a, b, ret_same: bool = False, name: str | None = None) -> Node:
        a, b = coerce(op, a, b)
        return a.graph.apply1(op, [a, b], {"ret_same": bool(ret_same)}, name=name)

    fn.__name__ = fn.__qualname__ = op
    fn.__doc__ = (
        f"a {symbol} b elementwise with numpy broadcasting: a Bool node, or 1/0 in the operands' dtype when "
        f"``ret_same=True`` (Gorgonia's ``retSame``). Not differentiable.\n\n"
        f"    >>> import gorgonia_mlir as G\n"
        f"    >>> g = G.Graph(); x = G.vector(g, G.Float32, shape=(3,), name='x')\n"
        f"    >>> G.{op}(x, 0.0).dtype, G.{op}(x, 0.0, ret_same=True).dtype\n"
        f"    (Bool, Float32)\n"
    )
    return fn


neg = unary("neg", "-x elementwise. ``G.neg(x)`` or ``-x``.")
exp = unary("exp", "e**x elementwise. ``G.exp(x)``.")
log = unary("log", "Natural log elementwise. ``G.log(x)``.")
tanh = unary("tanh", "tanh elementwise. ``G.tanh(x)``.")
sigmoid = unary("sigmoid", "1/(1+e**-x) elementwise, stable for large |x|. ``G.sigmoid(x)``.")
rectify = unary("rectify", "max(x, 0) elementwise (relu). ``G.rectify(x)``.")
relu = rectify
square = unary("square", "x*x elementwise. ``G.square(x)``.")
sqrt = unary("sqrt", "Square root elementwise. ``G.sqrt(x)``.")
abs = unary("abs", "|x| elementwise (float or int). ``G.abs(x)``; its derivative is sign(x).")
sign = unary("sign", "-1, 0 or 1 by the sign of x (NaN stays NaN). Not differentiable.")
ceil = unary("ceil", "Smallest integer ≥ x (floats). Not differentiable.")
floor = unary("floor", "Largest integer ≤ x (floats). Not differentiable.")
sin = unary("sin", "Sine (fdlibm's kernels after an exact reduction by π/2: < 1 ulp for every finite x, f32 and f64).")
cos = unary("cos", "Cosine (fdlibm's kernels after an exact reduction by π/2: < 1 ulp for all finite x, f32 and f64).")
log1p = unary("log1p", "log(1 + x), accurate near 0.")
expm1 = unary("expm1", "exp(x) - 1, accurate near 0.")
erf = unary(
    "erf",
    """The error function 2/√π ∫₀ˣ e^(-t²) dt (fdlibm's approximations: ≤ 1 ulp in f32 and f64).

>>> import gorgonia_mlir as G
>>> g = G.Graph(); x = G.vector(g, G.Float64, shape=(2,), name="x"); G.erf(x).shape
(2,)
""",
)
erfc = unary("erfc", "1 - erf(x), accurate where erf(x) is near 1 (scipy's and torch.special's ``erfc``).")
ndtr = unary(
    "ndtr",
    """The standard normal CDF Φ(x) = erfc(-x/√2)/2 (scipy's and torch.special's ``ndtr``), accurate in
the tails (-x/√2 is carried in two parts: rounding it would cost ~x²/2 ulp where Φ is tiny).

>>> import gorgonia_mlir as G
>>> g = G.Graph(); x = G.vector(g, G.Float64, shape=(2,), name="x"); G.ndtr(x).shape
(2,)
""",
)
softplus = unary("softplus", "log(1 + exp(x)), computed without overflow: max(x, 0) + log1p(exp(-|x|)).")

add = binary("add", "a + b with numpy broadcasting. ``G.add(x, y)`` or ``x + y``.")
sub = binary("sub", "a - b with numpy broadcasting. ``G.sub(x, y)`` or ``x - y``.")
hadamard_prod = binary("hadamard_prod", "a * b elementwise, numpy broadcasting: ``G.hadamard_prod(x, y)``, ``x * y``.")
hadamard_div = binary("hadamard_div", "a / b elementwise, numpy broadcasting. ``G.hadamard_div(x, y)`` or ``x / y``.")
pow = binary("pow", "a ** b elementwise (floats), numpy broadcasting. ``G.pow(x, 2.0)`` or ``x ** 2.0``.")
min_between = binary("min_between", "Elementwise minimum with numpy broadcasting; ties split the gradient evenly.")
max_between = binary("max_between", "Elementwise maximum with numpy broadcasting; ties split the gradient evenly.")

lt = comparison("lt", "<")
gt = comparison("gt", ">")
lte = comparison("lte", "<=")
gte = comparison("gte", ">=")
eq = comparison("eq", "==")
ne = comparison("ne", "!=")
