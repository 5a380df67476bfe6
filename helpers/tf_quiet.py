"""Import TensorFlow and Keras without the C++ log lines they print.

TensorFlow writes start-up messages ("oneDNN custom operations are on ...")
straight to file descriptor 2 from C++, before Python can filter them. In a
notebook they show up as a red stderr box that nbval cannot reproduce. We
raise TensorFlow's log threshold and hide file descriptor 2 only while the
libraries load; errors raised by the import itself still propagate.
"""

import contextlib
import os
from collections.abc import Iterator


@contextlib.contextmanager
def _stderr_silenced() -> Iterator[None]:
    """Point file descriptor 2 at the null device for the duration of the block."""
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def import_keras():
    """Return the `keras` and `tensorflow` modules, importing TensorFlow quietly on first use."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    with _stderr_silenced():
        import keras
        import tensorflow  # loads the C++ runtime now, silently
    return keras, tensorflow


keras, tf = import_keras()
