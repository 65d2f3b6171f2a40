"""The examples in examples/ run (smoke tests with few steps), and the digits models reach 97%."""

from __future__ import annotations

import importlib
import pathlib
import sys

import numpy as np
import pytest

EXAMPLES = pathlib.Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(scope="module", autouse=True)
def _examples_on_path():
    sys.path.insert(0, str(EXAMPLES))
    yield
    sys.path.remove(str(EXAMPLES))


def _main(name, argv):
    return importlib.import_module(name).main(argv)


def test_iris_linear_regression():
    result = _main("iris_linear_regression", ["--epochs", "30"])
    assert np.isfinite(result["test_mse"]) and result["r2"] > 0.5


def test_iris_logistic_regression_matches_scikit_learn():
    result = _main("iris_logistic_regression", [])
    assert result["accuracy"] >= result["sklearn_accuracy"] - 0.05


def test_digits_mlp_reaches_97_percent_with_defaults():
    result = _main("digits_mlp", [])
    assert result["accuracy"] >= 0.97, result["accuracy"]


@pytest.mark.slow
def test_digits_convnet_reaches_97_percent_with_defaults():
    result = _main("digits_convnet", [])
    assert result["accuracy"] >= 0.97, result["accuracy"]


def test_char_rnn_learns_something():
    result = _main("char_rnn", ["--steps", "60", "--seq", "8", "--hidden", "32", "--sample", "20"])
    assert result["last_loss"] < result["first_loss"]
    assert len(result["sample"]) == 20
