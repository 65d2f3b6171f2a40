"""The (empty) Python module of the ``gorgonia`` dialect: ops are generic; see ``__init__.py``."""
