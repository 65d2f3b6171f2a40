"""Python-side dialect modules the MLIR bindings look up by dialect namespace.

Whenever the bindings wrap an op (e.g. ``value.owner``), they import ``<prefix>.<dialect>`` for its
dialect; a failed lookup is not cached, so every wrap of a ``gorgonia.*`` op would search the import
path again (that made the rewrite passes 3× slower). ``gorgonia.py`` here is that module: gorgonia ops
stay generic operations, there are no op classes to register.
"""

from iree.compiler._mlir_libs import _mlir

if __name__ not in _mlir.globals.dialect_search_modules:
    _mlir.globals.append_dialect_search_prefix(__name__)
