"""Gorgonia's MNIST convnet train step on 1×28×28 inputs, batch 32, float32, RMSProp-free plain SGD.

conv 3×3 ×32 → relu → maxpool 2 → dropout 0.2, conv ×64 (same), conv ×128 (same), FC 1152 → 625 → relu →
dropout 0.55 → 10, softmax cross-entropy. Systems: gorgonia-mlir, PyTorch eager, JAX jit, and the
JAX step through StableHLO → IREE. (No numpy peer: a hand-written conv backprop in numpy would measure
our numpy skills, not numpy.)
"""

from __future__ import annotations

import numpy as np
from common import OURS, one_round, rounds_report, step_ms

import gorgonia_mlir as G

BATCH, LR = 32, 0.01
CONVS = [(1, 32), (32, 64), (64, 128)]
DROPS = (0.2, 0.2, 0.2, 0.55)


def init_params(seed=0):
    rng = np.random.default_rng(seed)
    ps = [rng.normal(0, np.sqrt(2 / (cin * 9)), (cout, cin, 3, 3)).astype(np.float32) for cin, cout in CONVS]
    ps += [
        rng.normal(0, np.sqrt(2 / 1152), (1152, 625)).astype(np.float32),
        rng.normal(0, np.sqrt(2 / 625), (625, 10)).astype(np.float32),
    ]
    return ps


def data(seed=1):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(BATCH, 1, 28, 28)).astype(np.float32)
    y = np.eye(10, dtype=np.float32)[rng.integers(0, 10, BATCH)]
    return x, y


def ours(params, x_np, y_np, **kw):
    g = G.Graph("convnet")
    x = G.tensor(g, G.Float32, shape=x_np.shape, name="x")
    y = G.matrix(g, G.Float32, shape=y_np.shape, name="y")
    nodes, h = [], x
    for i in range(3):
        w = G.tensor(g, G.Float32, shape=params[i].shape, name=f"c{i}", init=params[i])
        h = G.rectify(G.conv2d(h, w, (3, 3), (1, 1), (1, 1), (1, 1)))
        h = G.dropout(G.max_pool2d(h, (2, 2), (0, 0), (2, 2)), DROPS[i], seed=i)
        nodes.append(w)
    h = G.reshape(h, (BATCH, 1152))
    w3 = G.matrix(g, G.Float32, shape=params[3].shape, name="fc0", init=params[3])
    w4 = G.matrix(g, G.Float32, shape=params[4].shape, name="fc1", init=params[4])
    h = G.dropout(G.rectify(h @ w3), DROPS[3], seed=3)
    cost = G.cross_entropy(h @ w4, y)
    G.grad(cost, nodes + [w3, w4])
    m = G.TapeMachine(g, solver=G.VanillaSolver(learn_rate=LR), outputs=[cost], **kw)
    G.let(x, x_np)
    G.let(y, y_np)
    return m.run_all


def torch_step(params, x_np, y_np):
    import torch
    import torch.nn.functional as F  # noqa: N812 - torch's convention

    ws = [torch.tensor(p, requires_grad=True) for p in params]
    opt = torch.optim.SGD(ws, lr=LR)
    x, y = torch.from_numpy(x_np), torch.from_numpy(y_np.argmax(1))

    def step():
        opt.zero_grad(set_to_none=True)
        h = x
        for i in range(3):
            h = F.dropout(F.max_pool2d(F.relu(F.conv2d(h, ws[i], padding=1)), 2), DROPS[i])
        h = F.dropout(F.relu(h.reshape(BATCH, 1152) @ ws[3]), DROPS[3])
        loss = F.cross_entropy(h @ ws[4], y)
        loss.backward()
        opt.step()
        return loss

    return step


def _jax_step():
    import jax
    import jax.numpy as jnp

    def dropout(h, p, key):
        return jnp.where(jax.random.bernoulli(key, 1 - p, h.shape), h / (1 - p), 0.0)

    def loss(ws, x, y, key):
        keys = jax.random.split(key, 4)
        h = x
        for i in range(3):
            h = jax.lax.conv_general_dilated(h, ws[i], (1, 1), ((1, 1), (1, 1)))
            h = jax.lax.reduce_window(jax.nn.relu(h), -jnp.inf, jax.lax.max, (1, 1, 2, 2), (1, 1, 2, 2), "VALID")
            h = dropout(h, DROPS[i], keys[i])
        h = dropout(jax.nn.relu(h.reshape(BATCH, 1152) @ ws[3]), DROPS[3], keys[3])
        return -jnp.mean(jnp.sum(y * jax.nn.log_softmax(h @ ws[4]), axis=1))

    def step(ws, x, y, key):
        value, grads = jax.value_and_grad(loss)(ws, x, y, key)
        return [w - LR * g for w, g in zip(ws, grads, strict=True)], value

    return step


def jax_step(params, x_np, y_np):
    import jax

    step = jax.jit(_jax_step(), donate_argnums=0)
    state = {"ws": [jax.device_put(p) for p in params], "key": jax.random.PRNGKey(0)}
    x, y = jax.device_put(x_np), jax.device_put(y_np)

    def run():
        state["key"], sub = jax.random.split(state["key"])
        state["ws"], value = step(state["ws"], x, y, sub)
        return value

    return run, lambda out=None: out.block_until_ready() if out is not None else None


def jax_iree_step(params, x_np, y_np):
    import iree.compiler as ic
    import iree.runtime as rt
    import jax

    key = np.asarray(jax.random.key_data(jax.random.PRNGKey(0)))
    text = jax.jit(_jax_step()).lower(params, x_np, y_np, jax.random.PRNGKey(0)).as_text()
    vmfb = ic.compile_str(
        text,
        target_backends=["llvm-cpu"],
        input_type="stablehlo",
        extra_args=["--iree-llvmcpu-target-cpu=host", "--iree-global-opt-use-im2col-for-convs"],
    )
    ctx = rt.SystemContext(config=rt.Config("local-task"))
    ctx.add_vm_module(rt.VmModule.copy_buffer(ctx.instance, vmfb))
    fn = ctx.modules.jit_step.main
    device = ctx.config.device
    state = {"ws": [rt.asdevicearray(device, p) for p in params]}
    x, y, k = rt.asdevicearray(device, x_np), rt.asdevicearray(device, y_np), rt.asdevicearray(device, key)

    def run():
        out = fn(*state["ws"], x, y, k)
        state["ws"], value = list(out[:-1]), out[-1]
        return value

    return run, ctx


SYSTEMS = (OURS, "torch-eager", "jax-jit", "jax→iree")


def measure(system: str, repeat: int = 60) -> dict:
    """Median and mean ms of one train step of ``system`` (run by ``main`` in a process of its own)."""
    params = init_params()
    x, y = data()
    sync = None
    if system == OURS:
        step = ours(params, x, y)
    elif system == "torch-eager":
        step = torch_step(params, x, y)
    elif system == "jax-jit":
        step, sync = jax_step(params, x, y)
    else:
        step, _ctx = jax_iree_step(params, x, y)
    return step_ms(step, warmup=10, repeat=repeat, sync=sync)


def measure_round() -> dict:
    """One round: every system, each in a fresh process."""
    return one_round("convnet_train", SYSTEMS, {f"batch {BATCH}": {}})


def main() -> dict:
    return rounds_report("convnet_train", measure_round)


if __name__ == "__main__":
    main()
