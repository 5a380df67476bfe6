"""The series' reference network as lesson 04 trains it, saved for the lessons that study it (05 and 07).

Lesson 04 builds, compiles and fits the network in plain sight and saves it
with ``model.save(reference.model_file(seed))``; lessons 05 and 07 load it
with ``keras.models.load_model``. On a machine where lesson 04 has not run
(a fresh Colab, a learner who starts at lesson 07), `saved_model_file`
trains it first with `train_and_save`, whose recipe is lesson 04's code line
for line: the cells tagged ``reference-recipe`` in lesson 04, which
``tests/test_reference.py`` keeps equal to it. Training is deterministic on
a given machine, so both paths give the same weights.

Models are kept in the cache folder (`helpers.models.cache_dir`), never
inside the repository, one file per seed.
"""

import os
from pathlib import Path

from helpers.data import load_mnist
from helpers.models import cache_dir
from helpers.tf_quiet import keras

RECIPE_TAG = "reference-recipe"


def model_file(seed: int) -> Path:
    """Where the reference model trained with `seed` is saved (it may not exist yet)."""
    return cache_dir() / f"reference-seed{seed}.keras"


def train_and_save(seed: int) -> Path:
    """Train the reference model exactly as lesson 04 does, save it to `model_file(seed)` and return that path.

    The model takes raw uint8 pixels: its first layer divides them by 255
    (`Rescaling`), so the 60,000 training images stay 47 MB of bytes.
    """
    (x_train, y_train), _ = load_mnist()
    # recipe start: lesson 04's cells tagged "reference-recipe", line for line
    keras.utils.set_random_seed(seed)
    model = keras.Sequential(
        [
            keras.Input(shape=(28, 28)),
            keras.layers.Rescaling(1 / 255, name="scale"),
            keras.layers.Flatten(name="flatten"),
            keras.layers.Dense(128, activation="relu", name="hidden_1"),
            keras.layers.Dense(64, activation="relu", name="hidden_2"),
            keras.layers.Dense(10, activation="softmax", name="output"),
        ],
        name="reference",
    )
    model.compile(
        optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"], steps_per_execution=50
    )
    model.fit(x_train, y_train, epochs=5, batch_size=32, validation_split=0.1, verbose=0)
    # recipe end
    return save_model(model, model_file(seed))


def save_model(model: keras.Model, path: Path) -> Path:
    """Save `model` to `path` (a .keras file) so that a reader never sees a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.stem}-{os.getpid()}.keras")
    model.save(partial)
    os.replace(partial, path)
    return path


def saved_model_file(seed: int) -> Path:
    """The reference model lesson 04 saved for `seed`; trained and saved now (as in lesson 04) if it is missing."""
    path = model_file(seed)
    return path if path.is_file() else train_and_save(seed)
