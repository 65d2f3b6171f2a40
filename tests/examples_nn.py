"""Forward and gradient cases of the nn family (convolutions, im2col, pooling, softmax-like, losses).

The ``expect`` side is written independently of the reference (``tests/reference/nn.py``): naive loops over
output positions, and adjoints (conv_transpose2d, col2im, the pooling backward ops) as the transpose of the
forward op's matrix, built column by column from basis images.
"""

from __future__ import annotations

import numpy as np
from op_cases import ANY, case

import gorgonia_mlir as G

# Public functions built from other ops (checked by the forward tables, not entries of OPS).
COMPOSITES = {
    "conv1d",
    "max_pool1d",
    "avg_pool1d",
    "average_pool2d",
    "global_average_pool2d",
    "binary_xent",
    "cross_entropy",
}


def np_pad(x, pad, value=0.0):
    t, b, l, r = pad  # noqa: E741
    return np.pad(x, ((0, 0), (0, 0), (t, b), (l, r)), constant_values=value)


def np_conv2d(x, w, pad=(0, 0, 0, 0), stride=(1, 1), dilation=(1, 1)):
    """Naive cross-correlation: one output pixel at a time."""
    xp = np_pad(x.astype(np.float64), pad)
    kh, kw = w.shape[2:]
    (sh, sw), (dh, dw) = stride, dilation
    oh = (xp.shape[2] - dh * (kh - 1) - 1) // sh + 1
    ow = (xp.shape[3] - dw * (kw - 1) - 1) // sw + 1
    out = np.zeros((x.shape[0], w.shape[0], oh, ow))
    for a in range(oh):
        for c in range(ow):
            patch = xp[:, :, a * sh + np.arange(kh) * dh][:, :, :, c * sw + np.arange(kw) * dw]
            out[:, :, a, c] = np.einsum("nckl,ockl->no", patch, w)
    return out


def windows(x, kernel, pad, stride, value):
    """{(n, c, oh, ow): [(value, row, col) of each tap in row-major order]} of the padded image."""
    xp = np_pad(x.astype(np.float64), pad, value)
    (kh, kw), (sh, sw) = kernel, stride
    oh, ow = (xp.shape[2] - kh) // sh + 1, (xp.shape[3] - kw) // sw + 1
    out = {}
    for n, c, a, b in np.ndindex(x.shape[0], x.shape[1], oh, ow):
        cells = [
            (xp[n, c, a * sh + i, b * sw + j], a * sh + i - pad[0], b * sw + j - pad[2])
            for i in range(kh)
            for j in range(kw)
        ]
        out[(n, c, a, b)] = cells
    return out, (x.shape[0], x.shape[1], oh, ow)


def np_max_pool(x, kernel, pad, stride):
    wins, shape = windows(x, kernel, pad, stride, -np.inf)
    out = np.zeros(shape)
    for k, cells in wins.items():
        out[k] = max(v for v, _, _ in cells)
    return out


def np_max_select(x, t, kernel, pad, stride):
    """t read where each window of x has its first (row-major) maximum."""
    wins, shape = windows(x, kernel, pad, stride, -np.inf)
    out = np.zeros(shape)
    for (n, c, a, b), cells in wins.items():
        best = max(v for v, _, _ in cells)
        _, r, q = next(cell for cell in cells if cell[0] == best)
        out[n, c, a, b] = t[n, c, r, q]
    return out


def np_avg_pool(x, kernel, pad, stride):
    """Mean over the real (unpadded) cells of each window."""
    wins, shape = windows(x, kernel, pad, stride, np.nan)
    out = np.zeros(shape)
    for k, cells in wins.items():
        out[k] = np.nanmean([v for v, _, _ in cells])
    return out


def np_im2col(x, kernel, pad, stride, dilation=(1, 1)):
    xp = np_pad(x, pad)
    (kh, kw), (sh, sw), (dh, dw) = kernel, stride, dilation
    oh = (xp.shape[2] - dh * (kh - 1) - 1) // sh + 1
    ow = (xp.shape[3] - dw * (kw - 1) - 1) // sw + 1
    out = np.zeros((x.shape[0], oh, ow, x.shape[1] * kh * kw), dtype=x.dtype)
    for n, a, b, c, i, j in np.ndindex(x.shape[0], oh, ow, x.shape[1], kh, kw):
        out[n, a, b, c * kh * kw + i * kw + j] = xp[n, c, a * sh + i * dh, b * sw + j * dw]
    return out


def adjoint(f, in_shape, y):
    """Aᵀy for the linear map A = f, A built column by column from basis inputs."""
    cols = []
    for k in range(int(np.prod(in_shape))):
        e = np.zeros(int(np.prod(in_shape)))
        e[k] = 1.0
        cols.append(np.asarray(f(e.reshape(in_shape)), dtype=np.float64).ravel())
    return (np.stack(cols, axis=1).T @ y.astype(np.float64).ravel()).reshape(in_shape)


def np_softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def np_sparsemax_row(z):
    """Projection onto the simplex by bisection on the threshold (independent of the sort formula)."""
    lo, hi = z.min() - 1.0, z.max()
    for _ in range(200):
        tau = (lo + hi) / 2
        lo, hi = (tau, hi) if np.maximum(z - tau, 0).sum() > 1 else (lo, tau)
    return np.maximum(z - (lo + hi) / 2, 0)


def np_sparsemax(x, axis=-1):
    return np.apply_along_axis(np_sparsemax_row, axis, x.astype(np.float64))


def _sparse_values(dtype):
    # Rows with supports of size 1, 2 and all entries, and a tie at the top.
    x = np.array([[3.0, 0.1, -1.0, 0.2], [0.6, 0.5, -2.0, 0.0], [0.1, 0.2, 0.15, 0.12], [1.0, 1.0, 0.0, -1.0]])
    return [x.astype(dtype.np)]


P = (1, 0, 2, 1)  # asymmetric padding (top, bottom, left, right) used throughout

EXAMPLES = {
    "conv2d": [
        case(
            "G.conv2d(x, w, (3, 3), (1, 1), (1, 1), (1, 1))",
            [(2, 3, 5, 5), (4, 3, 3, 3)],
            lambda x, w: G.conv2d(x, w, (3, 3), (1, 1), (1, 1), (1, 1)),
            lambda x, w: np_conv2d(x, w, (1, 1, 1, 1)),
        ),
        case(
            "G.conv2d(x, w, (3, 2), (1, 0, 2, 1), (2, 1), (1, 2))  (asymmetric pad, stride, dilation)",
            [(1, 2, 7, 6), (3, 2, 3, 2)],
            lambda x, w: G.conv2d(x, w, (3, 2), P, (2, 1), (1, 2)),
            lambda x, w: np_conv2d(x, w, P, (2, 1), (1, 2)),
        ),
        # one input channel is lowered as im2col + contraction (the rest channels-last, as linalg.conv_2d_nhwc_hwcf)
        case(
            "G.conv2d(x, w, (3, 2), (1, 0, 2, 1), (2, 1), (1, 2))  (one input channel)",
            [(2, 1, 7, 6), (3, 1, 3, 2)],
            lambda x, w: G.conv2d(x, w, (3, 2), P, (2, 1), (1, 2)),
            lambda x, w: np_conv2d(x, w, P, (2, 1), (1, 2)),
        ),
    ],
    "conv1d": [
        case(
            "G.conv1d(x, w, 3, 1, 2)",
            [(2, 3, 9), (4, 3, 3)],
            lambda x, w: G.conv1d(x, w, 3, 1, 2),
            lambda x, w: np_conv2d(x[:, :, None], w[:, :, None], (0, 0, 1, 1), (1, 2))[:, :, 0],
        ),
    ],
    "conv_transpose2d": [
        case(
            "G.conv_transpose2d(y, w, (3, 3), (1, 1), (2, 2), (1, 1), (1, 1))  (conv2d's adjoint)",
            [(1, 2, 3, 3), (2, 3, 3, 3)],
            lambda y, w: G.conv_transpose2d(y, w, (3, 3), (1, 1), (2, 2), (1, 1), (1, 1)),
            lambda y, w: adjoint(lambda x: np_conv2d(x, w, (1, 1, 1, 1), (2, 2)), (1, 3, 6, 6), y),
        ),
        case(
            "G.conv_transpose2d(y, w, (2, 3), (1, 0, 2, 1), (1, 2), (2, 1))",
            [(2, 3, 4, 3), (3, 2, 2, 3)],
            lambda y, w: G.conv_transpose2d(y, w, (2, 3), P, (1, 2), (2, 1)),
            lambda y, w: adjoint(lambda x: np_conv2d(x, w, P, (1, 2), (2, 1)), (2, 2, 5, 4), y),
        ),
        case(
            "G.conv_transpose2d(y, w, (3, 3), (1, 1), (2, 2), (1, 1), (1, 1))  (one channel in y)",
            [(2, 1, 3, 3), (1, 2, 3, 3)],
            lambda y, w: G.conv_transpose2d(y, w, (3, 3), (1, 1), (2, 2), (1, 1), (1, 1)),
            lambda y, w: adjoint(lambda x: np_conv2d(x, w, (1, 1, 1, 1), (2, 2)), (2, 2, 6, 6), y),
        ),
    ],
    "im2col": [
        case(
            "G.im2col(x, (2, 3), (1, 0, 2, 1), (2, 1), (1, 2))",
            [(2, 2, 5, 4)],
            lambda x: G.im2col(x, (2, 3), P, (2, 1), (1, 2)),
            lambda x: np_im2col(x, (2, 3), P, (2, 1), (1, 2)),
        ),
    ],
    "col2im": [
        case(
            "col2im(c)  (im2col's adjoint)",
            [(1, 3, 3, 12)],
            lambda c: c.graph.apply1(
                "col2im", [c], {"kernel": (2, 3), "pad": P, "stride": (2, 1), "dilation": (1, 2), "shape": (1, 2, 5, 4)}
            ),
            lambda c: adjoint(lambda x: np_im2col(x, (2, 3), P, (2, 1), (1, 2)), (1, 2, 5, 4), c),
        ),
    ],
    "max_pool2d": [
        case(
            "G.max_pool2d(x, (2, 2), (0, 0), (2, 2))",
            [(2, 3, 4, 6)],
            lambda x: G.max_pool2d(x, (2, 2), (0, 0), (2, 2)),
            lambda x: np_max_pool(x, (2, 2), (0, 0, 0, 0), (2, 2)),
        ),
        case(
            "G.max_pool2d(x, (3, 2), (1, 0, 1, 1), (2, 1))  (asymmetric pad)",
            [(1, 2, 6, 5)],
            lambda x: G.max_pool2d(x, (3, 2), (1, 0, 1, 1), (2, 1)),
            lambda x: np_max_pool(x, (3, 2), (1, 0, 1, 1), (2, 1)),
        ),
        case(
            "G.max_pool2d(x, (3, 3), (1, 1), (2, 2))  (pad as (h, w))",
            [(1, 2, 5, 5)],
            lambda x: G.max_pool2d(x, (3, 3), (1, 1), (2, 2)),
            lambda x: np_max_pool(x, (3, 3), (1, 1, 1, 1), (2, 2)),
        ),
    ],
    "max_pool1d": [
        case(
            "G.max_pool1d(x, 3, 1, 2)",
            [(2, 3, 8)],
            lambda x: G.max_pool1d(x, 3, 1, 2),
            lambda x: np_max_pool(x[:, :, None], (1, 3), (0, 0, 1, 1), (1, 2))[:, :, 0],
        ),
    ],
    "max_pool2d_backward": [
        case(
            "max_pool2d_backward(x, g)",
            [(1, 2, 6, 5), (1, 2, 3, 6)],
            lambda x, g: x.graph.apply1(
                "max_pool2d_backward", [x, g], {"kernel": (3, 2), "pad": (1, 0, 1, 1), "stride": (2, 1)}
            ),
            lambda x, g: adjoint(lambda t: np_max_select(x, t, (3, 2), (1, 0, 1, 1), (2, 1)), x.shape, g),
        ),
        # windows that tile the image (kernel == stride, no pad) take the elementwise lowering, also
        # when they leave trailing rows/columns out (7 → 3 and 5 → 2)
        case(
            "max_pool2d_backward(x, g)  (tiling 2×2 windows, leftover row and column)",
            [(2, 3, 7, 5), (2, 3, 3, 2)],
            lambda x, g: x.graph.apply1(
                "max_pool2d_backward", [x, g], {"kernel": (2, 2), "pad": (0, 0, 0, 0), "stride": (2, 2)}
            ),
            lambda x, g: adjoint(lambda t: np_max_select(x, t, (2, 2), (0, 0, 0, 0), (2, 2)), x.shape, g),
        ),
        case(
            "max_pool2d_backward(x, g)  (tiling 3×2 windows)",
            [(1, 2, 6, 4), (1, 2, 2, 2)],
            lambda x, g: x.graph.apply1(
                "max_pool2d_backward", [x, g], {"kernel": (3, 2), "pad": (0, 0, 0, 0), "stride": (3, 2)}
            ),
            lambda x, g: adjoint(lambda t: np_max_select(x, t, (3, 2), (0, 0, 0, 0), (3, 2)), x.shape, g),
        ),
    ],
    "max_pool2d_select": [
        case(
            "max_pool2d_select(x, t)",
            [(1, 2, 6, 5), (1, 2, 6, 5)],
            lambda x, t: x.graph.apply1(
                "max_pool2d_select", [x, t], {"kernel": (3, 2), "pad": (1, 0, 1, 1), "stride": (2, 1)}
            ),
            lambda x, t: np_max_select(x, t, (3, 2), (1, 0, 1, 1), (2, 1)),
        ),
    ],
    "avg_pool2d": [
        case(
            "G.avg_pool2d(x, (2, 2), (0, 0), (2, 2))",
            [(2, 3, 4, 6)],
            lambda x: G.avg_pool2d(x, (2, 2), (0, 0), (2, 2)),
            lambda x: np_avg_pool(x, (2, 2), (0, 0, 0, 0), (2, 2)),
        ),
        case(
            "G.avg_pool2d(x, (3, 2), (1, 0, 1, 1), (2, 1))  (padding does not count)",
            [(1, 2, 6, 5)],
            lambda x: G.avg_pool2d(x, (3, 2), (1, 0, 1, 1), (2, 1)),
            lambda x: np_avg_pool(x, (3, 2), (1, 0, 1, 1), (2, 1)),
        ),
    ],
    "average_pool2d": [
        case(
            "G.average_pool2d(x, (3, 3), (1, 1), (1, 1))  (Gorgonia's name)",
            [(1, 2, 4, 4)],
            lambda x: G.average_pool2d(x, (3, 3), (1, 1), (1, 1)),
            lambda x: np_avg_pool(x, (3, 3), (1, 1, 1, 1), (1, 1)),
        ),
    ],
    "avg_pool1d": [
        case(
            "G.avg_pool1d(x, 3, (1, 0), 2)",
            [(2, 3, 8)],
            lambda x: G.avg_pool1d(x, 3, (1, 0), 2),
            lambda x: np_avg_pool(x[:, :, None], (1, 3), (0, 0, 1, 0), (1, 2))[:, :, 0],
        ),
    ],
    "avg_pool2d_backward": [
        case(
            "avg_pool2d_backward(g)  (avg_pool2d's adjoint)",
            [(1, 2, 3, 6)],
            lambda g: g.graph.apply1(
                "avg_pool2d_backward",
                [g],
                {"kernel": (3, 2), "pad": (1, 0, 1, 1), "stride": (2, 1), "shape": (1, 2, 6, 5)},
            ),
            lambda g: adjoint(lambda x: np_avg_pool(x, (3, 2), (1, 0, 1, 1), (2, 1)), (1, 2, 6, 5), g),
        ),
    ],
    "global_average_pool2d": [
        case(
            "G.global_average_pool2d(x)",
            [(2, 3, 4, 5)],
            G.global_average_pool2d,
            lambda x: x.mean(axis=(2, 3), keepdims=True),
        ),
    ],
    "softmax": [
        case("G.softmax(x)", [(3, 5)], G.softmax, np_softmax),
        case("G.softmax(x, 0)  (rank 3)", [(4, 2, 3)], lambda x: G.softmax(x, 0), lambda x: np_softmax(x, 0)),
        case("G.softmax(x)  (|x| up to 100)", [(2, 8)], G.softmax, np_softmax, domain="wide"),
    ],
    "log_softmax": [
        case("G.log_softmax(x)", [(3, 5)], G.log_softmax, lambda x: np.log(np_softmax(x))),
        case(
            "G.log_softmax(x, 1)  (rank 3)",
            [(2, 4, 3)],
            lambda x: G.log_softmax(x, 1),
            lambda x: np.log(np_softmax(x, 1)),
        ),
        case(
            "G.log_softmax(x)  (|x| up to 100)",
            [(2, 8)],
            G.log_softmax,
            lambda x: (
                x - x.max(-1, keepdims=True) - np.log(np.exp(x - x.max(-1, keepdims=True)).sum(-1, keepdims=True))
            ),
            domain="wide",
        ),
    ],
    "sparsemax": [
        case(
            "G.sparsemax(x)  (supports of 1, 2, 4, a tie)", [(4, 4)], G.sparsemax, np_sparsemax, values=_sparse_values
        ),
        case("G.sparsemax(x, 1)  (rank 3)", [(2, 5, 3)], lambda x: G.sparsemax(x, 1), lambda x: np_sparsemax(x, 1)),
    ],
    "binary_xent": [
        case(
            "G.binary_xent(o, t)",
            [(2, 3), (2, 3)],
            G.binary_xent,
            lambda o, t: -(t * np.log(o) + (1 - t) * np.log(1 - o)),
            domain="unit",
        ),
    ],
    "cross_entropy": [
        case(
            "G.cross_entropy(z, y)  (probability targets)",
            [(4, 5), (4, 5)],
            lambda z, y: G.cross_entropy(z, G.softmax(y)),
            lambda z, y: -np.mean(np.sum(np_softmax(y) * np.log(np_softmax(z)), -1)),
        ),
        case(
            "G.cross_entropy(z, [3, 0, 4])  (class ids)",
            [(3, 5)],
            lambda z: G.cross_entropy(z, np.array([3, 0, 4])),
            lambda z: -np.mean(np.log(np_softmax(z))[np.arange(3), [3, 0, 4]]),
        ),
    ],
}

_W = {"kernel": (3, 2), "pad": (1, 0, 1, 1), "stride": (2, 1)}  # windows of a (1, 2, 5, 4) image: (1, 2, 2, 5)

GRAD_CASES = {
    "conv2d": [
        ([(1, 2, 4, 4), (3, 2, 3, 3)], {"pad": (1, 1, 1, 1), "stride": (1, 1), "dilation": (1, 1)}, [ANY, ANY], True),
        # the floor drops a row (output_padding 1 in the VJP); stride and dilation, asymmetric pad
        ([(1, 2, 6, 7), (2, 2, 2, 3)], {"pad": (1, 0, 0, 2), "stride": (2, 2), "dilation": (1, 2)}, [ANY, ANY], True),
        # one input channel (the im2col lowering)
        ([(2, 1, 5, 6), (2, 1, 2, 3)], {"pad": (1, 0, 0, 2), "stride": (2, 1), "dilation": (1, 2)}, [ANY, ANY], True),
    ],
    "conv_transpose2d": [
        (
            [(1, 3, 3, 3), (3, 2, 3, 2)],
            {"pad": (1, 0, 1, 1), "stride": (2, 1), "dilation": (1, 1), "output_padding": (1, 0)},
            [ANY, ANY],
            True,
        ),
    ],
    "im2col": [
        ([(1, 2, 4, 5)], {"kernel": (2, 3), "pad": (1, 0, 1, 1), "stride": (2, 1), "dilation": (1, 1)}, [ANY], True)
    ],
    "col2im": [
        (
            [(1, 2, 5, 12)],
            {"kernel": (2, 3), "pad": (1, 0, 1, 1), "stride": (2, 1), "dilation": (1, 1), "shape": (1, 2, 4, 5)},
            [ANY],
            True,
        )
    ],
    "max_pool2d": [
        ([(1, 2, 5, 4)], _W, [ANY], False),
        # tiling windows (the elementwise lowering of the adjoint), with a leftover row
        ([(2, 3, 5, 6)], {"kernel": (2, 2), "pad": (0, 0, 0, 0), "stride": (2, 2)}, [ANY], False),
    ],
    "max_pool2d_backward": [([(1, 2, 5, 4), (1, 2, 2, 5)], _W, [ANY, ANY], False)],
    "max_pool2d_select": [([(1, 2, 5, 4), (1, 2, 5, 4)], _W, [ANY, ANY], False)],
    "avg_pool2d": [([(1, 2, 5, 4)], _W, [ANY], True)],
    "avg_pool2d_backward": [([(1, 2, 2, 5)], {**_W, "shape": (1, 2, 5, 4)}, [ANY], True)],
    "softmax": [([(3, 4)], {"axis": -1}, [ANY], True), ([(2, 3, 2)], {"axis": 1}, [ANY], True)],
    "log_softmax": [([(3, 4)], {"axis": -1}, [ANY], True), ([(4, 3)], {"axis": 0}, [ANY], True)],
    "sparsemax": [([(3, 5)], {"axis": -1}, [ANY], False), ([(4, 3)], {"axis": 0}, [ANY], False)],
}
