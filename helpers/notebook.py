"""The one setup call at the top of every notebook."""

import os
import random

import numpy as np

from helpers import SEED, SEED_VARIABLE
from helpers.style import apply_style
from helpers.tf_quiet import keras


def series_seed() -> int:
    """The seed the notebooks use: `$DNN_DIGITS_SEED` when it is set, else the series' seed."""
    text = os.environ.get(SEED_VARIABLE, "").strip()
    if not text:
        return SEED
    if not text.isdigit():
        raise ValueError(f"{SEED_VARIABLE} must be a whole number such as 3, got {text!r}; unset it to use seed {SEED}")
    return int(text)


def setup_notebook(seed: int | None = None) -> int:
    """Prepare a notebook and return its seed: quiet TensorFlow, seed every generator, set the figure style.

    The seed is `seed` if given, else `$DNN_DIGITS_SEED` if set, else the
    series' seed. It seeds Python's `random`, NumPy's global generator and
    TensorFlow (`keras.utils.set_random_seed`). Call
    `keras.utils.set_random_seed(seed)` again right before building each
    model, so that each model's starting weights do not depend on which cells
    ran before.
    """
    seed = series_seed() if seed is None else seed
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a non-negative int, got {seed!r}")
    keras.utils.set_random_seed(seed)
    random.seed(seed)
    np.random.seed(seed)
    apply_style()
    return seed
