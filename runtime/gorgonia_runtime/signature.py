"""Function signatures carried by exported modules, and the checks made against them.

An exported function's IREE reflection dict (``iree.reflection`` on the MLIR func, read back by
``VmFunction.reflection``) holds, besides IREE's own ``iree.abi.declaration``:

- ``gorgonia.signature``: JSON ``{"inputs": [{"name", "shape", "dtype"}...], "outputs": [...]}``
- ``gorgonia.version``: the gorgonia-mlir version that exported it
- ``gorgonia.target``: the compile target (``cpu``, ``aarch64``, ``cuda:sm_80`` …)
- ``gorgonia.parameters``: the parameter scope, only when weights live in an ``.irpa`` archive
- ``gorgonia.parameter_specs``: then also JSON ``{key: {"shape", "dtype"}}`` of the parameters it reads

gorgonia-mlir's exporter writes these keys from the constants below.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np

SIGNATURE = "gorgonia.signature"
VERSION = "gorgonia.version"
TARGET = "gorgonia.target"
CPU_DRIVER = "gorgonia.cpu_driver"  # "local-sync" for small CPU modules (chosen at export), else "local-task"
PARAMETERS = "gorgonia.parameters"
PARAMETER_SPECS = "gorgonia.parameter_specs"


@dataclass(frozen=True)
class TensorSpec:
    """One input or output: its name, static shape and numpy dtype name."""

    name: str
    shape: tuple[int, ...]
    dtype: str

    def __str__(self) -> str:
        return f"{self.name}: {self.dtype}{list(self.shape)}"


@dataclass(frozen=True)
class Signature:
    """A function's inputs and outputs."""

    inputs: tuple[TensorSpec, ...]
    outputs: tuple[TensorSpec, ...]

    def to_json(self) -> str:
        def specs(items):
            return [{"name": s.name, "shape": list(s.shape), "dtype": s.dtype} for s in items]

        return json.dumps({"inputs": specs(self.inputs), "outputs": specs(self.outputs)}, separators=(",", ":"))

    @staticmethod
    def from_json(text: str) -> Signature:
        data = json.loads(text)

        def specs(items):
            return tuple(TensorSpec(d["name"], tuple(int(x) for x in d["shape"]), d["dtype"]) for d in items)

        return Signature(specs(data["inputs"]), specs(data["outputs"]))

    def __str__(self) -> str:
        ins = ", ".join(str(s) for s in self.inputs)
        outs = ", ".join(str(s) for s in self.outputs)
        return f"({ins}) -> ({outs})"


def check_inputs(function: str, signature: Signature, values, error) -> list[np.ndarray]:
    """``values`` as C-contiguous arrays matching ``signature``'s inputs, or ``error(message)`` naming the input.

    numpy arrays must have the declared dtype exactly; Python numbers and lists are converted to it.
    """
    expected = signature.inputs
    if len(values) != len(expected):
        names = ", ".join(s.name for s in expected)
        raise error(f"{function}: expects {len(expected)} input(s) ({names}), got {len(values)}")
    arrays = []
    for i, (spec, value) in enumerate(zip(expected, values, strict=True)):
        what = f"{function}: input {i} {spec.name!r}"
        if isinstance(value, (np.ndarray, np.generic)):
            arr = np.asarray(value)
            if arr.dtype != np.dtype(spec.dtype):
                raise error(f"{what} must be {spec.dtype}, got {arr.dtype}; convert it with .astype(np.{spec.dtype})")
        else:
            try:
                arr = np.asarray(value, dtype=spec.dtype)
            except (TypeError, ValueError) as exc:
                raise error(f"{what}: cannot convert {type(value).__name__} to {spec.dtype}: {exc}") from None
        if arr.shape != spec.shape:
            raise error(f"{what} must have shape {spec.shape}, got {arr.shape}")
        arrays.append(arr if arr.flags.c_contiguous else arr.copy(order="C"))  # keeps 0-d arrays 0-d
    return arrays
