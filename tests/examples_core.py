"""Forward and gradient cases of the core family: constants, products, sum, reshape, transpose,
broadcast_to (and the mean composite). ``learnable`` has no reference (tests/test_graph_api.py checks it);
grad/vjp/jvp are expanded by gorgonia-autodiff and checked by the gradient tests."""

from __future__ import annotations

import numpy as np
from op_cases import ALL, ANY, NUMERIC, case

import gorgonia_mlir as G

# Public functions built from other ops (checked by the forward tables, not entries of OPS).
COMPOSITES = {"mean"}

EXAMPLES = {
    "constant": [
        case("x + 2.5  (the scalar constant)", [(2, 3)], lambda x: (x + 2.5).inputs[1], lambda x: np.asarray(2.5)),
        case(
            "x + [1, 2, 3]  (array constant)",
            [(2, 3)],
            lambda x: (x + [1, 2, 3]).inputs[1],
            lambda x: np.array([1, 2, 3]),
            on=NUMERIC,
        ),
        case("3 - x  (reflected constant)", [(4,)], lambda x: (3 - x).inputs[0], lambda x: np.asarray(3), on=NUMERIC),
        case(
            "G.ne(b, [True, False, True])  (Bool array constant)",
            [(2, 3)],
            lambda x: G.ne(x, [True, False, True]).inputs[1],
            lambda x: np.array([True, False, True]),
            on=(G.Bool,),
        ),
    ],
    "matmul": [
        case("G.mul(a, b)  (2,3)×(3,4)", [(2, 3), (3, 4)], G.mul, np.matmul, on=NUMERIC),
        case("a @ b  (4,5)@(5,2)", [(4, 5), (5, 2)], lambda a, b: a @ b, np.matmul, on=NUMERIC),
        case("a @ b  (1,7)@(7,1)", [(1, 7), (7, 1)], lambda a, b: a @ b, np.matmul),
    ],
    "matvec": [
        case("G.mul(m, v)", [(3, 4), (4,)], G.mul, np.matmul, on=NUMERIC),
        case("m @ v", [(2, 5), (5,)], lambda m, v: m @ v, np.matmul, on=NUMERIC),
    ],
    "dot": [
        case("G.mul(u, v)", [(5,), (5,)], G.mul, np.dot, on=NUMERIC),
        case("u @ v", [(3,), (3,)], lambda u, v: u @ v, np.dot, on=NUMERIC),
    ],
    "outer_prod": [
        case("G.outer_prod(u, v)", [(3,), (4,)], G.outer_prod, np.outer, on=NUMERIC),
    ],
    "sum": [
        case("G.sum(x)", [(2, 3)], G.sum, np.sum, on=NUMERIC),
        case("G.sum(x, 0)", [(2, 3)], lambda x: G.sum(x, 0), lambda x: x.sum(0), on=NUMERIC),
        case("G.sum(x, 1)", [(2, 3)], lambda x: G.sum(x, 1), lambda x: x.sum(1), on=NUMERIC),
        case("G.sum(x, -1)", [(2, 3, 4)], lambda x: G.sum(x, -1), lambda x: x.sum(-1)),
        case("G.sum(x, 0, 2)", [(2, 3, 4)], lambda x: G.sum(x, 0, 2), lambda x: x.sum((0, 2)), on=NUMERIC),
        case("G.sum(x, (1, 2))", [(2, 3, 4)], lambda x: G.sum(x, (1, 2)), lambda x: x.sum((1, 2))),
        case(
            "G.sum(x, 1, keepdims=True)",
            [(2, 3)],
            lambda x: G.sum(x, 1, keepdims=True),
            lambda x: x.sum(1, keepdims=True),
            on=NUMERIC,
        ),
        case("G.sum(x, keepdims=True)", [(2, 3)], lambda x: G.sum(x, keepdims=True), lambda x: x.sum(keepdims=True)),
        case("G.sum(v)  (vector)", [(7,)], G.sum, np.sum, on=NUMERIC),
        case("G.sum(s)  (scalar)", [()], G.sum, np.sum, on=NUMERIC),
    ],
    "reshape": [
        case("G.reshape(x, (3, 2))", [(2, 3)], lambda x: G.reshape(x, (3, 2)), lambda x: x.reshape(3, 2), on=ALL),
        case("G.reshape(x, -1)", [(2, 3)], lambda x: G.reshape(x, -1), lambda x: x.reshape(-1), on=NUMERIC),
        case("G.reshape(x, (2, -1, 2))", [(4, 3)], lambda x: G.reshape(x, (2, -1, 2)), lambda x: x.reshape(2, -1, 2)),
        case("G.reshape(x, ())  (to a scalar)", [(1, 1)], lambda x: G.reshape(x, ()), lambda x: x.reshape(())),
    ],
    "transpose": [
        case("G.transpose(x)", [(2, 3)], G.transpose, np.transpose, on=ALL),
        case("x.T", [(3, 5)], lambda x: x.T, lambda x: x.T, on=NUMERIC),
        case("G.transpose(x)  (rank 3: reversed)", [(2, 3, 4)], G.transpose, np.transpose),
        case(
            "G.transpose(x, 0, 2, 1)",
            [(2, 3, 4)],
            lambda x: G.transpose(x, 0, 2, 1),
            lambda x: x.transpose(0, 2, 1),
            on=NUMERIC,
        ),
        case(
            "G.transpose(x, (1, 0, 2))",
            [(2, 3, 4)],
            lambda x: G.transpose(x, (1, 0, 2)),
            lambda x: x.transpose(1, 0, 2),
        ),
    ],
    "broadcast_to": [
        case(
            "G.broadcast_to(v, (2, 3))",
            [(3,)],
            lambda v: G.broadcast_to(v, (2, 3)),
            lambda v: np.broadcast_to(v, (2, 3)),
            on=ALL,
        ),
        case(
            "G.broadcast_to(x, (2, 4))  from (2,1)",
            [(2, 1)],
            lambda x: G.broadcast_to(x, (2, 4)),
            lambda x: np.broadcast_to(x, (2, 4)),
        ),
        case(
            "G.broadcast_to(s, (3,))  from a scalar",
            [()],
            lambda s: G.broadcast_to(s, (3,)),
            lambda s: np.broadcast_to(s, (3,)),
            on=NUMERIC,
        ),
    ],
    "mean": [
        case("G.mean(x)", [(2, 3)], G.mean, np.mean),
        case("G.mean(x, 0)", [(2, 3)], lambda x: G.mean(x, 0), lambda x: x.mean(0)),
        case(
            "G.mean(x, 1, keepdims=True)",
            [(2, 3)],
            lambda x: G.mean(x, 1, keepdims=True),
            lambda x: x.mean(1, keepdims=True),
        ),
        case("G.mean(x, 0, 2)", [(2, 3, 4)], lambda x: G.mean(x, 0, 2), lambda x: x.mean((0, 2))),
    ],
}

# op → [(operand shapes, attrs, operand domains, smooth)]
GRAD_CASES = {
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
