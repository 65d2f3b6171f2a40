"""Constant folding (``transforms/fold.py``) against the compiled kernels: for every op in FOLDERS, a graph of
constants folded by gorgonia-canonicalize gives the same bits (NaN payloads aside) as that graph compiled with
its constants passed in as arguments, over ±0, ±inf, NaN, halves, the ends of the range and int64 values
beyond float64's precision; arithmetic near underflow is left unfolded; and the table is written without
the numpy reference the other tests check against."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

import gorgonia_mlir as G
from gorgonia_mlir import dtypes
from gorgonia_mlir.transforms import fold
from gorgonia_mlir.transforms.fold import FOLDERS

UNARY = ("neg", "square", "abs", "rectify", "sign")
FLOAT_UNARY = ("sqrt", "ceil", "floor")
BINARY = ("add", "sub", "hadamard_prod", "hadamard_div", "min_between", "max_between")
COMPARE = ("lt", "gt", "lte", "gte", "eq", "ne")
ELEMENTWISE = {*UNARY, *FLOAT_UNARY, *BINARY, *COMPARE, "conv_float", "conv_type"}
DTYPES = {d.name: d for d in (G.Float32, G.Float64, G.Int32, G.Int64, G.Bool)}


def specials(dt: np.dtype, grid: bool = False) -> np.ndarray:
    """Signed zeros, infinities, NaN, halves (rounding ties), large values and the float values where casts
    to Int32/Int64 saturate; with ``grid=False`` also the ends of the normal range (no pair of ``grid=True``
    values has a result near underflow, which no folder folds); for integers the ends of the range."""
    if dt.kind == "b":
        return np.array([False, True, True, False])
    if dt.kind == "i":
        lo, hi = np.iinfo(dt).min, np.iinfo(dt).max
        return np.array([0, 1, -1, 2, -2, 3, -3, 7, -7, 100, 12345, hi, lo, hi - 1, lo + 1], dtype=dt)
    f = np.finfo(dt)
    big = 1e30 if dt == np.float32 else 1e300  # (1/3) / big stays normal
    v = [0.0, -0.0, np.inf, -np.inf, np.nan, 1.0, -1.0, 0.5, -1.5, 2.5, -2.5, 3.0, 1 / 3, -7.25, big, -big]
    v += [2.0**31, -(2.0**31), 2.0**31 - 0.5, -(2.0**31) - 1, 2.0**63, -(2.0**63), 2.0**63 * (1 - 2.0**-24)]
    if not grid:
        v += [f.max, -f.max, f.smallest_normal, -f.smallest_normal, 1e-30, -1e-30]
    return np.array(v, dtype=np.float64).astype(dt)


def _grid(v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    # every pair of values, x along rows and y along columns
    return np.repeat(v, len(v)), np.tile(v, len(v))


def _near_underflow(dt: np.dtype) -> list[tuple[str, list[np.ndarray], dict]]:
    """Float cases no folder folds: a subnormal operand, or a result at or below the smallest normal."""
    f = np.finfo(dt)
    sub = np.array([f.smallest_subnormal, -f.smallest_subnormal], dtype=dt)
    one, tiny = np.ones(2, dtype=dt), np.full(2, f.smallest_normal, dtype=dt)
    out = [(op, [sub], {}) for op in UNARY + FLOAT_UNARY]
    out += [(op, [sub, 3 * one], {}) for op in BINARY]
    out += [(op, [sub, 0 * one], {"ret_same": False}) for op in COMPARE]
    out += [
        ("hadamard_prod", [tiny, 0.5 * one], {}),  # a subnormal result
        ("hadamard_prod", [2 * tiny, 0.5 * one], {}),  # the smallest normal: a flushing target may round below it
        ("hadamard_div", [one, np.full(2, f.max, dtype=dt)], {}),
        ("outer_prod", [sub, one], {}),
        ("conv_type", [sub], {"dtype": "i32"}),
        ("conv_float", [sub], {"dtype": "f64" if dt == np.float32 else "f32"}),
    ]
    if dt == np.float64:  # f32 subnormals and the f32 smallest normal, from normal f64 values
        out.append(("conv_float", [np.array([1e-40, 2.0**-126], dtype=dt)], {"dtype": "f32"}))
    return out


def cases(dtype: dtypes.Dtype) -> list[tuple[str, list[np.ndarray], dict, bool]]:
    """(op, constant operands, attributes, whether it folds) for the ops of FOLDERS that take ``dtype``."""
    dt = dtype.np
    v = specials(dt)
    x, y = _grid(specials(dt, grid=True))
    out: list[tuple[str, list[np.ndarray], dict]] = []
    if dtype.is_float or dtype.is_int:
        out += [(op, [v], {}) for op in UNARY]
        for op in BINARY:
            if op == "hadamard_div" and dtype.is_int:  # MIN / -1 is undefined (no fold): test_int_min_by_minus_one
                out.append((op, [x, np.where((x == np.iinfo(dt).min) & (y == -1), 1, y).astype(dt)], {}))
            else:
                out.append((op, [x, y], {}))
        out.append(("add", [v.reshape(-1, 1)[:4], v[:3]], {}))  # broadcasting both ways
        out.append(("hadamard_div", [v, v[7:8].reshape(())], {}))  # by a scalar
        out.append(("outer_prod", [x[::23], y[:23]], {}))
        out += [(op, [x, y], {"ret_same": True}) for op in COMPARE]
    if dtype.is_float:
        out += [(op, [v], {}) for op in FLOAT_UNARY]
        out.append(("conv_float", [v], {"dtype": "f64" if dt == np.float32 else "f32"}))
        out += [("conv_type", [v], {"dtype": to}) for to in ("i32", "i64")]
    if dtype.is_int:
        out += [("conv_type", [v], {"dtype": to}) for to in ("f32", "f64", "i32" if dt == np.int64 else "i64")]
    if dtype.is_bool:
        out += [("conv_type", [v], {"dtype": to}) for to in ("f32", "f64", "i32", "i64")]
    out += [(op, [x, y], {"ret_same": False}) for op in COMPARE]
    # data movement keeps every bit, subnormals included
    tiny = [np.finfo(dt).smallest_subnormal, -np.finfo(dt).smallest_subnormal] if dtype.is_float else []
    m = np.resize(np.concatenate([v, np.array(tiny, dtype=dt)]), 24).reshape(2, 3, 4)
    out += [
        ("reshape", [m], {"shape": (4, 6)}),
        ("transpose", [m], {"perm": (2, 0, 1)}),
        ("broadcast_to", [m[:1, :, :1]], {"shape": (2, 3, 4)}),
        ("slice", [m], {"offsets": (0, 1, 1), "sizes": (2, 2, 2), "strides": (1, 1, 2)}),
        ("insert_slice", [m], {"shape": (3, 5, 9), "offsets": (1, 0, 1), "strides": (1, 2, 2)}),
        ("concat", [m, m[:, :1], m[:, 1:]], {"axis": 1}),
        ("by_indices", [m, np.array([3, 0, -5, 9, 1], dtype=np.int64)], {"axis": -1}),  # out of range: clamped
    ]
    declined = _near_underflow(dt) if dtype.is_float else []
    return [(*c, True) for c in out] + [(*c, False) for c in declined]


def test_every_folder_is_tested():
    folded = {op for d in DTYPES.values() for op, _, _, folds in cases(d) if folds}
    assert folded == set(FOLDERS), f"untested folders: {sorted(set(FOLDERS) - folded)}"


def test_the_folders_decline_exactly_the_cases_near_underflow():
    for dtype in DTYPES.values():
        for op, ins, attrs, folds in cases(dtype):
            with np.errstate(all="ignore"):  # as gorgonia-canonicalize calls them
                value = FOLDERS[op](ins, attrs)
            assert (value is not None) == folds, f"{op}{attrs} on {dtype}: {ins}"


def _bits_differ(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Where a and b differ: in their bits, but any NaN equals any NaN (IEEE leaves payloads open)."""
    if a.dtype.kind != "f":
        return a != b
    uint = np.dtype(f"u{a.dtype.itemsize}")
    nan_a, nan_b = np.isnan(a), np.isnan(b)
    return (nan_a != nan_b) | (~nan_a & ~nan_b & (a.view(uint) != b.view(uint)))


@pytest.fixture(scope="module", params=list(DTYPES))
def compiled(request, tmp_path_factory):
    dtype = DTYPES[request.param]
    todo = cases(dtype)
    g = G.Graph()  # operands as constants: gorgonia-canonicalize folds every op a folder accepts
    folded = [g.apply1(op, [g.constant(a) for a in ins], attrs) for op, ins, attrs, _ in todo]
    dump = tmp_path_factory.mktemp(f"fold-{dtype.name}")
    f = G.function([], folded, dump_ir=str(dump))
    got = [np.asarray(o) for o in f()]
    f.close()
    first = next(p for p in sorted(dump.iterdir()) if "gorgonia-canonicalize" in p.name).read_text()

    h = G.Graph()  # the same ops on arguments: nothing to fold, the kernels compute them
    args, values, plain = [], [], []
    for op, ins, attrs, folds in todo:
        if not folds:
            continue
        nodes = [G.tensor(h, dtypes.from_numpy(a.dtype), shape=a.shape) for a in ins]
        args += nodes
        values += ins
        plain.append(h.apply1(op, nodes, attrs))
    f = G.function(args, plain)
    want = [np.asarray(o) for o in f(*values)]
    f.close()
    return dtype, todo, got, want, first


def test_exactly_the_accepted_ops_fold(compiled):
    dtype, todo, _, _, first = compiled
    left = Counter(line.split('"')[1] for line in first.splitlines() if '"gorgonia.' in line)
    del left["gorgonia.constant"]
    assert left == Counter(f"gorgonia.{op}" for op, _, _, folds in todo if not folds), dtype


def test_folded_values_are_the_compiled_values(compiled):
    dtype, todo, got, want, _ = compiled
    wrong = []
    done = [(case, a) for case, a in zip(todo, got, strict=True) if case[3]]
    for ((op, ins, attrs, _), a), b in zip(done, want, strict=True):
        if a.dtype != b.dtype or a.shape != b.shape:
            wrong.append(f"{op}{attrs}: folded {a.dtype}{a.shape}, compiled {b.dtype}{b.shape}")
            continue
        bad = np.argwhere(_bits_differ(a, b))
        if len(bad):
            i = tuple(int(k) for k in bad[0])
            at = [np.broadcast_to(v, a.shape)[i] for v in ins] if op in ELEMENTWISE else "as in cases()"
            first = f"first at {i}: folded {a[i]!r}, compiled {b[i]!r} (operands {at})"
            wrong.append(f"{op}{attrs}: {len(bad)} of {a.size} differ, {first}")
    assert not wrong, f"on {dtype}:\n" + "\n".join(wrong)


def test_int_min_by_minus_one_is_not_folded():
    # arith.divsi leaves MIN / -1 undefined: no constant stands for it
    for dt in (np.int32, np.int64):
        x = np.array([np.iinfo(dt).min, 6], dtype=dt)
        assert FOLDERS["hadamard_div"]([x, np.array([-1, -4], dtype=dt)], {}) is None
    np.testing.assert_array_equal(
        FOLDERS["hadamard_div"]([np.array([7, -7, 7, -7, 5], np.int32), np.array([2, 2, -2, -2, 0], np.int32)], {}),
        [3, -3, -3, 3, 0],
    )


def _imports_reference(source: str, package: str = "gorgonia_mlir.transforms") -> bool:
    """Whether ``source`` (a module of ``package``) imports gorgonia_mlir.reference or anything inside it."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(p for p in (base, node.module or "") if p)
            names = [module] + [f"{module}.{a.name}" for a in node.names]
        else:
            continue
        if any(n == "gorgonia_mlir.reference" or n.startswith("gorgonia_mlir.reference.") for n in names):
            return True
    return False


def test_transforms_never_import_the_numpy_reference():
    assert _imports_reference("from ..reference import REFERENCE")  # the check can fail
    assert _imports_reference("from .. import reference") and _imports_reference("import gorgonia_mlir.reference.nn")
    assert not _imports_reference("from ..dialect.shape import dtype_named")
    here = Path(fold.__file__).parent
    files = sorted(here.glob("*.py"))
    assert fold.__file__ in {str(p) for p in files}
    offenders = [p.name for p in files if _imports_reference(p.read_text())]
    assert not offenders, f"transforms/ must fold without the tests' numpy reference; imported by {offenders}"
