"""A 2-layer MLP forward pass: built as a graph, compiled by MLIR + IREE, run, and checked against numpy.

Run it with ``python examples/mlp.py`` (or ``make demo``).
"""

import time

import numpy as np

import gorgonia_mlir as G

BATCH, IN, HIDDEN, OUT = 8, 64, 32, 10

# 1. Build the graph: every line adds ops of the `gorgonia` MLIR dialect.
g = G.Graph("mlp")
x = G.matrix(g, G.Float32, shape=(BATCH, IN), name="x")
w1 = G.matrix(g, G.Float32, shape=(IN, HIDDEN), name="w1", init=G.glorot_u(seed=1))
b1 = G.vector(g, G.Float32, shape=(HIDDEN,), name="b1", init=G.values_of(0.1))
w2 = G.matrix(g, G.Float32, shape=(HIDDEN, OUT), name="w2", init=G.glorot_u(seed=2))
b2 = G.vector(g, G.Float32, shape=(OUT,), name="b2", init=G.zeroes())

hidden = G.relu(x @ w1 + b1)  # (8, 64) @ (64, 32) + (32,) broadcasts over the batch
logits = hidden @ w2 + b2  # (8, 10), no softmax
score = G.mean(G.tanh(logits))  # a scalar summary

text = G.to_mlir(g).splitlines()
print(f"The graph in the gorgonia dialect ({len(text)} lines), first lines:")
print("\n".join(text[:8]) + "\n  ...\n")

# 2. Compile: verify -> lower to linalg -> canonicalize/cse -> IREE (llvm-cpu, host CPU).
start = time.perf_counter()
machine = G.TapeMachine(g)
print(f"compiled in {time.perf_counter() - start:.2f} s with passes {', '.join(machine.compiled.passes)}\n")

# 3. Run it.
data = np.random.default_rng(0).standard_normal((BATCH, IN)).astype(np.float32)
G.let(x, data)
machine.run_all()

# 4. The same computation in numpy.
h_np = np.maximum(data @ w1.value + b1.value, 0)
logits_np = h_np @ w2.value + b2.value
score_np = np.tanh(logits_np).mean()

np.set_printoptions(precision=4, suppress=True, linewidth=120)
print("logits[:2] (IREE):", logits.value[:2], sep="\n")
print("logits[:2] (numpy):", logits_np[:2], sep="\n")
print(f"\nmean(tanh(logits)): IREE {score.value:.6f}, numpy {score_np:.6f}")
diff = max(np.abs(logits.value - logits_np).max(), abs(score.value - score_np))
print(f"max abs difference: {diff:.2e}")
machine.close()
