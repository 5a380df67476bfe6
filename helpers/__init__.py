"""The helpers the dnn-digits notebooks import.

The notebooks hold the ideas (building, compiling, fitting and evaluating
models, and each experiment's loop); this package holds the plumbing:
loading data, drawing figures, wiring widgets and checking exercises.
Each lesson imports its own module once, as ``from helpers import lesson05
as lesson``, so every call shows where it comes from.

Importing the package is cheap and never touches the network; TensorFlow
is loaded, quietly, by `setup_notebook` and the modules that need it.
"""

SEED = 0
"""The series' seed: every notebook's stored outputs come from it (chosen before any result was seen)."""

SEED_VARIABLE = "DNN_DIGITS_SEED"
"""Set this environment variable to run every notebook under another seed."""

__all__ = ["SEED", "SEED_VARIABLE", "setup_notebook"]


def __getattr__(name: str):
    """Load `setup_notebook` (and with it TensorFlow) only when it is asked for."""
    if name == "setup_notebook":
        from helpers.notebook import setup_notebook

        return setup_notebook
    raise AttributeError(f"module 'helpers' has no attribute {name!r}")
