"""Solvers compiled into the train step: numpy step-by-step parity, convergence, device residency, I/O."""

from __future__ import annotations

import numpy as np
import pytest
from gorgonia_runtime import module as runtime_module

import gorgonia_mlir as G
from gorgonia_mlir.solvers import SOLVERS

RNG = np.random.default_rng(0)
X = RNG.normal(size=(16, 3))
Y = X @ np.array([[1.0], [-2.0], [0.5]]) + 0.3


def _problem(solver, dtype=G.Float64):
    g = G.Graph()
    x = G.matrix(g, dtype, shape=(16, 3), name="x")
    y = G.matrix(g, dtype, shape=(16, 1), name="y")
    w = G.matrix(g, dtype, shape=(3, 1), name="w", init=G.ranged_from(-1))
    b = G.vector(g, dtype, shape=(1,), name="b", init=G.values_of(0.5))
    cost = G.mean(G.square(x @ w + b - y))
    G.grad(cost, [w, b])
    m = G.TapeMachine(g, solver=solver, outputs=[cost])
    G.let(x, X.astype(dtype.np))
    G.let(y, Y.astype(dtype.np))
    return g, m, w, b, cost


def _np_grads(w, b):
    r = X @ w + b - Y
    return [2 * X.T @ r / r.size, np.array([2 * r.sum() / r.size])]


def _prep(w, g, o):
    g = g + o.get("l1_reg", 0) * np.sign(w) + o.get("l2_reg", 0) * w
    g = g / o.get("batch_size", 1)
    return np.clip(g, -o["clip"], o["clip"]) if o.get("clip") else g


def _numpy_solver(name, o, params, steps):
    """Reference implementations of the solvers' documented updates."""
    lr = o.get("learn_rate", 0.001)
    state = [dict() for _ in params]
    eta, prev = lr, None
    for t in range(1, steps + 1):
        grads = [_prep(p, g, o) for p, g in zip(params, _np_grads(*params), strict=True)]
        if name == "BarzilaiBorweinSolver":
            if prev is not None:
                sy = sum(np.sum((p - pp) * (g - pg)) for p, g, (pp, pg) in zip(params, grads, prev, strict=True))
                yy = sum(np.sum((g - pg) ** 2) for g, (_, pg) in zip(grads, prev, strict=True))
                eta = abs(sy) / yy if yy > 0 else eta
            prev = [(p.copy(), g.copy()) for p, g in zip(params, grads, strict=True)]
            params = [p - eta * g for p, g in zip(params, grads, strict=True)]
            continue
        new = []
        for p, g, st in zip(params, grads, state, strict=True):
            if name == "VanillaSolver":
                p = p - lr * g
            elif name == "Momentum":
                st["v"] = o.get("momentum", 0.9) * st.get("v", 0) - lr * g
                p = p + st["v"]
            elif name == "AdaGradSolver":
                st["c"] = st.get("c", 0) + g * g
                p = p - lr * g / np.sqrt(st["c"] + o.get("eps", 1e-8))
            elif name == "RMSPropSolver":
                rho = o.get("rho", 0.999)
                st["c"] = rho * st.get("c", 0) + (1 - rho) * g * g
                p = p - lr * g / np.sqrt(st["c"] + o.get("eps", 1e-8))
            else:
                b1, b2, eps = o.get("beta1", 0.9), o.get("beta2", 0.999), o.get("eps", 1e-8)
                st["m"] = b1 * st.get("m", 0) + (1 - b1) * g
                st["v"] = b2 * st.get("v", 0) + (1 - b2) * g * g
                step = (st["m"] / (1 - b1**t)) / (np.sqrt(st["v"] / (1 - b2**t)) + eps)
                if name == "AdamW":
                    step = step + o.get("weight_decay", 0.01) * p
                p = p - lr * step
            new.append(p)
        params = new
    return params


CONFIGS = [
    ("VanillaSolver", {"learn_rate": 0.1}),
    ("VanillaSolver", {"learn_rate": 0.1, "l1_reg": 0.01, "l2_reg": 0.1, "batch_size": 2, "clip": 0.5}),
    ("Momentum", {"learn_rate": 0.05, "momentum": 0.8, "l2_reg": 0.01}),
    ("AdaGradSolver", {"learn_rate": 0.3, "eps": 1e-6, "clip": 1.0}),
    ("RMSPropSolver", {"learn_rate": 0.01, "rho": 0.9, "eps": 1e-6}),
    ("AdamSolver", {"learn_rate": 0.05, "beta1": 0.8, "beta2": 0.99, "l1_reg": 0.001}),
    ("AdamW", {"learn_rate": 0.05, "weight_decay": 0.1, "batch_size": 4}),
    ("BarzilaiBorweinSolver", {"learn_rate": 0.05, "clip": 2.0}),
]


@pytest.mark.parametrize("name,options", CONFIGS, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CONFIGS)])
def test_solver_matches_numpy_step_by_step(name, options):
    _, m, w, b, _ = _problem(getattr(G, name)(**options))
    params = [w.value.copy(), b.value.copy()]
    for step in range(1, 6):
        m.run_all()
        want = _numpy_solver(name, options, params, step)
        np.testing.assert_allclose(w.value, want[0], rtol=1e-10, atol=1e-12, err_msg=f"{name} step {step}")
        np.testing.assert_allclose(b.value, want[1], rtol=1e-10, atol=1e-12, err_msg=f"{name} step {step}")


@pytest.mark.parametrize("solver", [s.__name__ for s in SOLVERS])
def test_loss_goes_down_on_a_convex_problem(solver):
    lr = {"AdaGradSolver": 0.5, "RMSPropSolver": 0.01, "BarzilaiBorweinSolver": 0.05}.get(solver, 0.05)
    _, m, _, _, cost = _problem(getattr(G, solver)(learn_rate=lr), G.Float32)
    losses = []
    for _ in range(60):
        m.run_all()
        losses.append(float(cost.value))
    assert losses[-1] < 0.25 * losses[0], f"{solver}: {losses[0]} -> {losses[-1]}"


def test_parameters_stay_on_the_device_between_steps(monkeypatch):
    _, m, w, _, _ = _problem(G.AdamSolver(learn_rate=0.01))
    calls = []
    real = runtime_module.Function.invoke

    def spy(self, *args):
        calls.append(self.name)
        return real(self, *args)

    monkeypatch.setattr(runtime_module.Function, "invoke", spy)
    for _ in range(3):
        m.run_all()
    assert calls == ["main"] * 3, f"steps moved parameters between host and device: {calls}"
    _ = w.value
    assert calls[-1] == "__get_p_w" and calls.count("__get_p_w") == 1
    _ = w.value  # cached on the host until the next step
    assert calls.count("__get_p_w") == 1
    G.let(w, np.zeros((3, 1)))
    m.run_all()
    assert calls[-2:] == ["__set_p_w", "main"]


def test_save_and_load_restore_training_exactly(tmp_path):
    for suffix in (".npz", ".safetensors"):
        g, m, w, b, cost = _problem(G.AdamSolver(learn_rate=0.05))
        for _ in range(3):
            m.run_all()
        path = tmp_path / f"ckpt{suffix}"
        G.save_learnables(path, g)
        for _ in range(2):
            m.run_all()
        want = w.value.copy()
        G.load_learnables(path, g)  # back to step 3, Adam's moments and t included
        for _ in range(2):
            m.run_all()
        np.testing.assert_array_equal(w.value, want)


def test_reinitialize_and_reset_semantics():
    g, m, w, _, cost = _problem(G.VanillaSolver(learn_rate=0.1))
    start = w.value.copy()
    m.run_all()
    m.reset()
    assert cost.value is None and not np.array_equal(w.value, start)  # reset keeps parameters
    G.reinitialize(g)
    np.testing.assert_array_equal(w.value, start)  # ranged_from is deterministic


def test_fit_trains_with_history_and_validates_shapes():
    g = G.Graph()
    x = G.matrix(g, G.Float32, shape=(8, 3), name="x")
    y = G.matrix(g, G.Float32, shape=(8, 1), name="y")
    w = G.matrix(g, G.Float32, shape=(3, 1), name="w", init=G.zeroes())
    cost = G.mean(G.square(x @ w - y))
    G.grad(cost, [w])
    m = G.TapeMachine(g, solver=G.AdamSolver(learn_rate=0.1), outputs=[cost])
    history = G.fit(m, [x, y], [X, Y], epochs=20, seed=1, progress=False)
    assert len(history.steps) == 20 * 2 and len(history.epochs) == 20
    assert history.epochs[-1] < 0.2 * history.epochs[0]
    with pytest.raises(G.GraphError, match="batch_size=4 but input 'x' has shape"):
        G.fit(m, [x, y], [X, Y], batch_size=4, progress=False)
    with pytest.raises(G.GraphError, match="data rows have shape"):
        G.fit(m, [x, y], [X[:, :2], Y], progress=False)


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: G.AdamSolver(momentum=0.9), "AdamSolver: unknown option 'momentum'"),
        (lambda: G.AdaGradSolver(rho=0.9), "AdaGradSolver: unknown option 'rho'"),
        (lambda: G.VanillaSolver(learn_rate=-1), "learn_rate must be positive"),
        (lambda: G.Momentum(clip="big"), "must be a number"),
    ],
)
def test_inapplicable_options_are_errors(make, message):
    with pytest.raises(G.GraphError, match=message):
        make()


def test_solver_needs_gradients():
    g = G.Graph()
    w = G.vector(g, G.Float32, shape=(3,), name="w", init=G.ones())
    G.sum(G.square(w))
    with pytest.raises(G.GraphError, match="no learnable has a gradient"):
        G.TapeMachine(g, solver=G.VanillaSolver())
    with pytest.raises(G.GraphError, match="learnables= needs a solver="):
        G.TapeMachine(g, learnables=[w])
