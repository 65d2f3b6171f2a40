"""The random family has no numpy reference: its draws are checked statistically (tests/test_random.py)."""

from __future__ import annotations

from . import NO_REFERENCE

NO_REFERENCE.update({"uniform_random", "gaussian_random", "binomial_random"})
