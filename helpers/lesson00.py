"""Lesson 00's plumbing: check the setup (the libraries, the data, a first picture)."""

import sys

from helpers.data import load_mnist
from helpers.plots import plot_digit_grid

__all__ = ["load_mnist", "plot_digit_grid", "print_versions"]


def print_versions() -> None:
    """Print the versions of Python and of the libraries the series is tested with."""
    import keras
    import matplotlib
    import numpy as np
    import tensorflow as tf

    print(f"Python     {sys.version_info.major}.{sys.version_info.minor}")
    for name, version in [("TensorFlow", tf.__version__), ("Keras", keras.__version__),
                          ("NumPy", np.__version__), ("Matplotlib", matplotlib.__version__)]:  # fmt: skip
        print(f"{name:10} {version}")
