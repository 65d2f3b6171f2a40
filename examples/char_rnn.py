"""Gorgonia's charRNN: a character-level LSTM unrolled over a fixed length, trained on this project's docs.

The unrolled graph (T steps of LSTM cell, per-step cross-entropy, gradients of every weight, the
RMSProp update) is one compiled train step. After training, a one-step function of the same
weights samples text. ``python examples/char_rnn.py [--steps N]``
"""

from __future__ import annotations

import argparse
import pathlib
import time

import numpy as np

import gorgonia_mlir as G

ROOT = pathlib.Path(__file__).resolve().parent.parent


def corpus() -> str:
    """The text the project ships: its README and docs."""
    files = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    return "\n".join(f.read_text(encoding="utf-8") for f in files if f.exists())


class LSTM:
    """An LSTM cell with fused gate weights: z = x·Wx + h·Wh + b, split into i, f, o, g."""

    def __init__(self, g: G.Graph, vocab: int, hidden: int):
        self.hidden = hidden
        self.wx = G.matrix(g, G.Float32, shape=(vocab, 4 * hidden), name="wx", init=G.glorot_u(seed=1))
        self.wh = G.matrix(g, G.Float32, shape=(hidden, 4 * hidden), name="wh", init=G.glorot_u(seed=2))
        self.b = G.vector(g, G.Float32, shape=(4 * hidden,), name="b", init=G.zeroes())
        self.wy = G.matrix(g, G.Float32, shape=(hidden, vocab), name="wy", init=G.glorot_u(seed=3))
        self.by = G.vector(g, G.Float32, shape=(vocab,), name="by", init=G.zeroes())
        self.params = [self.wx, self.wh, self.b, self.wy, self.by]

    def step(self, x, h, c):
        n = self.hidden
        z = x @ self.wx + h @ self.wh + self.b
        i, f, o, u = (G.slice(z, None, G.S(k * n, (k + 1) * n)) for k in range(4))
        c = G.sigmoid(f) * c + G.sigmoid(i) * G.tanh(u)
        h = G.sigmoid(o) * G.tanh(c)
        return h @ self.wy + self.by, h, c


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=1500, help="training steps")
    parser.add_argument("--seq", type=int, default=16, help="unrolled length")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--hidden", type=int, default=96)
    parser.add_argument("--sample", type=int, default=200, help="characters to sample after training")
    args = parser.parse_args(argv)

    text = corpus()
    chars = sorted(set(text))
    index = {ch: i for i, ch in enumerate(chars)}
    ids = np.array([index[ch] for ch in text])
    vocab, T, B, H = len(chars), args.seq, args.batch, args.hidden  # noqa: N806 - the usual names
    eye = np.eye(vocab, dtype=np.float32)

    g = G.Graph("char_rnn")
    cell = LSTM(g, vocab, H)
    xs = [G.matrix(g, G.Float32, shape=(B, vocab), name=f"x{t}") for t in range(T)]
    ys = [G.matrix(g, G.Float32, shape=(B, vocab), name=f"y{t}") for t in range(T)]
    h = c = g.constant(np.zeros((B, H)), G.Float32)
    losses = []
    for x, y in zip(xs, ys, strict=True):
        logits, h, c = cell.step(x, h, c)
        losses.append(G.cross_entropy(logits, y))
    cost = G.mean(G.concat(0, *[G.reshape(loss, (1,)) for loss in losses]))
    G.grad(cost, cell.params)

    # one step on a batch of one, sharing the weights, for sampling
    x1 = G.matrix(g, G.Float32, shape=(1, vocab), name="x_sample")
    h1 = G.matrix(g, G.Float32, shape=(1, H), name="h_sample")
    c1 = G.matrix(g, G.Float32, shape=(1, H), name="c_sample")
    logits1, h1n, c1n = cell.step(x1, h1, c1)

    start = time.perf_counter()
    machine = G.TapeMachine(g, solver=G.RMSPropSolver(learn_rate=3e-3, rho=0.95, clip=5.0), outputs=[cost])
    sampler = G.function([x1, h1, c1], [G.softmax(logits1), h1n, c1n], name="step")
    compile_s = time.perf_counter() - start

    rng = np.random.default_rng(0)
    history = []
    start = time.perf_counter()
    for _ in range(args.steps):
        starts = rng.integers(0, len(ids) - T - 1, size=B)
        for t in range(T):
            G.let(xs[t], eye[ids[starts + t]])
            G.let(ys[t], eye[ids[starts + t + 1]])
        machine.run_all()
        history.append(float(cost.value))
    train_s = time.perf_counter() - start

    out, ch = [], index.get("T", 0)
    hv, cv = np.zeros((1, H), np.float32), np.zeros((1, H), np.float32)
    for _ in range(args.sample):
        probs, hv, cv = sampler(eye[[ch]], hv, cv)
        p = np.asarray(probs[0], dtype=np.float64)
        ch = int(rng.choice(vocab, p=p / p.sum()))
        out.append(chars[ch])
    first, last = np.mean(history[:10]), np.mean(history[-10:])
    print(
        f"char-RNN (LSTM {H}, unrolled {T}, vocab {vocab}): compiled in {compile_s:.1f} s, {args.steps} steps "
        f"in {train_s:.1f} s; loss {first:.3f} -> {last:.3f} (uniform guess: {np.log(vocab):.3f})"
    )
    print("sample:", repr("".join(out)))
    return {"first_loss": first, "last_loss": last, "sample": "".join(out)}


if __name__ == "__main__":
    main()
