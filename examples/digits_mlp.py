"""An MLP on scikit-learn's handwritten digits (8×8 images, 10 classes), trained with Adam.

Each training step (forward, backward, Adam update) is one call of a compiled IREE module; the
parameters and Adam's moments stay on the device. ``python examples/digits_mlp.py [--epochs N]``
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from sklearn.datasets import load_digits

import gorgonia_mlir as G

BATCH = 64


def load(seed: int = 0):
    """Digits scaled to [0, 1], one-hot labels, and a seeded 80/20 train/test split."""
    digits = load_digits()
    x = (digits.data / 16.0).astype(np.float32)
    y = np.eye(10, dtype=np.float32)[digits.target]
    order = np.random.default_rng(seed).permutation(len(x))
    cut = int(0.8 * len(x))
    return x[order[:cut]], y[order[:cut]], x[order[cut:]], y[order[cut:]]


def build(hidden=(256, 128)):
    """The graph: x → (linear → relu)* → linear → logits; cost = cross-entropy; gradients of every layer."""
    g = G.Graph("digits_mlp")
    x = G.matrix(g, G.Float32, shape=(BATCH, 64), name="x")
    y = G.matrix(g, G.Float32, shape=(BATCH, 10), name="y")
    h, params = x, []
    sizes = (64, *hidden, 10)
    for i, (n_in, n_out) in enumerate(zip(sizes, sizes[1:], strict=False)):
        w = G.matrix(g, G.Float32, shape=(n_in, n_out), name=f"w{i}", init=G.he_u(seed=i))
        b = G.vector(g, G.Float32, shape=(n_out,), name=f"b{i}", init=G.zeroes())
        h = h @ w + b
        if i < len(hidden):
            h = G.relu(h)
        params += [w, b]
    cost = G.cross_entropy(h, y)
    G.grad(cost, params)
    return g, x, y, h, cost


def predict(fn, data: np.ndarray) -> np.ndarray:
    """Class predictions of a compiled function with a fixed batch size (the last batch is padded)."""
    out = []
    for i in range(0, len(data), BATCH):
        chunk = data[i : i + BATCH]
        padded = np.concatenate([chunk, np.zeros((BATCH - len(chunk), *chunk.shape[1:]), chunk.dtype)])
        out.append(fn(padded)[0][: len(chunk)].argmax(1))
    return np.concatenate(out)


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=25)
    parser.add_argument("--learn-rate", type=float, default=2e-3)
    args = parser.parse_args(argv)

    x_train, y_train, x_test, y_test = load()
    g, x, y, logits, cost = build()
    start = time.perf_counter()
    machine = G.TapeMachine(g, solver=G.AdamSolver(learn_rate=args.learn_rate), outputs=[cost])
    infer = G.function([x], [logits], name="predict")
    compile_s = time.perf_counter() - start
    start = time.perf_counter()
    history = G.fit(machine, [x, y], [x_train, y_train], epochs=args.epochs, seed=0)
    train_s = time.perf_counter() - start
    accuracy = float((predict(infer, x_test) == y_test.argmax(1)).mean())
    steps = len(history.steps)
    print(
        f"digits MLP 64-256-128-10: compiled in {compile_s:.1f} s; {args.epochs} epochs ({steps} steps) in "
        f"{train_s:.1f} s ({1e3 * train_s / max(steps, 1):.2f} ms/step); final loss {history.epochs[-1]:.4f}"
    )
    print(f"test accuracy on {len(x_test)} held-out digits: {100 * accuracy:.2f}%")
    return {"accuracy": accuracy, "loss": history.epochs[-1], "graph": g, "x": x, "logits": logits, "infer": infer}


if __name__ == "__main__":
    main()
