"""Hypothesis strategies for the property tests: random graphs as printable programs, and bad inputs.

A ``Program`` is plain data (input shapes and value ranges, then steps ``v3 = G.tanh(v1)``), so a
failing example prints as the Python that builds it. Every variable carries an interval that bounds its
values; an op is only drawn where its operands' intervals keep the composed graph well-conditioned
(log/sqrt of values ≥ 0.1, exp of values ≤ 3, divisors away from 0, magnitudes ≤ 1e3).

>>> from hypothesis import given
>>> @given(programs(G.Float64))
... def check(p):
...     g, inputs, outputs = p.build()
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from examples_elementwise import np_elu, np_erf, np_gelu_erf, np_gelu_tanh, np_ndtr, np_sigmoid, np_softplus
from hypothesis import strategies as st
from op_cases import FLOATS, INTS

import gorgonia_mlir as G

LIMIT = 1e3  # no intermediate value may exceed this magnitude (conditioning, no int overflow)


def _away(lo, hi, gap=0.25):
    return lo >= gap or hi <= -gap


def _mag(lo, hi):
    return max(abs(lo), abs(hi))


@dataclass(frozen=True)
class Unary:
    """An elementwise op: its public builder, a numpy twin (for bounds), where it is well-conditioned."""

    name: str
    build: object
    np_fn: object
    ok: object = lambda lo, hi: True
    smooth: bool = True  # differentiable everywhere on its domain (finite differences apply)
    ints: bool = False  # also defined on Int32/Int64


UNARY = [
    Unary("G.square", G.square, np.square, lambda lo, hi: _mag(lo, hi) <= 20, ints=True),
    Unary("G.neg", G.neg, np.negative, ints=True),
    Unary("-", lambda x: -x, np.negative, ints=True),
    Unary("G.exp", G.exp, np.exp, lambda lo, hi: hi <= 3),
    Unary("G.log", G.log, np.log, lambda lo, hi: lo >= 0.1),
    Unary("G.sqrt", G.sqrt, np.sqrt, lambda lo, hi: lo >= 0.1),
    Unary("G.tanh", G.tanh, np.tanh),
    Unary("G.sigmoid", G.sigmoid, np_sigmoid),
    Unary("G.rectify", G.rectify, lambda x: np.maximum(x, 0), smooth=False, ints=True),
    Unary("G.abs", G.abs, np.abs, smooth=False, ints=True),
    Unary("G.sin", G.sin, np.sin, lambda lo, hi: _mag(lo, hi) <= 10),
    Unary("G.cos", G.cos, np.cos, lambda lo, hi: _mag(lo, hi) <= 10),
    Unary("G.log1p", G.log1p, np.log1p, lambda lo, hi: lo >= -0.5),
    Unary("G.expm1", G.expm1, np.expm1, lambda lo, hi: hi <= 3),
    Unary("G.softplus", G.softplus, np_softplus),
    Unary("G.cube", G.cube, lambda x: x**3, lambda lo, hi: _mag(lo, hi) <= 5),
    Unary("G.swish", G.swish, lambda x: x * np_sigmoid(x)),
    Unary("G.mish", G.mish, lambda x: x * np.tanh(np_softplus(x))),
    Unary("G.gelu", G.gelu, np_gelu_erf),
    Unary("G.gelu({}, approximate='tanh')", lambda x: G.gelu(x, approximate="tanh"), np_gelu_tanh),
    Unary("G.erf", G.erf, np_erf),
    Unary("G.ndtr", G.ndtr, np_ndtr),
    Unary("G.elu", G.elu, np_elu, smooth=False),
    Unary("G.leaky_relu", G.leaky_relu, lambda x: np.where(x > 0, x, 0.01 * x), smooth=False),
    Unary("G.inverse", G.inverse, lambda x: 1 / x, _away),
    Unary("G.inverse_sqrt", G.inverse_sqrt, lambda x: 1 / np.sqrt(x), lambda lo, hi: lo >= 0.1),
    Unary("G.log2", G.log2, np.log2, lambda lo, hi: lo >= 0.1),
]


@dataclass(frozen=True)
class Binary:
    """An elementwise op of two operands with numpy broadcasting."""

    name: str
    build: object
    np_fn: object
    ok: object = lambda a, b: True  # a, b: (lo, hi) intervals
    smooth: bool = True
    ints: bool = False


def _pow_ok(a, b):
    return a[0] >= 0.25 and a[1] <= 4 and _mag(*b) <= 2


BINARY = [
    Binary("G.add", G.add, np.add, ints=True),
    Binary("+", lambda a, b: a + b, np.add, ints=True),
    Binary("G.sub", G.sub, np.subtract, ints=True),
    Binary("*", lambda a, b: a * b, np.multiply, ints=True),
    Binary("G.hadamard_prod", G.hadamard_prod, np.multiply, ints=True),
    Binary("/", lambda a, b: a / b, np.divide, lambda a, b: _away(*b)),
    Binary("G.pow", G.pow, np.power, _pow_ok),
    Binary("G.min_between", G.min_between, np.minimum, smooth=False, ints=True),
    Binary("G.max_between", G.max_between, np.maximum, smooth=False, ints=True),
]
COMPARISONS = ["lt", "gt", "lte", "gte", "eq", "ne"]


@dataclass
class Var:
    """A value of the program: its shape and an interval bounding its elements."""

    shape: tuple[int, ...]
    lo: float
    hi: float


class Program:
    """A random graph as data: ``inputs`` (as ``Var``s), then ``steps`` ``(source, builder, arg indices)``.

    ``build()`` makes a fresh graph and returns ``(graph, input nodes, output nodes)`` (the outputs are the
    ``sinks()``); ``repr`` prints the Python that builds it.
    """

    def __init__(self, dtype: G.Dtype):
        self.dtype = dtype
        self.vars: list[Var] = []
        self.inputs: list[int] = []
        self.steps: list[tuple[str, object, tuple[int, ...]]] = []

    def _repr_pretty_(self, printer, cycle) -> None:  # how hypothesis prints a falsifying example
        printer.text(repr(self))

    def add_input(self, shape, lo, hi) -> int:
        self.vars.append(Var(tuple(shape), float(lo), float(hi)))
        self.inputs.append(len(self.vars) - 1)
        return len(self.vars) - 1

    def add_step(self, src: str, fn, args, var: Var) -> int:
        self.vars.append(var)
        self.steps.append((src, fn, tuple(args)))
        return len(self.vars) - 1

    def sinks(self) -> list[int]:
        """The computed variables no later step uses: the program's outputs."""
        used = {a for _, _, args in self.steps for a in args}
        return [i for i in range(len(self.vars)) if i not in self.inputs and i not in used]

    def build(self):
        g = G.Graph("property")
        nodes: dict[int, G.Node] = {}
        for i in self.inputs:
            nodes[i] = G.tensor(g, self.dtype, shape=self.vars[i].shape, name=f"v{i}")
        steps = iter(self.steps)
        for i in range(len(self.vars)):
            if i not in nodes:
                _, fn, args = next(steps)
                nodes[i] = fn(*[nodes[a] for a in args])
        return g, [nodes[i] for i in self.inputs], [nodes[i] for i in self.sinks()]

    def sample(self, rng: np.random.Generator) -> list[np.ndarray]:
        """One array per input, inside the input's interval."""
        out = []
        for i in self.inputs:
            v = self.vars[i]
            if self.dtype.is_int:
                out.append(rng.integers(int(v.lo), int(v.hi) + 1, v.shape).astype(self.dtype.np))
            else:
                out.append(rng.uniform(v.lo, v.hi, v.shape).astype(self.dtype.np))
        return out

    def __repr__(self) -> str:
        lines = [f"# {self.dtype}"]
        k = 0
        for i, v in enumerate(self.vars):
            if i in self.inputs:
                lines.append(f"v{i} = G.tensor(g, G.{self.dtype}, shape={v.shape})  # in [{v.lo:g}, {v.hi:g}]")
            else:
                src, _, args = self.steps[k]
                k += 1
                lines.append(f"v{i} = " + src.format(*[f"v{a}" for a in args]) + f"  # {v.shape}")
        return "\n".join(lines)


def _bounds(fn, *intervals, grid: int = 65) -> tuple[float, float]:
    """Interval of ``fn`` over the box ``intervals`` (sampled densely, widened a little)."""
    axes = [np.linspace(lo, hi, grid) for lo, hi in intervals]
    with np.errstate(all="ignore"):
        vals = np.asarray(fn(*np.meshgrid(*axes, indexing="ij")), dtype=np.float64)
    lo, hi = float(np.min(vals)), float(np.max(vals))
    pad = 0.01 * (hi - lo) + 1e-9
    return lo - pad, hi + pad


def _fits(lo, hi) -> bool:
    return math.isfinite(lo) and math.isfinite(hi) and _mag(lo, hi) <= LIMIT


# ---- shapes ------------------------------------------------------------------------------------------

dims = st.integers(1, 4)
shapes = st.lists(dims, min_size=0, max_size=3).map(tuple)


@st.composite
def broadcast_partner(draw, shape):
    """A shape that broadcasts with ``shape``: a suffix of it with some entries set to 1, maybe longer."""
    keep = draw(st.integers(0, len(shape)))
    tail = [1 if draw(st.booleans()) and draw(st.booleans()) else d for d in shape[len(shape) - keep :]]
    if len(shape) < 3 and draw(st.integers(0, 4)) == 0:
        tail = [draw(dims)] + [d for d in shape]  # one more leading axis: the result grows
    return tuple(tail)


def _axes_of(draw, rank):
    """A (possibly empty) set of axes, some given negative."""
    chosen = sorted(draw(st.sets(st.integers(0, rank - 1), max_size=rank))) if rank else []
    return tuple(a - rank if draw(st.booleans()) else a for a in chosen)


FLOAT_RANGES = [(-2.0, 2.0), (0.2, 2.0), (-1.0, 1.0), (0.5, 4.0), (-3.0, -0.5)]


# ---- programs ----------------------------------------------------------------------------------------


@st.composite
def programs(draw, dtype=None, smooth: bool = False, max_steps: int = 10):
    """A random, well-conditioned graph of ``dtype`` (drawn when None); ``smooth``: differentiable ops only."""
    dtype = dtype or draw(st.sampled_from(FLOATS + INTS))
    p = Program(dtype)
    # Ops are picked uniformly: sampled_from favours its first entries (it shrinks towards them).
    p.rnd = draw(st.randoms(use_true_random=True))

    def new_input(shape):
        if dtype.is_int:
            return p.add_input(shape, *draw(st.sampled_from([(-5, 5), (1, 6), (-3, 3)])))
        return p.add_input(shape, *draw(st.sampled_from(FLOAT_RANGES)))

    new_input(draw(shapes))
    for _ in range(draw(st.integers(3, max_steps))):
        step = p.rnd.choice(STEPS)
        step(draw, p, new_input, smooth)
    if len(p.steps) == 0:
        _unary(draw, p, new_input, smooth, force=True)
    return p


def _pick(draw, p: Program, pred=lambda v: True) -> int | None:
    """Index of an existing variable satisfying ``pred`` (recent ones preferred), or None."""
    ok = [i for i, v in enumerate(p.vars) if pred(v)]
    if not ok:
        return None
    return ok[-1] if draw(st.booleans()) else draw(st.sampled_from(ok))


def _unary(draw, p, new_input, smooth, force=False):
    i = _pick(draw, p) if not force else len(p.vars) - 1
    v = p.vars[i]
    ops = [
        u
        for u in UNARY
        if (u.ints or not p.dtype.is_int)
        and (u.smooth or not smooth)
        and u.ok(v.lo, v.hi)
        and _fits(*_bounds(u.np_fn, (v.lo, v.hi)))
    ]
    if not ops:
        return
    u = p.rnd.choice(ops)
    lo, hi = _bounds(u.np_fn, (v.lo, v.hi))
    src = u.name if "{}" in u.name else ("-{}" if u.name == "-" else f"{u.name}({{}})")
    p.add_step(src, u.build, [i], Var(v.shape, lo, hi))


def _binary(draw, p, new_input, smooth):
    i = _pick(draw, p)
    a = p.vars[i]
    mode = draw(st.sampled_from(["input", "existing", "constant"]))
    if mode == "constant":  # a Python number on either side: x + 1.5, 2 * x
        c = draw(st.sampled_from([2, 3, -1]) if p.dtype.is_int else st.sampled_from([0.5, 1.5, -2.0, 3.0]))
        left = draw(st.booleans())
        ia, ib = ((a.lo, a.hi), (c, c)) if left else ((c, c), (a.lo, a.hi))
        shape = a.shape
    else:
        j = _pick(draw, p, lambda v: _broadcasts(v.shape, a.shape)) if mode == "existing" else None
        j = new_input(draw(broadcast_partner(a.shape))) if j is None else j
        b = p.vars[j]
        ia, ib = (a.lo, a.hi), (b.lo, b.hi)
        shape = tuple(np.broadcast_shapes(a.shape, b.shape))
    ops = [o for o in BINARY if (o.ints or not p.dtype.is_int) and (o.smooth or not smooth) and o.ok(ia, ib)]
    if p.dtype.is_int:  # Go's truncating division, x / 0 = 0 (the reference knows)
        ops.append(Binary("/", lambda x, y: x / y, lambda x, y: x, ints=True))
    ops = [o for o in ops if _fits(*_bounds(o.np_fn, ia, ib, grid=17))]
    if not ops:
        return
    o = p.rnd.choice(ops)
    var = Var(shape, *_bounds(o.np_fn, ia, ib, grid=17))
    if p.dtype.is_int and o.name == "/":
        var = Var(shape, -_mag(*ia), _mag(*ia))
    if mode != "constant":
        p.add_step(_infix(o.name, "{}", "{}"), o.build, [i, j], var)
    elif left:
        p.add_step(_infix(o.name, "{}", repr(c)), lambda x, f=o.build, c=c: f(x, c), [i], var)
    else:
        p.add_step(_infix(o.name, repr(c), "{}"), lambda x, f=o.build, c=c: f(c, x), [i], var)


def _infix(name, a, b):
    return f"{a} {name} {b}" if not name.startswith("G.") else f"{name}({a}, {b})"


def _broadcasts(s, t) -> bool:
    try:
        np.broadcast_shapes(s, t)
    except ValueError:
        return False
    return True


def _compare(draw, p, new_input, smooth):
    if smooth:
        return
    i = _pick(draw, p)
    a = p.vars[i]
    j = _pick(draw, p, lambda v: _broadcasts(v.shape, a.shape))
    name = p.rnd.choice(COMPARISONS)
    fn = getattr(G, name)
    shape = tuple(np.broadcast_shapes(a.shape, p.vars[j].shape))
    p.add_step(
        f"G.{name}({{}}, {{}}, ret_same=True)", lambda x, y, f=fn: f(x, y, ret_same=True), [i, j], Var(shape, 0, 1)
    )


def _reduce(draw, p, new_input, smooth):
    i = _pick(draw, p, lambda v: len(v.shape) > 0)
    if i is None:
        return
    v = p.vars[i]
    rank = len(v.shape)
    axes = _axes_of(draw, rank)
    keepdims = draw(st.booleans())
    n = int(np.prod([v.shape[a] for a in axes])) if axes else int(np.prod(v.shape))
    kinds = ["sum", "max", "min", "prod"] + ([] if p.dtype.is_int else ["mean", "log_sum_exp"])
    if smooth:
        kinds = [k for k in kinds if k not in ("max", "min")]
    kind = p.rnd.choice(kinds)
    if kind == "sum":
        lo, hi = min(n * v.lo, v.lo), max(n * v.hi, v.hi)
    elif kind == "prod":
        m = _mag(v.lo, v.hi)
        if m**n > LIMIT:
            return
        lo, hi = -(m**n), m**n
    elif kind == "log_sum_exp":
        lo, hi = v.lo, v.hi + math.log(n)
    else:
        lo, hi = v.lo, v.hi
    if not _fits(lo, hi):
        return
    fn = getattr(G, kind)
    shape = _reduced(v.shape, axes, keepdims)
    src = f"G.{kind}({{}}{''.join(f', {a}' for a in axes)}{', keepdims=True' if keepdims else ''})"
    p.add_step(src, lambda x, f=fn, ax=axes, k=keepdims: f(x, *ax, keepdims=k), [i], Var(shape, lo, hi))


def _reduced(shape, axes, keepdims):
    rank = len(shape)
    norm = {a % rank for a in axes} if axes else set(range(rank))
    if keepdims:
        return tuple(1 if k in norm else d for k, d in enumerate(shape))
    return tuple(d for k, d in enumerate(shape) if k not in norm)


def _softmax(draw, p, new_input, smooth):
    if p.dtype.is_int:
        return
    i = _pick(draw, p, lambda v: len(v.shape) > 0)
    if i is None:
        return
    v = p.vars[i]
    axis = draw(st.integers(-len(v.shape), len(v.shape) - 1))
    kind = p.rnd.choice(["softmax", "log_softmax"])
    n = v.shape[axis]
    lo, hi = (0.0, 1.0) if kind == "softmax" else (v.lo - v.hi - math.log(n) - 1e-9, 0.0)
    fn = getattr(G, kind)
    p.add_step(f"G.{kind}({{}}, {axis})", lambda x, f=fn, a=axis: f(x, a), [i], Var(v.shape, lo, hi))


def _matmul(draw, p, new_input, smooth):
    i = _pick(draw, p, lambda v: len(v.shape) in (1, 2))
    if i is None:
        return
    a = p.vars[i]
    k = a.shape[-1]
    kind = draw(st.sampled_from(["right", "outer"] if len(a.shape) == 1 else ["right", "left"]))
    m = _mag(a.lo, a.hi)
    if kind == "outer":
        j = new_input((draw(dims),))
        b = p.vars[j]
        lo, hi = -m * _mag(b.lo, b.hi), m * _mag(b.lo, b.hi)
        shape, src, fn = (k, b.shape[0]), "G.outer_prod({}, {})", G.outer_prod
    elif kind == "right":  # a @ b: b is (k,) or (k, n)
        bshape = (k,) if len(a.shape) == 1 or draw(st.booleans()) else (k, draw(dims))
        j = new_input(bshape)
        b = p.vars[j]
        lo, hi = -k * m * _mag(b.lo, b.hi), k * m * _mag(b.lo, b.hi)
        shape = a.shape[:-1] + bshape[1:]
        src, fn = "{} @ {}", lambda x, y: x @ y
    else:  # b @ a with b (n, rows of a)
        j = new_input((draw(dims), a.shape[0]))
        b = p.vars[j]
        r = a.shape[0]
        lo, hi = -r * m * _mag(b.lo, b.hi), r * m * _mag(b.lo, b.hi)
        shape = (b.shape[0], a.shape[1])
        p.add_step("G.mul({1}, {0})", lambda x, y: G.mul(y, x), [i, j], Var(shape, lo, hi))
        return
    if _fits(lo, hi):
        p.add_step(src, fn, [i, j], Var(shape, lo, hi))


def _transpose(draw, p, new_input, smooth):
    i = _pick(draw, p, lambda v: len(v.shape) > 1)
    if i is None:
        return
    v = p.vars[i]
    perm = tuple(draw(st.permutations(range(len(v.shape)))))
    shape = tuple(v.shape[a] for a in perm)
    p.add_step(
        f"G.transpose({{}}, {', '.join(map(str, perm))})",
        lambda x, pm=perm: G.transpose(x, *pm),
        [i],
        Var(shape, v.lo, v.hi),
    )


def _reshape(draw, p, new_input, smooth):
    i = _pick(draw, p)
    v = p.vars[i]
    n = int(np.prod(v.shape))
    factors = [d for d in range(1, n + 1) if n % d == 0]
    first = draw(st.sampled_from(factors))
    target = draw(st.sampled_from([(n,), (first, -1), (-1, first), (first, n // first, 1)]))
    shape = tuple(n // first if d == -1 else d for d in target)
    p.add_step(f"G.reshape({{}}, {target})", lambda x, t=target: G.reshape(x, t), [i], Var(shape, v.lo, v.hi))


def _slice(draw, p, new_input, smooth):
    i = _pick(draw, p, lambda v: len(v.shape) > 0)
    if i is None:
        return
    v = p.vars[i]
    specs, shape = [], []
    for d in v.shape[: draw(st.integers(1, len(v.shape)))]:
        kind = draw(st.sampled_from(["all", "index", "range"]))
        if kind == "all":
            specs.append(None)
            shape.append(d)
        elif kind == "index":
            specs.append(G.S(draw(st.integers(-d, d - 1))))
        else:
            start = draw(st.integers(0, d - 1))
            end = draw(st.integers(start + 1, d))
            step = draw(st.integers(1, 2))
            specs.append(G.S(start, end, step))
            shape.append(len(range(start, end, step)))
    shape += list(v.shape[len(specs) :])
    text = ", ".join(
        "None" if s is None else (f"G.S({s.start})" if s.end is None else f"G.S({s.start}, {s.end}, {s.step})")
        for s in specs
    )
    p.add_step(f"G.slice({{}}, {text})", lambda x, s=tuple(specs): G.slice(x, *s), [i], Var(tuple(shape), v.lo, v.hi))


def _concat(draw, p, new_input, smooth):
    i = _pick(draw, p, lambda v: len(v.shape) > 0)
    if i is None:
        return
    v = p.vars[i]
    axis = draw(st.integers(0, len(v.shape) - 1))
    other = list(v.shape)
    other[axis] = draw(dims)
    j = new_input(tuple(other))
    b = p.vars[j]
    shape = list(v.shape)
    shape[axis] += other[axis]
    p.add_step(
        f"G.concat({axis}, {{}}, {{}})",
        lambda x, y, a=axis: G.concat(a, x, y),
        [i, j],
        Var(tuple(shape), min(v.lo, b.lo), max(v.hi, b.hi)),
    )


def _broadcast_to(draw, p, new_input, smooth):
    i = _pick(draw, p, lambda v: len(v.shape) < 3)
    if i is None:
        return
    v = p.vars[i]
    shape = (draw(dims),) + tuple(draw(dims) if d == 1 else d for d in v.shape)
    p.add_step(f"G.broadcast_to({{}}, {shape})", lambda x, s=shape: G.broadcast_to(x, s), [i], Var(shape, v.lo, v.hi))


STEPS = [
    _unary,
    _unary,
    _unary,
    _binary,
    _binary,
    _compare,
    _reduce,
    _softmax,
    _matmul,
    _transpose,
    _reshape,
    _slice,
    _concat,
    _broadcast_to,
]


# ---- bad inputs --------------------------------------------------------------------------------------


@st.composite
def not_broadcasting(draw) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Two shapes numpy cannot broadcast together: some aligned axis holds two different sizes, neither 1."""
    a = list(draw(st.lists(dims, min_size=1, max_size=3)))
    b = list(draw(st.lists(dims, min_size=1, max_size=3)))
    k = draw(st.integers(1, min(len(a), len(b))))  # the clashing axis, counted from the end
    size = draw(st.integers(2, 5))
    a[-k], b[-k] = size, size + draw(st.integers(1, 3))
    return tuple(a), tuple(b)


NOT_AN_INT = st.one_of(
    st.floats(allow_nan=True).filter(lambda v: v != int(v) if math.isfinite(v) else True),
    st.text(max_size=3),
    st.none(),
    st.booleans(),
    st.just(object()),
    st.just(1 + 2j),
    st.just(2**70),  # no MLIR i64 attribute holds it
)
NOT_A_NUMBER = st.one_of(st.text(max_size=3), st.none(), st.just(object()), st.just({"a": 1}), st.just(1 + 2j))
BAD_VALUES = st.one_of(
    NOT_A_NUMBER,
    st.just([[1.0, 2.0], [3.0]]),  # ragged
    st.just(["a", "b"]),
    st.just(np.array(["x"])),
    st.just(np.ones(2, np.complex64)),
)
