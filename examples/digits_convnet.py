"""Gorgonia's convnet, scaled to scikit-learn's 8×8 digits: three 3×3 conv layers (32, 64, 128) with relu,
2×2 max-pooling and dropout, then 128 → 625 → 10. Trained with RMSProp as in Gorgonia's example.

``python examples/digits_convnet.py [--epochs N]``
"""

from __future__ import annotations

import argparse
import time

from digits_mlp import BATCH, load, predict

import gorgonia_mlir as G


def build(dropout=(0.2, 0.2, 0.2, 0.55)):
    g = G.Graph("digits_convnet")
    x = G.tensor(g, G.Float32, shape=(BATCH, 1, 8, 8), name="x")
    y = G.matrix(g, G.Float32, shape=(BATCH, 10), name="y")
    params, h = [], x
    for i, (c_in, c_out) in enumerate([(1, 32), (32, 64), (64, 128)]):
        w = G.tensor(g, G.Float32, shape=(c_out, c_in, 3, 3), name=f"conv{i}", init=G.glorot_n(seed=i))
        h = G.rectify(G.conv2d(h, w, (3, 3), (1, 1), (1, 1), (1, 1)))
        h = G.max_pool2d(h, (2, 2), (0, 0), (2, 2))  # 8 → 4 → 2 → 1
        h = G.dropout(h, dropout[i], seed=10 + i)
        params.append(w)
    h = G.reshape(h, (BATCH, 128))
    w3 = G.matrix(g, G.Float32, shape=(128, 625), name="fc0", init=G.glorot_n(seed=3))
    w4 = G.matrix(g, G.Float32, shape=(625, 10), name="fc1", init=G.glorot_n(seed=4))
    h = G.dropout(G.rectify(h @ w3), dropout[3], seed=13)
    logits = h @ w4
    params += [w3, w4]
    cost = G.cross_entropy(logits, y)
    G.grad(cost, params)
    return g, x, y, logits, cost


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--learn-rate", type=float, default=1e-3)
    args = parser.parse_args(argv)

    x_train, y_train, x_test, y_test = load()
    x_train, x_test = x_train.reshape(-1, 1, 8, 8), x_test.reshape(-1, 1, 8, 8)
    g, x, y, logits, cost = build()
    start = time.perf_counter()
    machine = G.TapeMachine(g, solver=G.RMSPropSolver(learn_rate=args.learn_rate, rho=0.9), outputs=[cost])
    evaluate = G.TapeMachine(g, outputs=[logits], eval_mode=True)  # dropout off
    compile_s = time.perf_counter() - start
    start = time.perf_counter()
    history = G.fit(machine, [x, y], [x_train, y_train], epochs=args.epochs, seed=0)
    train_s = time.perf_counter() - start

    def forward(batch):
        G.let(x, batch)
        evaluate.run_all()
        return [logits.value]

    accuracy = float((predict(forward, x_test) == y_test.argmax(1)).mean())
    steps = len(history.steps)
    print(
        f"digits convnet: compiled in {compile_s:.1f} s; {args.epochs} epochs ({steps} steps) in {train_s:.1f} s "
        f"({1e3 * train_s / max(steps, 1):.2f} ms/step); final loss {history.epochs[-1]:.4f}"
    )
    print(f"test accuracy on {len(x_test)} held-out digits: {100 * accuracy:.2f}%")
    return {"accuracy": accuracy, "loss": history.epochs[-1]}


if __name__ == "__main__":
    main()
