"""Plumbing for the dnn-digits notebooks.

The notebooks hold the ideas (building, compiling and fitting models); this
package holds everything else: loading data, drawing figures, wiring widgets
and checking exercises. Importing the package itself is cheap and never
touches the network; TensorFlow is loaded (quietly) by the modules that need
it, starting with `setup_notebook`.
"""

__all__ = ["setup_notebook"]


def __getattr__(name: str):
    """Load `setup_notebook` (and with it TensorFlow) only when it is asked for."""
    if name == "setup_notebook":
        from helpers.notebook import setup_notebook

        return setup_notebook
    raise AttributeError(f"module 'helpers' has no attribute {name!r}")
