"""Logistic regression on iris: tell Iris virginica from Iris versicolor from the four measurements.

``sigmoid`` + ``binary_xent`` as in Gorgonia's examples; the solver is Adam with L2 regularisation,
compiled into the train step. ``python examples/iris_logistic_regression.py [--epochs N]``
"""

from __future__ import annotations

import argparse

import numpy as np
from sklearn.datasets import load_iris

import gorgonia_mlir as G


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=100)
    args = parser.parse_args(argv)

    iris = load_iris()
    keep = iris.target > 0  # versicolor (1) vs virginica (2)
    features = iris.data[keep].astype(np.float32)
    labels = (iris.target[keep] == 2).astype(np.float32)
    features = (features - features.mean(0)) / features.std(0)
    order = np.random.default_rng(0).permutation(len(features))
    train, test = order[:80], order[80:]

    g = G.Graph("iris_logistic")
    x = G.matrix(g, G.Float32, shape=(20, 4), name="x")
    y = G.vector(g, G.Float32, shape=(20,), name="y")
    w = G.vector(g, G.Float32, shape=(4,), name="w", init=G.zeroes())
    b = G.scalar(g, G.Float32, name="b", init=G.zeroes())
    prob = G.sigmoid(G.mul(x, w) + b)
    cost = G.mean(G.binary_xent(prob, y))
    G.grad(cost, [w, b])

    machine = G.TapeMachine(g, solver=G.AdamSolver(learn_rate=0.05, l2_reg=0.02), outputs=[cost])
    history = G.fit(machine, [x, y], [features[train], labels[train]], epochs=args.epochs)
    predict = G.function([x], [prob], name="predict")
    (p,) = predict(features[test])  # the 20 held-out flowers
    accuracy = float(((p > 0.5) == labels[test]).mean())
    from sklearn.linear_model import LogisticRegression

    reference = LogisticRegression().fit(features[train], labels[train]).score(features[test], labels[test])
    print(
        f"iris logistic regression: train loss {history.epochs[-1]:.4f}, test accuracy {100 * accuracy:.1f}% "
        f"(scikit-learn's LogisticRegression on the same split: {100 * reference:.1f}%)"
    )
    print(f"w = {w.value.round(3)}, b = {float(b.value):.3f}")
    return {"loss": history.epochs[-1], "accuracy": accuracy, "sklearn_accuracy": reference}


if __name__ == "__main__":
    main()
