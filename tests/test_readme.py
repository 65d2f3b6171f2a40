"""The README's examples run, its quick start matches the Makefile, its op list matches the dialect."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import gorgonia_mlir as G
from gorgonia_mlir.dialect import OPS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def code_blocks(lang: str) -> list[tuple[int, str]]:
    """(line number, code) of every fenced block of ``lang`` in the README."""
    blocks = []
    for m in re.finditer(rf"^```{lang}\n(.*?)^```", README, re.S | re.M):
        blocks.append((README[: m.start()].count("\n") + 2, m.group(1)))
    return blocks


PYTHON = code_blocks("python")


def test_readme_has_python_examples():
    assert len(PYTHON) >= 3


@pytest.mark.parametrize("line, code", PYTHON, ids=[f"README.md:{line}" for line, _ in PYTHON])
def test_readme_python_block_runs(line, code):
    # Compiled with the README's name so a failure's traceback points at README.md:<line>.
    exec(compile("\n" * (line - 1) + code, str(ROOT / "README.md"), "exec"), {"__name__": "__readme__"})


def test_quick_start_is_two_make_targets():
    (_, quick_start), *_ = code_blocks("sh")
    commands = [ln.split("#")[0].strip() for ln in quick_start.splitlines() if ln.strip()]
    assert commands == ["make demo", "make test"]
    makefile = (ROOT / "Makefile").read_text()
    demo = re.search(r"^demo:.*\n((?:\t.*\n)+)", makefile, re.M).group(1)
    test = re.search(r"^test:.*\n((?:\t.*\n)+)", makefile, re.M).group(1)
    assert "examples/demo.py" in demo
    assert "pytest" in test and "lit" in test and "ruff" in test


def test_op_table_names_only_ops_of_the_dialect():
    # An overview: docs/api.md is the listing of every op (tests/test_public_api.py), so a new op is one line there.
    ops_section = README.split("## Ops", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^\| (.*?) \|", ops_section, re.M))
    names = {n for cell in listed for n in re.findall(r"`(\w+)`", cell)}
    stale = sorted(names - set(OPS))
    assert not stale, f"the README's op table names ops that do not exist: {stale}"
    assert len(names) > len(OPS) // 2, f"the README's op table lost most of its rows: {sorted(names)}"


def test_pipeline_diagram_names_the_default_passes():
    diagram = README.split("## The pipeline", 1)[1].split("\n## ", 1)[0]
    for name in G.DEFAULT_PASSES:
        assert name in diagram, name


def test_demo_runs_and_matches_numpy():
    out = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "mlp.py")], capture_output=True, text=True, timeout=300, cwd=ROOT
    )
    assert out.returncode == 0, out.stderr
    assert '"gorgonia.matmul"' in out.stdout and "compiled in" in out.stdout
    diff = float(re.search(r"max abs difference: (\S+)", out.stdout).group(1))
    assert diff < 1e-4
    assert "leaked" not in out.stderr
