"""The shape of an op specification: typed operands, attributes, result-type inference.

Kept close to ``mlir.dialects.ext`` (typed operand/result/attribute fields) so that a later move to
an in-process IRDL dialect is mechanical.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from iree.compiler import ir

from .. import dtypes as dt


class ShapeError(Exception):
    """Raised by inference rules; turned into GraphError (builder) or a diagnostic (verify pass)."""


@dataclass(frozen=True)
class TType:
    """A ranked tensor type as plain Python: shape tuple and Dtype. Rank 0 is a scalar."""

    shape: tuple[int, ...]
    dtype: dt.Dtype

    def to_mlir(self) -> ir.RankedTensorType:
        return ir.RankedTensorType.get(list(self.shape), self.dtype.mlir_type())

    @staticmethod
    def from_mlir(t: ir.Type) -> TType:
        rt = ir.RankedTensorType(t)
        return TType(tuple(rt.shape), dt.from_mlir(rt.element_type))

    def __str__(self) -> str:
        return f"{self.dtype}{list(self.shape)}"


@dataclass(frozen=True)
class AttrKind:
    """How a Python attribute value maps to an MLIR attribute and to an IRDL base constraint."""

    name: str
    irdl_base: str
    to_mlir: Callable[[object], ir.Attribute]
    from_mlir: Callable[[ir.Attribute], object]


def _i64(v):
    return ir.IntegerAttr.get(ir.IntegerType.get_signless(64), int(v))


I64 = AttrKind("i64", "#builtin.integer", _i64, lambda a: ir.IntegerAttr(a).value)
F64 = AttrKind(
    "f64",
    "#builtin.float",
    lambda v: ir.FloatAttr.get(ir.F64Type.get(), float(v)),
    lambda a: ir.FloatAttr(a).value,
)
# BoolAttr is an IntegerAttr of type i1: IRDL knows it as builtin.integer (there is no builtin.bool).
BOOL = AttrKind("bool", "#builtin.integer", lambda v: ir.BoolAttr.get(bool(v)), lambda a: ir.BoolAttr(a).value)
STR = AttrKind("str", "#builtin.string", lambda v: ir.StringAttr.get(str(v)), lambda a: ir.StringAttr(a).value)
I64_ARRAY = AttrKind(
    "i64_array",
    "#builtin.dense_array",
    lambda v: ir.DenseI64ArrayAttr.get([int(x) for x in v]),
    lambda a: tuple(ir.DenseI64ArrayAttr(a)),
)

I32_ARRAY = AttrKind(
    "i32_array",
    "#builtin.dense_array",
    lambda v: ir.DenseI32ArrayAttr.get([int(x) for x in v]),
    lambda a: tuple(ir.DenseI32ArrayAttr(a)),
)


def _dense_to_mlir(value: np.ndarray) -> ir.Attribute:
    value = np.asarray(value)
    ttype = TType(value.shape, dt.from_numpy(value.dtype)).to_mlir()
    if value.size > 1 and np.all(value == value.flat[0]):  # splat: O(1) in the IR, whatever the shape
        first = value.flat[0]
        etype = ttype.element_type
        if value.dtype == np.bool_:
            elem = ir.BoolAttr.get(bool(first))
        elif value.dtype.kind == "f":
            elem = ir.FloatAttr.get(etype, float(first))
        else:
            elem = ir.IntegerAttr.get(etype, int(first))
        return ir.DenseElementsAttr.get_splat(ttype, elem)
    # Bool arrays too: the bindings pack them to i1 themselves (pre-packed bytes read as a splat).
    return ir.DenseElementsAttr.get(np.ascontiguousarray(value), type=ttype)


def _dense_from_mlir(a: ir.Attribute) -> np.ndarray:
    d = ir.DenseElementsAttr(a)
    t = TType.from_mlir(d.type)
    if d.is_splat:
        scalar = d.get_splat_value()
        v = (
            ir.BoolAttr(scalar).value
            if t.dtype.is_bool
            else (ir.FloatAttr(scalar).value if t.dtype.is_float else ir.IntegerAttr(scalar).value)
        )
        return np.full(t.shape, v, dtype=t.dtype.np)
    if t.dtype.is_bool:
        return np.array([bool(x) for x in ir.DenseIntElementsAttr(a)]).reshape(t.shape)
    return np.array(d, dtype=t.dtype.np).reshape(t.shape)


# `dense<...>` int/float elements are builtin.dense_typed_elements in IREE 3.13's MLIR (no dense_int_or_fp_elements).
DENSE = AttrKind("dense", "#builtin.dense_typed_elements", _dense_to_mlir, _dense_from_mlir)


@dataclass(frozen=True)
class Operand:
    """A named operand; ``variadic`` operands take any number of tensors."""

    name: str
    variadic: bool = False


@dataclass(frozen=True)
class OpSpec:
    """One op of the ``gorgonia`` dialect.

    ``infer(operand_types, attrs) -> list[TType]`` computes result types and raises ShapeError
    for invalid combinations; it is both the builder's type inference and the verifier.
    """

    name: str
    operands: tuple[Operand, ...]
    attrs: dict[str, AttrKind]
    infer: Callable[[list[TType], dict], list[TType]]
    summary: str
    kind: str  # unary | binary | reduction | contraction | shape | source | autodiff
    num_results: int = 1  # -1: as many as inferred (e.g. one gradient per wrt)
    differentiable: bool = True
    optional_attrs: frozenset[str] = field(default_factory=frozenset)

    @property
    def full_name(self) -> str:
        return f"gorgonia.{self.name}"

    def decode_attrs(self, op: ir.Operation) -> dict:
        """The op's attributes as Python values (missing required attribute → ShapeError)."""
        out = {}
        for key, kind in self.attrs.items():
            if key not in op.attributes:
                if key in self.optional_attrs:
                    continue
                raise ShapeError(f"missing attribute '{key}'")
            try:
                out[key] = kind.from_mlir(op.attributes[key])
            except (ValueError, TypeError) as exc:
                raise ShapeError(f"attribute '{key}' must be {kind.name}: {exc}") from None
        return out
