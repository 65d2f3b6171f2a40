"""``gorgonia-to-linalg``: lower every ``gorgonia.*`` op to linalg / tensor / arith / math.

``LOWERINGS`` maps an op name to ``rule(operands, attrs, result_types) -> [values]``; elementwise ops
are described by their scalar body in ``SCALAR`` (one entry per op, float and int variants).
Learnables become ``util.global private mutable`` with ``__get_<sym>`` / ``__set_<sym>`` accessors.
"""

from __future__ import annotations

from collections.abc import Callable

from iree.compiler import ir, rewrite
from iree.compiler.dialects import arith, linalg
from iree.compiler.dialects import math as mmath

from ..dialect import OPS, TType
from ..irtools import walk_ops
from ..transforms.registry import register
from . import libm
from . import linalg_ir as lir
from .linalg_ir import Rule


def _int_div(x, y):
    # Integer division truncates (Go semantics); division by zero yields 0 instead of trapping.
    zero, one = lir.zero_like(y), lir.scalar_const(y.type, 1)
    is_zero = arith.cmpi(arith.CmpIPredicate.eq, y, zero)
    safe = arith.select(is_zero, one, y)
    return arith.select(is_zero, zero, arith.divsi(x, safe))


# Scalar bodies of the elementwise ops (unary and binary), keyed by op name.
SCALAR: dict[str, Callable[..., ir.Value]] = {
    "neg": lir.by_type(arith.negf, lambda x: arith.subi(lir.zero_like(x), x)),
    "square": lir.by_type(lambda x: arith.mulf(x, x), lambda x: arith.muli(x, x)),
    "rectify": lir.by_type(lambda x: arith.maximumf(x, lir.zero_like(x)), lambda x: arith.maxsi(x, lir.zero_like(x))),
    "exp": libm.exp,
    "log": mmath.log,
    "tanh": libm.tanh,
    "sigmoid": libm.sigmoid,
    "sqrt": mmath.sqrt,
    "add": lir.by_type(arith.addf, arith.addi),
    "sub": lir.by_type(arith.subf, arith.subi),
    "hadamard_prod": lir.by_type(arith.mulf, arith.muli),
    "hadamard_div": lir.by_type(arith.divf, _int_div),
    "pow": libm.pow,
}


def _constant(ins, attrs, outs):
    from ..dialect.spec import DENSE

    return [arith.constant(outs[0].to_mlir(), DENSE.to_mlir(attrs["value"]))]


def _named(builder) -> Rule:
    return lambda ins, attrs, outs: [builder(*ins, outs=[lir.filled(outs[0], 0)])]


def _outer(ins, attrs, outs):
    maps = [lir.affine_map([0], 2), lir.affine_map([1], 2), lir.affine_map([0, 1], 2)]
    return [
        lir.generic(ins, maps, lir.empty(outs[0]), [lir.PARALLEL] * 2, lambda a: SCALAR["hadamard_prod"](a[0], a[1]))
    ]


def _sum(ins, attrs, outs):
    x = ins[0]
    rank = len(lir.shape_of(x))
    along = [a % rank for a in attrs["along"]] if rank else []
    return [lir.reduce(x, along, outs[0], 0, SCALAR["add"])]


def _transpose(ins, attrs, outs):
    return [linalg.transpose(ins[0], outs=[lir.empty(outs[0])], permutation=list(attrs["perm"]))]


_CMP = {  # op → (arith.cmpf predicate, arith.cmpi predicate); une: NaN != NaN as in numpy
    "lt": ("olt", "slt"),
    "gt": ("ogt", "sgt"),
    "lte": ("ole", "sle"),
    "gte": ("oge", "sge"),
    "eq": ("oeq", "eq"),
    "ne": ("une", "ne"),
}


def _compare(name: str) -> Rule:
    pf, pi = _CMP[name]

    def rule(ins, attrs, outs):
        out_type = outs[0].dtype.mlir_type()

        def body(x, y):
            if lir.is_float(x):
                c = arith.cmpf(getattr(arith.CmpFPredicate, pf.upper()), x, y)
            else:
                # Bool (i1) orders unsigned: signed i1 reads true as -1, so true < false.
                pred = pi.replace("s", "u", 1) if str(x.type) == "i1" else pi
                c = arith.cmpi(getattr(arith.CmpIPredicate, pred), x, y)
            if not attrs.get("ret_same", False):
                return c
            return arith.select(c, lir.scalar_const(out_type, 1), lir.scalar_const(out_type, 0))

        return [lir.elementwise(ins, outs[0], body)]

    return rule


LOWERINGS: dict[str, Rule] = {
    **{name: _compare(name) for name in _CMP},
    **{name: lir.elementwise_rule(body) for name, body in SCALAR.items()},
    "constant": _constant,
    "matmul": _named(linalg.matmul),
    "matvec": _named(linalg.matvec),
    "dot": _named(linalg.dot),
    "outer_prod": _outer,
    "sum": _sum,
    "reshape": lambda ins, attrs, outs: [lir.reshape(ins[0], outs[0].shape)],
    "transpose": _transpose,
    "broadcast_to": lambda ins, attrs, outs: [lir.elementwise(ins, outs[0], lambda x: x)],
}

# Ops that need module-level work (globals, run counters) are lowered by handlers that run before the
# patterns, in registration order: ``MODULE_HANDLERS``; ``MODULE_LEVEL`` names the ops they lower.
MODULE_LEVEL: set[str] = set()
MODULE_HANDLERS: list[Callable[[ir.Operation], None]] = []


def module_level(*names: str):
    """Decorator: ``handler(module_op)`` lowers every op called ``names`` in the module."""

    def deco(fn):
        MODULE_LEVEL.update(names)
        MODULE_HANDLERS.append(fn)
        return fn

    return deco


def _pattern(name: str):
    spec, rule = OPS[name], LOWERINGS[name]

    def apply(op, rewriter):
        attrs = spec.decode_attrs(op)
        outs = [TType.from_mlir(r.type) for r in op.results]
        with rewriter.ip, op.location:
            values = rule(list(op.operands), attrs, outs)
        rewriter.replace_op(op, [lir.as_value(v) for v in values])

    return apply


@register("gorgonia-to-linalg", "lower gorgonia ops to linalg/tensor/arith/math; learnables become util.globals")
def lower_to_linalg(module_op: ir.Operation, pass_) -> None:
    """The pass body: learnables first (module-level), then one rewrite pattern per op name."""
    for handler in MODULE_HANDLERS:
        handler(module_op)
    patterns = rewrite.RewritePatternSet()
    for name in LOWERINGS:
        patterns.add(OPS[name].full_name, _pattern(name))
    rewrite.apply_patterns_and_fold_greedily(module_op, patterns.freeze())
    for op in walk_ops(module_op):
        if op.name.startswith("gorgonia."):
            op.location.emit_error(f"'{op.name}' has no lowering to linalg")
            pass_.signal_pass_failure()
            return
