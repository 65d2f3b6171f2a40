"""Finite-difference checks of every differentiable op, generated from the op table.

All cases live in one float64 graph compiled once: for each case, cost = Σ(op(inputs) ⊙ W) with a fixed
random W; we request the gradient (reverse mode), the Hessian-vector product reverse-over-reverse
and forward-over-reverse, and compare:
  - first order against central differences of the numpy reference (``REFERENCE``, tests/reference/),
  - second order (smooth ops) against central differences of the compiled gradient along v,
    and the two HVP modes against each other.
"""

from __future__ import annotations

import functools
import zlib

import numpy as np
import pytest
from op_cases import AWAY, family_modules
from reference import REFERENCE

import gorgonia_mlir as G

# op → list of (operand shapes, attrs, operand domains, smooth): each family's GRAD_CASES
# (tests/examples_<family>.py; the elementwise family's come from its op records' ``grad=``).
CASES: dict[str, list] = {}
for _family in family_modules():
    CASES.update(getattr(_family, "GRAD_CASES", {}))


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
    g = G.Graph("gradients")
    # One generator per case, seeded by its key: adding a case elsewhere leaves every other case's inputs.
    cases = {
        f"{op}-{i}": _Case(g, np.random.default_rng(zlib.crc32(f"{op}-{i}".encode())), op, *c, i)
        for op, i, c in _all_cases()
    }
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
