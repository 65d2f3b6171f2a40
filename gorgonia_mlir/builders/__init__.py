"""The public op builders (``G.add``, ``G.conv2d``, ...), one module per family, as ``dialect/``, ``lowering/``
and ``autodiff/`` are split. Each family module lists its builders in ``__all__``; ``gorgonia_mlir``
exports them all (tests/test_public_api.py checks that, and docs/api.md lists them).

- ``core``: constants as operands, ``mul``/``outer_prod``, ``sum``/``mean``, ``reshape``/``transpose``/``broadcast_to``
- ``elementwise``: every unary/binary math op of the op table and the comparisons, one line each
- ``activations``: composites of elementwise ops (``gelu``, ``selu``, ``leaky_relu``, ...)
- ``broadcast``: Gorgonia's explicit ``broadcast_*`` and ``auto``
- ``nn``, ``norm``, ``random``, ``reductions``, ``shape``: the other families of the op table
"""

from . import activations, broadcast, core, elementwise, nn, norm, random, reductions, shape

FAMILIES = (core, elementwise, activations, broadcast, nn, norm, random, reductions, shape)
