"""MLP train step 784-512-512-10, float32, softmax cross-entropy + SGD, at batch 64 and 256.

Systems, all in this process: gorgonia-mlir (one compiled IREE call: forward + backward + update,
parameters resident on the device), PyTorch eager, JAX jit (XLA CPU), numpy hand-written backprop,
and the same JAX step exported to StableHLO and compiled by IREE (our backend, their frontend).
"""

from __future__ import annotations

import numpy as np
from common import OURS, batches, one_round, rounds_report, step_ms

import gorgonia_mlir as G

SIZES = (784, 512, 512, 10)
LR = 0.01


def init_params(seed=0):
    rng = np.random.default_rng(seed)
    params = []
    for n_in, n_out in zip(SIZES, SIZES[1:], strict=False):
        limit = np.sqrt(6 / (n_in + n_out))
        params += [rng.uniform(-limit, limit, (n_in, n_out)).astype(np.float32), np.zeros(n_out, np.float32)]
    return params


def data(batch, seed=1):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(batch, SIZES[0])).astype(np.float32)
    y = np.eye(SIZES[-1], dtype=np.float32)[rng.integers(0, SIZES[-1], batch)]
    return x, y


def ours(batch, params, x_np, y_np, **machine_kw):
    g = G.Graph("mlp_train")
    x = G.matrix(g, G.Float32, shape=(batch, SIZES[0]), name="x")
    y = G.matrix(g, G.Float32, shape=(batch, SIZES[-1]), name="y")
    nodes, h = [], x
    for i in range(0, len(params), 2):
        w = G.matrix(g, G.Float32, shape=params[i].shape, name=f"w{i}", init=params[i])
        b = G.vector(g, G.Float32, shape=params[i + 1].shape, name=f"b{i}", init=params[i + 1])
        h = h @ w + b
        if i + 2 < len(params):
            h = G.relu(h)
        nodes += [w, b]
    cost = G.cross_entropy(h, y)
    G.grad(cost, nodes)
    m = G.TapeMachine(g, solver=G.VanillaSolver(learn_rate=LR), outputs=[cost], **machine_kw)
    G.let(x, x_np)
    G.let(y, y_np)
    return m.run_all


def torch_step(params, x_np, y_np):
    import torch

    torch.manual_seed(0)
    layers = []
    for i in range(0, len(params), 2):
        lin = torch.nn.Linear(*params[i].shape)
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(params[i].T))
            lin.bias.copy_(torch.from_numpy(params[i + 1]))
        layers += [lin, torch.nn.ReLU()]
    model = torch.nn.Sequential(*layers[:-1])
    opt = torch.optim.SGD(model.parameters(), lr=LR)
    loss_fn = torch.nn.CrossEntropyLoss()
    x, y = torch.from_numpy(x_np), torch.from_numpy(y_np.argmax(1))

    def step():
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        return loss

    return step


def _jax_loss():
    import jax
    import jax.numpy as jnp

    def loss(params, x, y):
        h = x
        for i in range(0, len(params), 2):
            h = h @ params[i] + params[i + 1]
            if i + 2 < len(params):
                h = jax.nn.relu(h)
        return -jnp.mean(jnp.sum(y * jax.nn.log_softmax(h), axis=1))

    def step(params, x, y):
        value, grads = jax.value_and_grad(loss)(params, x, y)
        return [p - LR * g for p, g in zip(params, grads, strict=True)], value

    return step


def jax_step(params, x_np, y_np):
    import jax

    step = jax.jit(_jax_loss(), donate_argnums=0)
    state = {"params": [jax.device_put(p) for p in params]}
    x, y = jax.device_put(x_np), jax.device_put(y_np)

    def run():
        state["params"], value = step(state["params"], x, y)
        return value

    return run, lambda out=None: out.block_until_ready() if out is not None else None


def jax_iree_step(params, x_np, y_np):
    """The JAX step lowered to StableHLO and compiled by IREE for this CPU; parameters passed in and out."""
    import iree.compiler as ic
    import iree.runtime as rt
    import jax

    text = jax.jit(_jax_loss()).lower(params, x_np, y_np).as_text()
    vmfb = ic.compile_str(
        text, target_backends=["llvm-cpu"], input_type="stablehlo", extra_args=["--iree-llvmcpu-target-cpu=host"]
    )
    ctx = rt.SystemContext(config=rt.Config("local-task"))
    ctx.add_vm_module(rt.VmModule.copy_buffer(ctx.instance, vmfb))
    fn = ctx.modules.jit_step.main
    device = ctx.config.device
    state = {"params": [rt.asdevicearray(device, p) for p in params]}
    x, y = rt.asdevicearray(device, x_np), rt.asdevicearray(device, y_np)

    def run():
        out = fn(*state["params"], x, y)
        state["params"], value = list(out[:-1]), out[-1]
        return value

    return run, ctx


def numpy_step(params, x_np, y_np):
    p = [a.copy() for a in params]

    def step():
        acts, h = [x_np], x_np
        for i in range(0, len(p), 2):
            h = h @ p[i] + p[i + 1]
            if i + 2 < len(p):
                h = np.maximum(h, 0)
            acts.append(h)
        z = h - h.max(1, keepdims=True)
        probs = np.exp(z) / np.exp(z).sum(1, keepdims=True)
        grad = (probs - y_np) / len(x_np)
        for i in range(len(p) - 2, -1, -2):
            a = acts[i // 2]
            gw, gb = a.T @ grad, grad.sum(0)
            if i > 0:
                grad = (grad @ p[i].T) * (acts[i // 2] > 0)
            p[i] -= LR * gw
            p[i + 1] -= LR * gb
        return grad

    return step


SYSTEMS = (OURS, "torch-eager", "jax-jit", "jax→iree", "numpy")


def measure(system: str, batch: int, repeat: int = 100) -> dict:
    """Median and mean ms of one train step of ``system`` (run by ``main`` in a process of its own)."""
    params = init_params()
    x, y = data(batch)
    sync = None
    if system == OURS:
        step = ours(batch, params, x, y)
    elif system == "torch-eager":
        step = torch_step(params, x, y)
    elif system == "jax-jit":
        step, sync = jax_step(params, x, y)
    elif system == "jax→iree":
        step, _ctx = jax_iree_step(params, x, y)
    else:
        step = numpy_step(params, x, y)
    return step_ms(step, warmup=10, repeat=repeat, sync=sync)


def measure_round() -> dict:
    """One round: every system at every batch, each in a fresh process."""
    return one_round("mlp_train", SYSTEMS, batches(64, 256))


def main() -> dict:
    return rounds_report("mlp_train", measure_round)


if __name__ == "__main__":
    main()
