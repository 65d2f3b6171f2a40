"""How closely an exported module must match the in-process function it was exported from."""

from __future__ import annotations

import numpy as np


def close_to_in_process(actual, desired) -> None:
    """Exported weights are constants that IREE packs for its matmul microkernels when the module
    loads (``tuning.choose``), so the exported sums run in another order: equal to a few float32 ulps."""
    np.testing.assert_allclose(actual, desired, rtol=1e-5, atol=1e-6)
