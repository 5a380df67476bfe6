"""Feed the public helpers bad input and print what a user sees, as a Markdown table.

Usage: ``python -m benchmarks.bad_input`` (the README's testing section shows
its output). Each case is also a unit test in ``tests/``; this script only
collects the messages in one place.
"""

import dataclasses
import gzip
import os
import re
import shutil
import socket
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

from helpers import SEED_VARIABLE, data, plots, setup_notebook
from helpers import lesson03 as layers
from helpers import lesson04 as evaluation
from helpers import lesson05 as hidden_units
from helpers import lesson07 as shifts
from helpers.tf_quiet import keras

REPO_ROOT = Path(__file__).resolve().parents[1]
RAW = np.full((4, 28, 28), 200, np.uint8)
SCALED = RAW.astype(np.float32) / 255


def untrained_model() -> keras.Model:
    keras.utils.set_random_seed(0)
    return keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(), keras.layers.Dense(10)])


def damaged_copy(kind: str) -> Path:
    """A temporary copy of the official MNIST files with one of them damaged."""
    source = Path(os.environ["MNIST_DIR"])
    folder = Path(tempfile.mkdtemp()) / "mnist"
    shutil.copytree(source, folder)
    target = folder / "t10k-labels-idx1-ubyte.gz"
    target.chmod(0o644)
    if kind == "truncated":
        target.write_bytes(target.read_bytes()[:-100])
    else:
        content = bytearray(gzip.decompress(target.read_bytes()))
        content[100] = (content[100] + 1) % 10
        target.write_bytes(gzip.compress(bytes(content)))
    return folder


def seed_from_environment(value: str) -> int:
    """`setup_notebook()` with `DNN_DIGITS_SEED` set to `value` (the variable is restored afterwards)."""
    saved = os.environ.get(SEED_VARIABLE)
    os.environ[SEED_VARIABLE] = value
    try:
        return setup_notebook()
    finally:
        if saved is None:
            del os.environ[SEED_VARIABLE]
        else:
            os.environ[SEED_VARIABLE] = saved


def offline_without_copy() -> None:
    """No local copy, an empty Keras cache, and no network."""
    os.environ.pop("MNIST_DIR", None)
    data.MNIST = dataclasses.replace(data.MNIST, repo_folder=Path(tempfile.mkdtemp()) / "mnist", system_folders=())
    os.environ["KERAS_HOME"] = tempfile.mkdtemp()

    def refuse(*args, **kwargs):
        raise OSError("[Errno 101] Network is unreachable")

    socket.socket.connect = refuse
    socket.create_connection = refuse
    data.load_mnist()


CASES: list[tuple[str, Callable[[], object]]] = [
    ("`load_mnist()` with `MNIST_DIR` pointing at a folder that does not exist",
     lambda: data.load_mnist("/no/such/folder")),
    ("`load_mnist()` with a truncated file", lambda: data.load_mnist(damaged_copy("truncated"))),
    ("`load_mnist()` with a file whose content was changed", lambda: data.load_mnist(damaged_copy("changed"))),
    ("`setup_notebook()` with `DNN_DIGITS_SEED=abc`", lambda: seed_from_environment("abc")),
    ("`plot_digit_grid` given images of the wrong shape", lambda: plots.plot_digit_grid(np.zeros((4, 27, 28)))),
    ("`plot_digit_grid` given labels outside 0-9", lambda: plots.plot_digit_grid(RAW, [1, 2, 3, 12])),
    ("`plot_digit_grid` given an empty array", lambda: plots.plot_digit_grid(np.zeros((0, 28, 28)))),
    ("`plot_digit_grid` given images with NaNs", lambda: plots.plot_digit_grid(np.full((2, 28, 28), np.nan))),
    ("`scale_pixels` given pixels that are already scaled", lambda: data.scale_pixels(SCALED)),
    ("`plot_model_trace` (lesson 03) given raw 0-255 pixels where [0, 1] is expected",
     lambda: layers.plot_model_trace(untrained_model(), RAW, [1, 2, 3, 4], 0)),
    ("`plot_model_trace` (lesson 03) given float pixels from 0 to 255",
     lambda: layers.plot_model_trace(untrained_model(), SCALED * 255, [1, 2, 3, 4], 0)),
    ("`plot_misread_digits` (lesson 04) given raw scores instead of probabilities",
     lambda: evaluation.plot_misread_digits(SCALED, [1, 2, 3, 4], np.full((4, 10), 5.0))),
    ("`plot_first_layer_weights` (lesson 05) given the kernel instead of weight images",
     lambda: hidden_units.plot_first_layer_weights(np.zeros((784, 128)))),
    ("`shift_images` (lesson 07) asked to move digits off the image", lambda: shifts.shift_images(RAW, dx=30)),
    ("`plot_learning_curves` given something that is not a training history", lambda: plots.plot_learning_curves(42)),
    ("`load_mnist()` offline, with no local copy (an empty data folder)", offline_without_copy),
]  # fmt: skip


def message_of(case: Callable[[], object]) -> str:
    """What the user sees: the exception's type and message, or a note that nothing was raised."""
    try:
        case()
    except Exception as error:  # collecting every message is the point
        text = str(error).replace("|", "\\|").replace("\n", " ")
        text = text.replace(str(REPO_ROOT), "<repo>")
        text = re.sub(re.escape(tempfile.gettempdir()) + r"/[^/\s]+", "<temporary folder>", text)
        return f"`{type(error).__name__}`: {text}"
    return "(no error raised)"


def main() -> None:
    print("| what was tried | what the user sees |")
    print("|---|---|")
    for description, case in CASES:
        print(f"| {description} | {message_of(case)} |")


if __name__ == "__main__":
    main()
