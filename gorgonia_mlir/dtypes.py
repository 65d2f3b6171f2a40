"""Element types of graph nodes: Gorgonia's ``Float32``, ``Float64``, ``Int32``, ``Int64``, ``Bool``."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from iree.compiler import ir


@dataclass(frozen=True)
class Dtype:
    """An element type, known to numpy and to MLIR.

    >>> Float64.np
    dtype('float64')
    >>> Float32.mlir_name
    'f32'
    """

    name: str
    np: np.dtype
    mlir_name: str

    @property
    def is_float(self) -> bool:
        return self.mlir_name.startswith("f")

    @property
    def is_int(self) -> bool:
        return self.mlir_name in ("i32", "i64")

    @property
    def is_bool(self) -> bool:
        return self.mlir_name == "i1"

    def mlir_type(self) -> ir.Type:
        """The MLIR element type (needs an active ``ir.Context``)."""
        return ir.Type.parse(self.mlir_name)

    def __repr__(self) -> str:
        return self.name


Float32 = Dtype("Float32", np.dtype(np.float32), "f32")
Float64 = Dtype("Float64", np.dtype(np.float64), "f64")
Int32 = Dtype("Int32", np.dtype(np.int32), "i32")
Int64 = Dtype("Int64", np.dtype(np.int64), "i64")
Bool = Dtype("Bool", np.dtype(np.bool_), "i1")

ALL = (Float32, Float64, Int32, Int64, Bool)
_BY_MLIR = {d.mlir_name: d for d in ALL}
_BY_NP = {d.np: d for d in ALL}


def from_mlir(t: ir.Type) -> Dtype:
    """The Dtype of an MLIR element type (``f32`` → ``Float32``)."""
    try:
        return _BY_MLIR[str(t)]
    except KeyError:
        raise TypeError(f"unsupported MLIR element type {t}") from None


def from_numpy(dt) -> Dtype:
    """The Dtype of a numpy dtype (``np.float32`` → ``Float32``)."""
    try:
        return _BY_NP[np.dtype(dt)]
    except KeyError:
        raise TypeError(f"unsupported numpy dtype {np.dtype(dt)}") from None
