"""Lowering of the random source ops: a counter-based generator, no state but one run counter.

Every element is ``splitmix64(key + index·γ)`` with ``key = splitmix64(seed ⊕ splitmix64(run))``: the
same seed reproduces the same stream in a fresh module, and ``@__rng_step`` (a mutable global,
incremented by every function that draws) gives fresh values on each run. Uniforms take the top 53
bits (f64), or 24 bits of a 32-bit splitmix32 stream (f32, cheaper: dropout draws one per
activation); normals use Acklam's inverse normal CDF (relative error < 1.2e-9); binomials count
``trials`` Bernoulli draws in an ``scf.for``.
"""

from __future__ import annotations

import numpy as np
from iree.compiler import ir
from iree.compiler.dialects import arith, linalg, scf, tensor, util
from iree.compiler.dialects import math as mmath

from ..dialect.random import RANDOM_OPS
from ..dialect.spec import TType
from ..irtools import attrs_of, short_name, walk_ops
from . import linalg_ir as lir
from .libm import horner
from .to_linalg import module_level

STEP = "__rng_step"
GAMMA = 0x9E3779B97F4A7C15
MIX1 = 0xBF58476D1CE4E5B9
MIX2 = 0x94D049BB133111EB

# Acklam's rational approximation of the inverse normal CDF (highest degree first).
_A = (
    -3.969683028665376e01,
    2.209460984245205e02,
    -2.759285104469687e02,
    1.383577518672690e02,
    -3.066479806614716e01,
    2.506628277459239e00,
)
_B = (
    -5.447609879822406e01,
    1.615858368580409e02,
    -1.556989798598866e02,
    6.680131188771972e01,
    -1.328068155288572e01,
    1.0,
)
_C = (
    -7.784894002430293e-03,
    -3.223964580411365e-01,
    -2.400758277161838e00,
    -2.549671010050395e00,
    4.374664141464968e00,
    2.938163982698783e00,
)
_D = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e00, 3.754408661907416e00, 1.0)
_P_LOW = 0.02425


def _i64(v: int) -> ir.Value:
    v &= (1 << 64) - 1
    return arith.constant(ir.IntegerType.get_signless(64), v - (1 << 64) if v >= 1 << 63 else v)


def _f64(v: float) -> ir.Value:
    return arith.constant(ir.F64Type.get(), float(v))


def splitmix64(x: ir.Value) -> ir.Value:
    """One splitmix64 output for state ``x`` (wrapping i64 arithmetic)."""
    z = arith.addi(x, _i64(GAMMA))
    z = arith.muli(arith.xori(z, arith.shrui(z, _i64(30))), _i64(MIX1))
    z = arith.muli(arith.xori(z, arith.shrui(z, _i64(27))), _i64(MIX2))
    return arith.xori(z, arith.shrui(z, _i64(31)))


def _bits(key: ir.Value, index: ir.Value) -> ir.Value:
    return splitmix64(arith.addi(key, arith.muli(index, _i64(GAMMA))))


def _unit_f64(bits: ir.Value, open_interval: bool) -> ir.Value:
    """A double in [0, 1) from the top 53 bits ((0, 1) with ``open_interval``)."""
    u = arith.sitofp(ir.F64Type.get(), arith.shrui(bits, _i64(11)))
    if open_interval:
        u = arith.addf(u, _f64(0.5))
    return arith.mulf(u, _f64(2.0**-53))


def _inverse_normal_cdf(u: ir.Value) -> ir.Value:
    # Central region: rational in r = (u-½)²; tails: rational in q = sqrt(-2 log(tail)).
    q = arith.subf(u, _f64(0.5))
    r = arith.mulf(q, q)
    central = arith.divf(arith.mulf(horner(_A[::-1], r), q), horner(_B[::-1], r))
    tail = arith.minimumf(u, arith.subf(_f64(1.0), u))
    qt = mmath.sqrt(arith.mulf(_f64(-2.0), mmath.log(tail)))
    low = arith.divf(horner(_C[::-1], qt), horner(_D[::-1], qt))
    tails = arith.select(arith.cmpf(arith.CmpFPredicate.OLT, u, _f64(0.5)), low, arith.negf(low))
    in_tail = arith.cmpf(arith.CmpFPredicate.OLT, tail, _f64(_P_LOW))
    return arith.select(in_tail, tails, central)


def _linear_index(shape) -> ir.Value:
    idx = _i64(0)
    for d, size in enumerate(shape):
        i = arith.index_cast(ir.IntegerType.get_signless(64), linalg.IndexOp(d).result)
        idx = arith.addi(arith.muli(idx, _i64(size)), i)
    return idx


def _to(etype: ir.Type, v64: ir.Value) -> ir.Value:
    return v64 if str(etype) == "f64" else arith.truncf(etype, v64)


def _i32(v: int) -> ir.Value:
    v &= (1 << 32) - 1
    return arith.constant(ir.IntegerType.get_signless(32), v - (1 << 32) if v >= 1 << 31 else v)


def _uniform_f32(key: ir.Value, shape) -> ir.Value:
    """float32 uniforms in [0, 1) from 32-bit arithmetic (splitmix32 of a Weyl sequence): the top 24
    bits are all a float32 can hold, and 32-bit multiplies vectorise twice as wide as 64-bit ones."""
    i32 = ir.IntegerType.get_signless(32)
    idx = arith.trunci(i32, _linear_index(shape))
    key32 = arith.trunci(i32, arith.xori(key, arith.shrui(key, _i64(32))))
    z = arith.addi(key32, arith.muli(idx, _i32(0x9E3779B9)))
    z = arith.muli(arith.xori(z, arith.shrui(z, _i32(16))), _i32(0x85EBCA6B))
    z = arith.muli(arith.xori(z, arith.shrui(z, _i32(13))), _i32(0xC2B2AE35))
    z = arith.xori(z, arith.shrui(z, _i32(16)))
    f32 = ir.F32Type.get()
    return arith.mulf(arith.uitofp(f32, arith.shrui(z, _i32(8))), arith.constant(f32, 2.0**-24))


def _sample(name: str, attrs: dict, key: ir.Value, etype: ir.Type, shape) -> ir.Value:
    if name == "uniform_random" and str(etype) == "f32":
        low = arith.constant(etype, attrs["low"])
        return arith.addf(
            low, arith.mulf(arith.constant(etype, attrs["high"] - attrs["low"]), _uniform_f32(key, shape))
        )
    idx = _linear_index(shape)
    if name == "uniform_random":
        u = _unit_f64(_bits(key, idx), open_interval=False)
        return _to(etype, arith.addf(_f64(attrs["low"]), arith.mulf(_f64(attrs["high"] - attrs["low"]), u)))
    if name == "gaussian_random":
        z = _inverse_normal_cdf(_unit_f64(_bits(key, idx), open_interval=True))
        return _to(etype, arith.addf(_f64(attrs["mean"]), arith.mulf(_f64(attrs["stdev"]), z)))
    trials = int(attrs["trials"])
    index_t = ir.IndexType.get()
    loop = scf.ForOp(
        arith.constant(index_t, 0), arith.constant(index_t, trials), arith.constant(index_t, 1), [_f64(0.0)]
    )
    with ir.InsertionPoint(loop.body):
        t = arith.index_cast(ir.IntegerType.get_signless(64), loop.induction_variable)
        draw = arith.addi(arith.muli(idx, _i64(trials)), t)
        hit = arith.cmpf(arith.CmpFPredicate.OLT, _unit_f64(_bits(key, draw), False), _f64(attrs["prob"]))
        count = arith.addf(loop.inner_iter_args[0], arith.uitofp(ir.F64Type.get(), hit))
        scf.YieldOp([count])
    return _to(etype, loop.results[0])


def _lower_one(op: ir.Operation, step: ir.Value) -> None:
    name, attrs = short_name(op), attrs_of(op)
    out = TType.from_mlir(op.results[0].type)
    etype = out.dtype.mlir_type()
    with ir.InsertionPoint(op), op.location:
        key = splitmix64(arith.xori(_i64(attrs["seed"]), splitmix64(step)))
        rank = len(out.shape)
        identity = ir.AffineMapAttr.get(ir.AffineMap.get_identity(rank))
        value = lir.generic(
            [],
            [identity],
            lir.empty(out),
            [lir.PARALLEL] * rank,
            lambda args: _sample(name, attrs, key, etype, out.shape),
        )
    op.results[0].replace_all_uses_with(value)
    op.erase()


@module_level(*RANDOM_OPS)
def lower_random(module_op: ir.Operation) -> None:
    """Random ops → generics over a per-run key; functions that draw advance ``@__rng_step``."""
    body = module_op.regions[0].blocks[0]
    by_func: dict[int, tuple] = {}
    for fn in body.operations:
        if fn.operation.name != "func.func":
            continue
        ops = [op for op in walk_ops(fn) if short_name(op) in RANDOM_OPS]
        if ops:
            by_func[id(fn)] = (fn, ops)
    if not by_func:
        return
    step_t = ir.RankedTensorType.get([], ir.IntegerType.get_signless(64))
    with ir.InsertionPoint(body.operations[0]):
        util.GlobalOp(
            STEP,
            ir.TypeAttr.get(step_t),
            sym_visibility="private",
            is_mutable=True,
            initial_value=ir.DenseElementsAttr.get(np.array(0, dtype=np.int64), type=step_t),
        )
    for fn, ops in by_func.values():
        entry = fn.regions[0].blocks[0]
        with ir.InsertionPoint(entry.operations[0]), ir.Location.unknown():
            step = tensor.extract(util.GlobalLoadOp(step_t, STEP).result, [])
        for ret in [o for o in walk_ops(fn) if o.name == "func.return"]:
            with ir.InsertionPoint(ret), ir.Location.unknown():
                nxt = tensor.from_elements(step_t, [arith.addi(step, _i64(1))])
                util.GlobalStoreOp(nxt, STEP)
        for op in ops:
            _lower_one(op, step)
