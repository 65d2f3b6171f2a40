"""Automatic differentiation as a pass on the ``gorgonia`` dialect (see ``pass_.py``)."""
