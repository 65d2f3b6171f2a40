"""Finite-difference checks of every differentiable op, generated from the op table.

All cases live in one float64 graph compiled once: for each case, cost = Σ(op(inputs) ⊙ W) with a fixed
random W; we request the gradient (reverse mode), the Hessian-vector product reverse-over-reverse
and forward-over-reverse, and compare:
  - first order against central differences of the numpy reference (``REFERENCE``),
  - second order (smooth ops) against central differences of the compiled gradient along v,
    and the two HVP modes against each other.
"""

from __future__ import annotations

import functools

import numpy as np
import pytest
from op_cases import family_modules

import gorgonia_mlir as G
from gorgonia_mlir.autodiff import JVPS, VJPS
from gorgonia_mlir.dialect import OPS
from gorgonia_mlir.reference import REFERENCE

POS = (0.5, 2.0)  # domain: positive, away from 0
ANY = (-1.5, 1.5)
AWAY = "away"  # |x| in [0.3, 1.5] with random sign (kinks, poles)
UNIT = (0.1, 0.9)  # probabilities
# ("int", n): an Int64 operand (indices) with values in [0, n); it is held fixed, not differentiated.

# op → list of (operand shapes, attrs, operand domains, smooth)
CASES: dict[str, list] = {
    "neg": [([(2, 3)], {}, [ANY], True)],
    "square": [([(2, 3)], {}, [ANY], True)],
    "rectify": [([(2, 3)], {}, [AWAY], False)],
    "exp": [([(2, 3)], {}, [ANY], True)],
    "log": [([(2, 3)], {}, [POS], True)],
    "tanh": [([(2, 3)], {}, [ANY], True)],
    "sigmoid": [([(2, 3)], {}, [ANY], True)],
    "sqrt": [([(2, 3)], {}, [POS], True)],
    "add": [([(2, 3), (2, 3)], {}, [ANY, ANY], True), ([(2, 3), (3,)], {}, [ANY, ANY], True)],
    "sub": [([(2, 3), (2, 1)], {}, [ANY, ANY], True), ([(), (2, 2)], {}, [ANY, ANY], True)],
    "hadamard_prod": [([(2, 3), (2, 3)], {}, [ANY, ANY], True), ([(4, 1), (1, 3)], {}, [ANY, ANY], True)],
    "hadamard_div": [([(2, 3), (2, 3)], {}, [ANY, AWAY], True), ([(3,), ()], {}, [ANY, AWAY], True)],
    "pow": [([(2, 3), (2, 3)], {}, [POS, ANY], True), ([(3,), ()], {}, [POS, ANY], True)],
    "matmul": [([(2, 3), (3, 4)], {}, [ANY, ANY], True)],
    "matvec": [([(2, 3), (3,)], {}, [ANY, ANY], True)],
    "dot": [([(4,), (4,)], {}, [ANY, ANY], True)],
    "outer_prod": [([(3,), (2,)], {}, [ANY, ANY], True)],
    "sum": [
        ([(2, 3)], {"along": (1,), "keepdims": False}, [ANY], True),
        ([(2, 3, 2)], {"along": (0, 2), "keepdims": True}, [ANY], True),
        ([(2, 3)], {"along": (0, 1), "keepdims": False}, [ANY], True),
    ],
    "reshape": [([(2, 3)], {"shape": (3, 2)}, [ANY], True)],
    "transpose": [([(2, 3, 4)], {"perm": (2, 0, 1)}, [ANY], True)],
    "broadcast_to": [([(3,)], {"shape": (2, 3)}, [ANY], True), ([(2, 1)], {"shape": (2, 3)}, [ANY], True)],
}

for _family in family_modules():
    CASES.update(getattr(_family, "GRAD_CASES", {}))

DIFFERENTIABLE = sorted(n for n, s in OPS.items() if s.differentiable and s.kind != "autodiff")


def test_every_differentiable_op_has_rules_and_a_gradient_case():
    for name in DIFFERENTIABLE:
        assert name in VJPS, f"op {name!r} is differentiable but has no VJP rule (autodiff/vjp.py)"
        assert name in JVPS, f"op {name!r} is differentiable but has no JVP rule (autodiff/jvp.py)"
        assert name in CASES, f"op {name!r} has no gradient test case in tests/test_gradients.py"


def test_non_differentiable_ops_have_no_rules():
    for name, spec in OPS.items():
        if not spec.differentiable:
            assert name not in VJPS and name not in JVPS, f"{name} is marked non-differentiable but has rules"


def _is_int(domain) -> bool:
    return isinstance(domain, tuple) and domain[0] == "int"


def _sample(rng, shape, domain):
    if _is_int(domain):
        return rng.integers(0, domain[1], shape)
    if domain == AWAY:
        return rng.uniform(0.3, 1.5, shape) * rng.choice([-1.0, 1.0], shape)
    return rng.uniform(*domain, shape)


class _Case:
    def __init__(self, g, rng, op, shapes, attrs, domains, smooth, idx):
        self.op, self.attrs, self.smooth = op, attrs, smooth
        self.id = f"{op}-{idx}"
        self.fixed = [_is_int(d) for d in domains]
        types = [G.Int64 if fixed else G.Float64 for fixed in self.fixed]
        self.all_values = [np.asarray(_sample(rng, s, d), t.np) for s, d, t in zip(shapes, domains, types, strict=True)]
        self.all_nodes = [
            G.tensor(g, t, shape=s, name=f"{self.id}_in{i}") for i, (s, t) in enumerate(zip(shapes, types, strict=True))
        ]
        out = g.apply1(op, self.all_nodes, attrs)
        # Only the float operands are differentiated (and perturbed); integer ones stay fixed.
        self.values = [v for v, fixed in zip(self.all_values, self.fixed, strict=True) if not fixed]
        self.nodes = [n for n, fixed in zip(self.all_nodes, self.fixed, strict=True) if not fixed]
        self.weights = rng.normal(size=out.shape)
        cost = G.sum(out * g.constant(self.weights, G.Float64))
        self.grads = G.grad(cost, self.nodes)
        self.dirs = [rng.normal(size=v.shape) for v in self.values]
        if smooth:
            dir_nodes = [g.constant(d, G.Float64) for d in self.dirs]
            inner = functools.reduce(G.add, [G.sum(gr * d) for gr, d in zip(self.grads, dir_nodes, strict=True)])
            self.hvp_rr = G.grad(inner, self.nodes)
            self.hvp_fr = G.jvp(self.grads, self.nodes, dir_nodes)

    def cost(self, values):
        it = iter(values)
        operands = [v if fixed else next(it) for v, fixed in zip(self.all_values, self.fixed, strict=True)]
        out = REFERENCE[self.op](operands, self.attrs)[0]
        return float(np.sum(out * self.weights))

    def numeric_grad(self, eps=1e-6):
        grads = []
        for i, v in enumerate(self.values):
            gr = np.zeros_like(v)
            for idx in np.ndindex(v.shape):
                plus = [x.copy() for x in self.values]
                minus = [x.copy() for x in self.values]
                plus[i][idx] += eps
                minus[i][idx] -= eps
                gr[idx] = (self.cost(plus) - self.cost(minus)) / (2 * eps)
            grads.append(gr)
        return grads


def _all_cases():
    for op, cases in CASES.items():
        for i, c in enumerate(cases):
            yield op, i, c


@pytest.fixture(scope="module")
def compiled():
    rng = np.random.default_rng(7)
    g = G.Graph("gradients")
    cases = {f"{op}-{i}": _Case(g, rng, op, *c, i) for op, i, c in _all_cases()}
    m = G.TapeMachine(g)

    def run(shift):
        for c in cases.values():
            for n, v, d in zip(c.nodes, c.values, c.dirs, strict=True):
                G.let(n, v + shift * d)
            for n, v, fixed in zip(c.all_nodes, c.all_values, c.fixed, strict=True):
                if fixed:
                    G.let(n, v)
        m.run_all()
        return {k: ([gr.value for gr in c.grads]) for k, c in cases.items()}

    eps = 1e-5
    plus, minus = run(eps), run(-eps)
    base = run(0.0)
    hvps = {k: ([h.value for h in c.hvp_rr], [h.value for h in c.hvp_fr]) for k, c in cases.items() if c.smooth}
    yield cases, base, plus, minus, eps, hvps
    m.close()


@pytest.mark.parametrize("key", [f"{op}-{i}" for op, i, _ in _all_cases()])
def test_first_order_matches_finite_differences(compiled, key):
    cases, base, *_ = compiled
    case = cases[key]
    for i, (got, want) in enumerate(zip(base[key], case.numeric_grad(), strict=True)):
        np.testing.assert_allclose(np.asarray(got), want, rtol=1e-6, atol=1e-7, err_msg=f"{key}: d/d operand {i}")


@pytest.mark.parametrize("key", [f"{op}-{i}" for op, i, c in _all_cases() if c[3]])
def test_second_order_hvp(compiled, key):
    cases, base, plus, minus, eps, hvps = compiled
    rr, fr = hvps[key]
    for i in range(len(rr)):
        numeric = (np.asarray(plus[key][i]) - np.asarray(minus[key][i])) / (2 * eps)
        np.testing.assert_allclose(
            np.asarray(rr[i]), numeric, rtol=1e-5, atol=1e-6, err_msg=f"{key}: reverse-over-reverse HVP, operand {i}"
        )
        np.testing.assert_allclose(
            np.asarray(fr[i]),
            np.asarray(rr[i]),
            rtol=1e-10,
            atol=1e-12,
            err_msg=f"{key}: forward-over-reverse vs reverse-over-reverse, operand {i}",
        )
