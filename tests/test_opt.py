"""``gorgonia-opt``: pipelines, --list-passes, --split-input-file, and errors as ``file:line: error:``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from gorgonia_mlir.opt import main, split_chunks, split_pipeline
from gorgonia_mlir.transforms import PASSES

GOOD = """\
func.func @f(%x: tensor<2x3xf32>, %w: tensor<3x4xf32>) -> tensor<2x4xf32> {
  %0 = "gorgonia.matmul"(%x, %w) : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %1 = "gorgonia.tanh"(%0) : (tensor<2x4xf32>) -> tensor<2x4xf32>
  return %1 : tensor<2x4xf32>
}
"""

MISALIGNED = """\
func.func @f(%x: tensor<2x3xf32>, %w: tensor<4x4xf32>) -> tensor<2x4xf32> {
  %0 = "gorgonia.matmul"(%x, %w) : (tensor<2x3xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}
"""

BAD_PERM = """\
func.func @f(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  %0 = "gorgonia.transpose"(%x) {perm = 3} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}
"""


def _file(tmp_path: Path, text: str, name: str = "in.mlir") -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_runs_a_pipeline_and_prints_the_module(tmp_path, capsys):
    path = _file(tmp_path, GOOD)
    assert main([path, "-p", "gorgonia-verify,gorgonia-to-linalg,canonicalize"]) == 0
    out = capsys.readouterr().out
    # tanh lowers to our own kernel (gorgonia_mlir/lowering/libm.py), built on math.exp
    assert "linalg.matmul" in out and "linalg.generic" in out and "math.exp" in out and "gorgonia." not in out


def test_passes_is_an_alias_of_pass_pipeline(tmp_path, capsys):
    assert main([_file(tmp_path, GOOD), "--passes", "gorgonia-to-linalg"]) == 0
    assert "linalg.matmul" in capsys.readouterr().out


def test_no_pipeline_prints_the_parsed_module(tmp_path, capsys):
    assert main([_file(tmp_path, GOOD)]) == 0
    assert '"gorgonia.matmul"(%arg0, %arg1)' in capsys.readouterr().out


def test_pipeline_options_and_module_wrapper():
    assert split_pipeline("gorgonia-verify, cse") == ["gorgonia-verify", "cse"]
    assert split_pipeline("builtin.module(canonicalize{max-iterations=3,region-simplify=disabled},cse)") == [
        "canonicalize{max-iterations=3,region-simplify=disabled}",
        "cse",
    ]
    assert split_pipeline("") == []


def test_output_file_and_debug_info(tmp_path, capsys):
    path, out = _file(tmp_path, GOOD), tmp_path / "out.mlir"
    assert main([path, "-p", "gorgonia-verify", "-o", str(out), "--debug-info"]) == 0
    assert capsys.readouterr().out == ""
    text = out.read_text()
    assert f'loc("{path}":2:' in text  # the matmul keeps its line in the input file


def test_list_passes_names_every_registered_pass_with_its_summary(capsys):
    assert main(["--list-passes"]) == 0
    out = capsys.readouterr().out
    assert PASSES, "no pass registered"
    for name, info in PASSES.items():
        assert any(line.split() and line.split()[0] == name and info.summary in line for line in out.splitlines())


def test_parse_error_is_one_located_line_and_exit_code_1(tmp_path, capsys):
    path = _file(tmp_path, GOOD.replace("(%0)", "(%9)"), "bad.mlir")
    assert main([path]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [f"{path}:3: error: use of undeclared SSA value name"]


def test_verify_failure_names_file_line_op_and_shapes(tmp_path, capsys):
    path = _file(tmp_path, MISALIGNED)
    assert main([path, "-p", "gorgonia-verify,gorgonia-to-linalg"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"{path}:2: error: 'gorgonia.matmul' op shapes (2, 3) and (4, 4) are not aligned: 3 (dim 1) != 4 (dim 0)"
    ]


def test_python_error_inside_a_pass_is_a_message_not_a_traceback(tmp_path, capsys):
    # Lowering an op whose attribute has the wrong kind, without gorgonia-verify first.
    path = _file(tmp_path, BAD_PERM)
    assert main([path, "-p", "gorgonia-to-linalg"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{path}: error: ShapeError: attribute 'perm' must be i64_array")
    assert "run gorgonia-verify first" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["missing.mlir"], "gorgonia-opt: error: cannot open input file 'missing.mlir': No such file or directory"),
        (["{good}", "-p", "no-such-pass"], "gorgonia-opt: error: unknown pass 'no-such-pass'"),
    ],
)
def test_usage_errors(tmp_path, capsys, argv, message):
    good = _file(tmp_path, GOOD)
    assert main([a.replace("{good}", good) for a in argv]) == 1
    assert capsys.readouterr().err.startswith(message)


def test_split_input_file_processes_each_part_and_reports_each_error(tmp_path, capsys):
    path = _file(tmp_path, "\n".join([GOOD, "// -----", MISALIGNED, "// -----", GOOD]))
    assert main([path, "--split-input-file", "-p", "gorgonia-verify"]) == 1
    captured = capsys.readouterr()
    assert captured.out.count('"gorgonia.matmul"') == 2 and captured.out.count("// -----") == 1
    # The error names the line in the whole file, not in its part.
    assert captured.err.splitlines()[0].startswith(f"{path}:9: error: 'gorgonia.matmul' op shapes (2, 3) and (4, 4)")


def test_split_chunks_keep_first_line_numbers():
    assert split_chunks("a\n// -----\nb\n") == [(0, "a\n"), (2, "b\n")]


def test_console_script_reads_stdin():
    script = Path(sys.executable).with_name("gorgonia-opt")
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "gorgonia_mlir.opt"]
    done = subprocess.run([*cmd, "-", "-p", "gorgonia-verify"], input=MISALIGNED, capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr.startswith("<stdin>:2: error: 'gorgonia.matmul' op shapes")
    assert "Traceback" not in done.stderr
    done = subprocess.run(
        [*cmd, "-p", "gorgonia-verify,gorgonia-to-linalg"], input=GOOD, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "linalg.matmul" in done.stdout
