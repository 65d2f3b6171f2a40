"""Per-workload IREE flags, chosen from the lowered IR (``compile_module(auto_flags=True)``, the default).

Measured on this project's 2-core AVX-512 machine (bench/, DESIGN.md):

- convolutions get no global flag: ``--iree-global-opt-use-im2col-for-convs`` only paid for convolutions
  of one input channel (32×1×28×28 → 32: 1.36 → 0.14 ms) and cost up to 2.7× on wide ones (Cin = 128),
  so the lowering unfolds exactly those itself and runs the others channels-last (``lowering/nn.py``:
  ``_conv``);
- large matmuls: data tiling + microkernels (MLP 784-512-512-10 train step at batch 256: 3.5 → 2.4 ms),
  which cost time on small ones (batch 64: 0.82 → 0.91 ms), hence a size threshold, applied per matmul:
  only the matmuls above it are data-tiled (the MNIST convnet step, where only the two filter-gradient
  matmuls pass it: 85 → 70 dispatches, 9.2 → 8.7 ms of dispatch time at best, against tiling all nine);
- matmuls of constant weights (exported modules bake them in) are data-tiled at any size: IREE packs the
  weights once, at load time (the exported MLP 784-512-512-10 at batch 1: 0.084 → 0.049 ms a call on
  local-sync; at batch 64: 0.49 → 0.28 ms on local-task, in iree-benchmark-module).

Only CPU (llvm-cpu) targets get these; explicit ``flags=`` are always added after them.
"""

from __future__ import annotations

from iree.compiler import ir

from .irtools import walk_ops

DATA_TILING = ("--iree-opt-data-tiling", "--iree-llvmcpu-enable-ukernels=all")
# Multiply-accumulates of a matmul above which data tiling pays (between the measured 784×512 at
# batch 64 — 25.7M, slower — and at batch 256 — 103M, faster).
DATA_TILING_MACS = 50_000_000
DATA_TILING_HINT = "iree.opt.data_tiling"

_CONVS = ("linalg.conv_2d_nchw_fchw", "linalg.conv_2d_nhwc_hwcf", "linalg.conv_1d_ncw_fcw")
_MATMULS = ("linalg.matmul", "linalg.batch_matmul")


def _shape(v: ir.Value) -> list[int]:
    return list(ir.RankedTensorType(v.type).shape)


def matmul_macs(op: ir.Operation) -> int:
    """Multiply-accumulates of a (batch_)matmul: batch·M·N·K."""
    a, b = (_shape(v) for v in list(op.operands)[:2])
    out = _shape(op.results[0])
    k = a[-1] if a[-2] == out[-2] else a[-2]  # transposed-A forms keep K first
    batch = out[0] if len(out) == 3 else 1
    return batch * out[-2] * out[-1] * k


def _constants(module: ir.Module) -> set[str]:
    """The symbols of the immutable globals with an initial value (weights baked in at export)."""
    return {
        ir.StringAttr(op.attributes["sym_name"]).value
        for op in module.body.operations
        if op.operation.name == "util.global"
        and "is_mutable" not in op.operation.attributes
        and "initial_value" in op.operation.attributes
    }


_SHAPE_ONLY = ("tensor.reshape", "tensor.collapse_shape", "tensor.expand_shape", "linalg.transpose")


def _is_constant(v: ir.Value, constants: set[str]) -> bool:
    """Whether ``v`` is a constant or a baked weight, up to reshapes and transposes."""
    while not isinstance(v.owner, ir.Block):
        op = v.owner.operation
        if op.name == "arith.constant":
            return True
        if op.name == "util.global.load":
            return ir.FlatSymbolRefAttr(op.attributes["global"]).value in constants
        if op.name not in _SHAPE_ONLY:
            return False
        v = op.operands[0]
    return False


def choose(module: ir.Module, backend: str) -> tuple[str, ...]:
    """The flags this workload should get on ``backend``.

    Marks each matmul worth data-tiling with ``iree.opt.data_tiling``: once any op carries that hint,
    IREE's data tiling leaves the unmarked ones alone (their pack/unpack dispatches cost more than
    they gain). Worth it: matmuls of ``DATA_TILING_MACS`` or more, and matmuls of a constant operand
    at any size (IREE packs constants once, when the module loads)."""
    if backend != "llvm-cpu":
        return ()
    constants = _constants(module)
    marked = [
        op
        for op in walk_ops(module.operation)
        if op.name in _MATMULS
        and (matmul_macs(op) >= DATA_TILING_MACS or any(_is_constant(v, constants) for v in list(op.operands)[:2]))
    ]
    for op in marked:
        op.attributes[DATA_TILING_HINT] = ir.UnitAttr.get(module.context)
    return DATA_TILING if marked else ()


# Below this many multiply-accumulates per call, IREE's synchronous CPU driver beats the task pool:
# the exported MLP 784-512-512-10 at batch 1 (0.67M MACs) ran in 0.087 ms on local-sync against
# 0.134 ms on local-task; at batch 64 (42M MACs) the pool wins.
SYNC_MACS = 2_000_000
CPU_DRIVER = "gorgonia.cpu_driver"  # the reflection key gorgonia_runtime reads


def cpu_driver(module: ir.Module) -> str:
    """The runtime driver an exported CPU module should run on: ``local-sync`` for small work."""
    macs = [matmul_macs(op) for op in walk_ops(module.operation) if op.name in _MATMULS]
    heavy = any(op.name in _CONVS for op in walk_ops(module.operation))
    return "local-sync" if not heavy and sum(macs) < SYNC_MACS else "local-task"
