"""Gorgonia's solvers, compiled into the train step: each writes its update as graph ops.

``TapeMachine(g, solver=s, learnables=ws)`` asks the solver for the update of every learnable
(``build``): new values and new optimiser state are ``gorgonia.assign``-ed to their ``util.global``s,
so one call of the compiled module runs forward, backward and the update in place on the device.

Every solver applies the same gradient preprocessing, in Gorgonia's order:
``g += l1_reg·sign(w)``; ``g += l2_reg·w``; ``g /= batch_size``; ``g = clip(g, -clip, clip)``.
Options a solver does not use are errors (Gorgonia silently ignores them).

>>> import gorgonia_mlir as G
>>> s = G.AdamSolver(learn_rate=1e-2)
>>> G.AdamSolver(momentum=0.9)
Traceback (most recent call last):
...
gorgonia_mlir.errors.GraphError: AdamSolver: unknown option 'momentum'; AdamSolver takes batch_size, beta1, ...
"""

from __future__ import annotations

from collections.abc import Sequence

from . import initializers as init
from .arguments import did_you_mean
from .builders import core
from .builders import elementwise as ew
from .dialect import TType
from .errors import GraphError
from .graph import Graph, Node, learnable
from .location import user_location

COMMON = {"learn_rate": 0.001, "l1_reg": 0.0, "l2_reg": 0.0, "batch_size": 1, "clip": 0.0}


class Solver:
    """Base class: option handling, gradient preprocessing and state creation.

    Subclasses set ``OPTIONS`` (their own options with defaults) and implement ``update``.
    """

    OPTIONS: dict[str, float] = {}

    def __init__(self, **options):
        known = {**COMMON, **self.OPTIONS}
        loc = user_location()
        for key, value in options.items():
            if key not in known:
                raise GraphError(
                    f"{type(self).__name__}: unknown option {key!r}{did_you_mean(key, known)}; "
                    f"{type(self).__name__} takes {', '.join(sorted(known))} [at {loc}]"
                )
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                raise GraphError(f"{type(self).__name__}: option {key}={value!r} must be a number [at {loc}]")
        self.options = {**known, **options}
        for key in ("learn_rate", "batch_size"):
            if self.options[key] <= 0:
                raise GraphError(f"{type(self).__name__}: {key} must be positive, got {self.options[key]} [at {loc}]")
        for key in ("l1_reg", "l2_reg", "clip"):
            if self.options[key] < 0:
                raise GraphError(f"{type(self).__name__}: {key} must be >= 0, got {self.options[key]} [at {loc}]")
        self._count = 0

    def __repr__(self) -> str:
        opts = ", ".join(f"{k}={v}" for k, v in sorted(self.options.items()))
        return f"{type(self).__name__}({opts})"

    def __getattr__(self, name: str):
        options = self.__dict__.get("options", {})
        if name in options:
            return options[name]
        raise AttributeError(name)

    # ---- building blocks -----------------------------------------------------------------------
    def state(self, w: Node, label: str, initial=None, shape=None) -> Node:
        """A solver state learnable (not trainable) shaped like ``w`` (or ``shape``), zeros by default."""
        ttype = TType(w.shape if shape is None else tuple(shape), w.dtype)
        node = learnable(w.graph, ttype, f"{type(self).__name__}.{label}/{w.name}", initial or init.zeroes())
        node.trainable = False
        return node

    def preprocess(self, w: Node, g: Node) -> Node:
        """Regularise, batch-average and clip a gradient (Gorgonia's order)."""
        o = self.options
        if o["l1_reg"]:
            sign = ew.gt(w, 0.0, ret_same=True) - ew.lt(w, 0.0, ret_same=True)
            g = g + sign * o["l1_reg"]
        if o["l2_reg"]:
            g = g + w * o["l2_reg"]
        if o["batch_size"] != 1:
            g = g * (1.0 / o["batch_size"])
        if o["clip"]:
            c = o["clip"]
            above, below = ew.gt(g, c, ret_same=True), ew.lt(g, -c, ret_same=True)
            inside = 1.0 - above - below
            g = g * inside + above * c - below * c
        return g

    def build(self, pairs: Sequence[tuple[Node, Node]]) -> list:
        """The update effects (``gorgonia.assign`` records) for ``(learnable, gradient)`` pairs."""
        graph = pairs[0][0].graph
        self._effects: list = []
        self.update(graph, [(w, self.preprocess(w, g)) for w, g in pairs])
        return self._effects

    def assign(self, target: Node, value: Node) -> None:
        self._effects.append(target.graph.assign(target, value, train_only=True, register=False))

    def update(self, graph: Graph, pairs: list[tuple[Node, Node]]) -> None:
        raise NotImplementedError(f"{type(self).__name__} does not define update()")


class VanillaSolver(Solver):
    """Plain SGD: w ← w − η·g (Gorgonia's ``NewVanillaSolver``; η = 0.001)."""

    def update(self, graph, pairs):
        for w, g in pairs:
            self.assign(w, w - g * self.learn_rate)


class Momentum(Solver):
    """SGD with momentum: v ← μ·v − η·g; w ← w + v (Gorgonia's ``NewMomentum``; η = 0.001, μ = 0.9)."""

    OPTIONS = {"momentum": 0.9}

    def update(self, graph, pairs):
        for w, g in pairs:
            v = self.state(w, "velocity")
            v_new = v * self.momentum - g * self.learn_rate
            self.assign(v, v_new)
            self.assign(w, w + v_new)


class AdaGradSolver(Solver):
    """AdaGrad: c ← c + g²; w ← w − η·g/√(c + ε) (Gorgonia's ``NewAdaGradSolver``; η = 0.001, ε = 1e-8)."""

    OPTIONS = {"eps": 1e-8}

    def update(self, graph, pairs):
        for w, g in pairs:
            c = self.state(w, "cache")
            c_new = c + ew.square(g)
            self.assign(c, c_new)
            self.assign(w, w - g * self.learn_rate / ew.sqrt(c_new + self.eps))


class RMSPropSolver(Solver):
    """RMSProp: c ← ρ·c + (1−ρ)·g²; w ← w − η·g/√(c + ε) (Gorgonia's defaults: η = 0.001, ε = 1e-8, ρ = 0.999)."""

    OPTIONS = {"eps": 1e-8, "rho": 0.999}

    def update(self, graph, pairs):
        for w, g in pairs:
            c = self.state(w, "cache")
            c_new = c * self.rho + ew.square(g) * (1.0 - self.rho)
            self.assign(c, c_new)
            self.assign(w, w - g * self.learn_rate / ew.sqrt(c_new + self.eps))


class AdamSolver(Solver):
    """Adam with bias correction (Kingma & Ba): m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ); w ← w − η·m̂/(√v̂ + ε).

    Defaults as Gorgonia's ``NewAdamSolver``: η = 0.001, ε = 1e-8, β₁ = 0.9, β₂ = 0.999. (Gorgonia advances
    t once per parameter; here t counts steps.)
    """

    OPTIONS = {"eps": 1e-8, "beta1": 0.9, "beta2": 0.999}
    decoupled_decay = 0.0

    def update(self, graph, pairs):
        t = self.state(pairs[0][0], "t", shape=())
        t_new = t + 1.0
        self.assign(t, t_new)
        for w, g in pairs:
            m, v = self.state(w, "m"), self.state(w, "v")
            m_new = m * self.beta1 + g * (1.0 - self.beta1)
            v_new = v * self.beta2 + ew.square(g) * (1.0 - self.beta2)
            self.assign(m, m_new)
            self.assign(v, v_new)
            m_hat = m_new / (1.0 - ew.pow(graph.constant(self.beta1, w.dtype), t_new))
            v_hat = v_new / (1.0 - ew.pow(graph.constant(self.beta2, w.dtype), t_new))
            step = m_hat / (ew.sqrt(v_hat) + self.eps)
            if self.decoupled_decay:
                step = step + w * self.decoupled_decay
            self.assign(w, w - step * self.learn_rate)

    def build(self, pairs):
        dtypes = {w.dtype for w, _ in pairs}
        if len(dtypes) > 1:
            raise GraphError(f"{type(self).__name__}: learnables must share one dtype, got {sorted(map(str, dtypes))}")
        return super().build(pairs)


class AdamW(AdamSolver):
    """Adam with decoupled weight decay (Loshchilov & Hutter): w ← w − η·(m̂/(√v̂ + ε) + λ·w); λ = 0.01."""

    OPTIONS = {**AdamSolver.OPTIONS, "weight_decay": 0.01}

    @property
    def decoupled_decay(self) -> float:
        return self.options["weight_decay"]


class BarzilaiBorweinSolver(Solver):
    """Gradient descent with the Barzilai–Borwein step: η_t = |⟨Δw, Δg⟩| / ‖Δg‖² over all learnables.

    The first step uses ``learn_rate`` (0.001, as Gorgonia); when ‖Δg‖ = 0 the previous step size is kept.
    """

    def update(self, graph, pairs):
        first_w = pairs[0][0]
        t = self.state(first_w, "t", shape=())
        eta = self.state(first_w, "eta", initial=init.values_of(self.learn_rate), shape=())
        prevs = [(self.state(w, "prev_w"), self.state(w, "prev_g")) for w, _ in pairs]
        sy = yy = None
        for (w, g), (pw, pg) in zip(pairs, prevs, strict=True):
            s_, y_ = w - pw, g - pg
            sy = core.sum(s_ * y_) if sy is None else sy + core.sum(s_ * y_)
            yy = core.sum(ew.square(y_)) if yy is None else yy + core.sum(ew.square(y_))
        first = ew.eq(t, 0.0, ret_same=True)
        usable = ew.gt(yy, 0.0, ret_same=True) * (1.0 - first)
        abs_sy = sy * (ew.gt(sy, 0.0, ret_same=True) * 2.0 - 1.0)
        bb = abs_sy / (yy + (1.0 - usable))  # denominator 1 where unusable: the value is masked out
        eta_t = usable * bb + (1.0 - usable) * eta
        self.assign(t, t + 1.0)
        self.assign(eta, eta_t)
        for (w, g), (pw, pg) in zip(pairs, prevs, strict=True):
            self.assign(pw, w)
            self.assign(pg, g)
            self.assign(w, w - g * eta_t)

    def build(self, pairs):
        if len({w.dtype for w, _ in pairs}) > 1:
            raise GraphError("BarzilaiBorweinSolver: learnables must share one dtype")
        return super().build(pairs)


SOLVERS = (VanillaSolver, Momentum, AdaGradSolver, RMSPropSolver, AdamSolver, AdamW, BarzilaiBorweinSolver)
