"""Forward and gradient cases of the shape family (slice, concat, by_indices, conv_type, ...)."""

from __future__ import annotations

import numpy as np
from op_cases import ALL, ANY, FLOATS, INTS, NUMERIC, case

import gorgonia_mlir as G

# Public functions built from other ops (checked by the forward tables, not entries of OPS).
COMPOSITES = {"ravel", "at", "embedding", "diag_flat", "upsample2d"}


def _runtime_indices(dtype):
    # Index vectors computed at run time: out-of-range entries (-2, 7) are clamped into [0, 4).
    return [np.arange(12, dtype=dtype.np).reshape(4, 3), np.array([3, -2, 0, 7, 1], dtype=dtype.np)]


def _clamped_take(x, i, axis=0):
    return np.take(x, np.clip(i, 0, x.shape[axis] - 1), axis=axis)


def _cast_values(dtype):
    # Truncation toward zero on both signs, and exact integers.
    return [np.array([-2.75, -1.5, -0.5, 0.0, 0.5, 1.99, 3.0, 120.25], dtype=dtype.np)]


def _scatter_add(x, indices, axis, size):
    return x.graph.apply1("scatter_add", [x, x.graph.constant(indices, G.Int64)], {"axis": axis, "size": size})


def _np_scatter_add(x, indices, axis, size):
    moved = np.moveaxis(x, axis, 0)
    out = np.zeros((size, *moved.shape[1:]), dtype=x.dtype)
    np.add.at(out, np.asarray(indices), moved)
    return np.moveaxis(out, 0, axis)


def _embedding_values(dtype):
    return [np.arange(15, dtype=dtype.np).reshape(5, 3), np.array([[4, 0], [9, 2]], dtype=dtype.np)]


EXAMPLES = {
    "slice": [
        case("G.slice(x, G.S(1, 3))", [(4, 3)], lambda x: G.slice(x, G.S(1, 3)), lambda x: x[1:3], on=ALL),
        case(
            "G.slice(x, None, G.S(0, 6, 2))",
            [(3, 6)],
            lambda x: G.slice(x, None, G.S(0, 6, 2)),
            lambda x: x[:, 0:6:2],
            on=NUMERIC,
        ),
        case("G.slice(x, G.S(-1))  (drops the axis)", [(4, 3)], lambda x: G.slice(x, G.S(-1)), lambda x: x[-1], on=ALL),
        case(
            "G.slice(x, 1, G.S(0, -1, 2))",
            [(2, 3, 5)],
            lambda x: G.slice(x, 1, G.S(0, -1, 2)),
            lambda x: x[1, 0:-1:2],
            on=NUMERIC,
        ),
        case(
            "G.slice(x, slice(1, None), slice(None, None, 3))",
            [(3, 7)],
            lambda x: G.slice(x, slice(1, None), slice(None, None, 3)),
            lambda x: x[1:, ::3],
        ),
        case("G.slice(v, G.S(2, 3))  (keeps the axis)", [(5,)], lambda v: G.slice(v, G.S(2, 3)), lambda v: v[2:3]),
    ],
    "at": [
        case("G.at(x, 1, -1)", [(2, 3)], lambda x: G.at(x, 1, -1), lambda x: x[1, -1], on=ALL),
        case("G.at(v, 0)", [(4,)], lambda v: G.at(v, 0), lambda v: v[0], on=NUMERIC),
    ],
    "ravel": [
        case("G.ravel(x)", [(2, 3, 2)], G.ravel, np.ravel, on=ALL),
    ],
    "insert_slice": [
        case(
            "x.graph.apply1('insert_slice', ...)  (strided, into zeros)",
            [(2, 3)],
            lambda x: x.graph.apply1("insert_slice", [x], {"shape": (4, 7), "offsets": (1, 0), "strides": (2, 3)}),
            lambda x: _np_insert(x, (4, 7), (1, 0), (2, 3)),
            on=ALL,
        ),
    ],
    "diag_flat": [
        case("G.diag_flat(v)", [(4,)], G.diag_flat, np.diag, on=ALL),
        case("G.diag_flat(x)  (flattened)", [(2, 3)], G.diag_flat, lambda x: np.diagflat(x), on=NUMERIC),
    ],
    "concat": [
        case(
            "G.concat(1, a, b)",
            [(2, 3), (2, 2)],
            lambda a, b: G.concat(1, a, b),
            lambda a, b: np.concatenate([a, b], 1),
            on=ALL,
        ),
        case(
            "G.concat(0, a, b, c)",
            [(1, 3), (2, 3), (1, 3)],
            lambda a, b, c: G.concat(0, a, b, c),
            lambda a, b, c: np.concatenate([a, b, c], 0),
            on=NUMERIC,
        ),
        case(
            "G.concat(-1, [a, b])  (rank 3, a list)",
            [(2, 2, 1), (2, 2, 3)],
            lambda a, b: G.concat(-1, [a, b]),
            lambda a, b: np.concatenate([a, b], -1),
        ),
        case("G.concat(0, v, w)", [(3,), (2,)], lambda v, w: G.concat(0, v, w), lambda v, w: np.concatenate([v, w])),
    ],
    "unconcat": [
        case("G.unconcat(x, 1, 3)[1]", [(2, 6)], lambda x: G.unconcat(x, 1, 3)[1], lambda x: x[:, 2:4], on=ALL),
        case("G.unconcat(x, 0, 2)[0]", [(4, 3)], lambda x: G.unconcat(x, 0, 2)[0], lambda x: x[:2], on=NUMERIC),
        case("G.unconcat(x, -1, 2)[1]", [(2, 2, 4)], lambda x: G.unconcat(x, -1, 2)[1], lambda x: x[..., 2:]),
    ],
    "by_indices": [
        case(
            "G.by_indices(x, [2, 0, 2, 1], 0)",
            [(3, 4)],
            lambda x: G.by_indices(x, [2, 0, 2, 1], 0),
            lambda x: x[[2, 0, 2, 1]],
            on=ALL,
        ),
        case(
            "G.by_indices(x, [3, 1], 1)",
            [(2, 4, 2)],
            lambda x: G.by_indices(x, [3, 1], 1),
            lambda x: x[:, [3, 1]],
            on=NUMERIC,
        ),
        case(
            "G.by_indices(x, [0, 0, 1], -1)",
            [(2, 2)],
            lambda x: G.by_indices(x, [0, 0, 1], -1),
            lambda x: x[..., [0, 0, 1]],
        ),
        case(
            "G.by_indices(x, i, 0)  (run-time indices, clamped)",
            [(4, 3), (5,)],
            lambda x, i: G.by_indices(x, i, 0),
            _clamped_take,
            on=INTS,
            values=_runtime_indices,
        ),
    ],
    "embedding": [
        case(
            "G.embedding(w, [[4, 0], [3, 3]])",
            [(5, 3)],
            lambda w: G.embedding(w, [[4, 0], [3, 3]]),
            lambda w: w[np.array([[4, 0], [3, 3]])],
            on=NUMERIC,
        ),
        case("G.embedding(w, [2, 1])", [(3, 2)], lambda w: G.embedding(w, [2, 1]), lambda w: w[[2, 1]]),
        case(
            "G.embedding(w, ids)  (run-time ids, 9 clamped to 4)",
            [(5, 3), (2, 2)],
            G.embedding,
            lambda w, i: w[np.clip(i, 0, 4)],
            on=INTS,
            values=_embedding_values,
        ),
    ],
    "scatter_add": [
        case(
            "scatter_add(x, [1, 3, 1], axis=0, size=4)  (repeated index accumulates)",
            [(3, 2)],
            lambda x: _scatter_add(x, [1, 3, 1], 0, 4),
            lambda x: _np_scatter_add(x, [1, 3, 1], 0, 4),
            on=NUMERIC,
        ),
        case(
            "scatter_add(x, [0, 0], axis=1, size=3)",
            [(2, 2, 3)],
            lambda x: _scatter_add(x, [0, 0], 1, 3),
            lambda x: _np_scatter_add(x, [0, 0], 1, 3),
        ),
    ],
    "conv_float": [
        case(
            "G.conv_type(x, G.Float64)", [(2, 3)], lambda x: G.conv_type(x, G.Float64), lambda x: x.astype(np.float64)
        ),
        case(
            "G.conv_type(x, G.Float32)", [(2, 3)], lambda x: G.conv_type(x, G.Float32), lambda x: x.astype(np.float32)
        ),
    ],
    "conv_type": [
        case(
            "G.conv_type(x, G.Float64)  (ints, Bool)",
            [(2, 3)],
            lambda x: G.conv_type(x, G.Float64),
            lambda x: x.astype(np.float64),
            on=INTS + (G.Bool,),
        ),
        case(
            "G.conv_type(x, G.Float32)  (ints, Bool)",
            [(2, 3)],
            lambda x: G.conv_type(x, G.Float32),
            lambda x: x.astype(np.float32),
            on=INTS + (G.Bool,),
        ),
        case(
            "G.conv_type(x, G.Int32)  (truncates toward zero)",
            [(8,)],
            lambda x: G.conv_type(x, G.Int32),
            lambda x: np.trunc(x).astype(np.int32),
            on=FLOATS,
            values=_cast_values,
        ),
        case(
            "G.conv_type(x, G.Int64)", [(2, 3)], lambda x: G.conv_type(x, G.Int64), lambda x: x.astype(np.int64), on=ALL
        ),
        case(
            "G.conv_type(x, G.Int32)", [(5,)], lambda x: G.conv_type(x, G.Int32), lambda x: x.astype(np.int32), on=ALL
        ),
        case("G.conv_type(b, G.Bool)", [(4,)], lambda x: G.conv_type(x, G.Bool), lambda x: x, on=(G.Bool,)),
    ],
    "upsample2d": [
        case(
            "G.upsample2d(x, 2)",
            [(1, 2, 2, 3)],
            lambda x: G.upsample2d(x, 2),
            lambda x: x.repeat(2, axis=2).repeat(2, axis=3),
            on=NUMERIC,
        ),
        case(
            "G.upsample2d(x, 3)",
            [(2, 1, 1, 2)],
            lambda x: G.upsample2d(x, 3),
            lambda x: x.repeat(3, axis=2).repeat(3, axis=3),
        ),
    ],
}


def _np_insert(x, shape, offsets, strides):
    out = np.zeros(shape, dtype=x.dtype)
    out[tuple(slice(o, o + (n - 1) * s + 1, s) for o, n, s in zip(offsets, x.shape, strides, strict=True))] = x
    return out


# op → [(operand shapes, attrs, operand domains, smooth)]; ("int", n): an index operand in [0, n).
GRAD_CASES = {
    "slice": [
        ([(4, 5)], {"offsets": (1, 0), "sizes": (2, 3), "strides": (2, 2)}, [ANY], True),
        ([(3, 4, 2)], {"offsets": (0, 1, 1), "sizes": (3, 2, 1), "strides": (1, 2, 1)}, [ANY], True),
    ],
    "insert_slice": [([(2, 3)], {"shape": (4, 5), "offsets": (1, 0), "strides": (2, 2)}, [ANY], True)],
    "concat": [
        ([(2, 3), (2, 2)], {"axis": 1}, [ANY, ANY], True),
        ([(1, 3), (2, 3), (1, 3)], {"axis": 0}, [ANY, ANY, ANY], True),
    ],
    "unconcat": [
        ([(4, 3)], {"axis": 0, "n": 2}, [ANY], True),
        ([(2, 6)], {"axis": -1, "n": 3}, [ANY], True),
    ],
    "by_indices": [
        ([(4, 3), (6,)], {"axis": 0}, [ANY, ("int", 4)], True),
        ([(2, 3, 2), (4,)], {"axis": 1}, [ANY, ("int", 3)], True),
    ],
    "scatter_add": [
        ([(5, 3), (5,)], {"axis": 0, "size": 4}, [ANY, ("int", 4)], True),
        ([(2, 4), (4,)], {"axis": -1, "size": 3}, [ANY, ("int", 3)], True),
    ],
    "conv_float": [([(2, 3)], {"dtype": "f64"}, [ANY], True)],
}
