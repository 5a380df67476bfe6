"""The one setup call at the top of every notebook."""

import random

import numpy as np

from helpers.style import apply_style
from helpers.tf_quiet import keras

DEFAULT_SEED = 42


def setup_notebook(seed: int = DEFAULT_SEED) -> None:
    """Prepare a notebook: quiet TensorFlow, seed every generator, set the figure style.

    Seeds Python's `random`, NumPy's global generator and TensorFlow through
    `keras.utils.set_random_seed`. Call `keras.utils.set_random_seed(seed)`
    again right before building each model so that each model's starting
    weights do not depend on which cells ran before.
    """
    if not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a non-negative int, got {seed!r}")
    keras.utils.set_random_seed(seed)
    random.seed(seed)
    np.random.seed(seed)
    apply_style()
