"""Gorgonia's iris linear regression: predict petal width from the other three measurements.

The train step (forward, backward, SGD update) is one compiled call; the parameters live on the
device. ``python examples/iris_linear_regression.py [--epochs N]``
"""

from __future__ import annotations

import argparse

import numpy as np
from sklearn.datasets import load_iris

import gorgonia_mlir as G


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=200)
    parser.add_argument("--learn-rate", type=float, default=0.05)
    args = parser.parse_args(argv)

    data = load_iris().data.astype(np.float64)
    features, target = data[:, :3], data[:, 3:4]
    mean, std = features.mean(0), features.std(0)
    features = (features - mean) / std
    order = np.random.default_rng(0).permutation(len(data))
    train, test = order[:120], order[120:]

    g = G.Graph("iris_linear")
    x = G.matrix(g, G.Float64, shape=(30, 3), name="x")
    y = G.matrix(g, G.Float64, shape=(30, 1), name="y")
    w = G.matrix(g, G.Float64, shape=(3, 1), name="w", init=G.zeroes())
    b = G.scalar(g, G.Float64, name="b", init=G.zeroes())
    pred = x @ w + b
    cost = G.mean(G.square(pred - y))
    G.grad(cost, [w, b])

    machine = G.TapeMachine(g, solver=G.VanillaSolver(learn_rate=args.learn_rate), outputs=[cost])
    history = G.fit(machine, [x, y], [features[train], target[train]], epochs=args.epochs)

    predict = G.function([x], [pred], name="predict")
    (preds,) = predict(features[test])  # the 30 held-out flowers
    mse = float(np.mean((preds - target[test]) ** 2))
    r2 = 1 - mse / float(np.var(target[test]))
    print(f"iris linear regression: train MSE {history.epochs[-1]:.4f}, test MSE {mse:.4f}, test R² {r2:.3f}")
    print(f"w = {w.value.ravel().round(3)}, b = {float(b.value):.3f}")
    return {"train_mse": history.epochs[-1], "test_mse": mse, "r2": r2}


if __name__ == "__main__":
    main()
