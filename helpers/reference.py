"""The series' reference model, trained once and cached for the lessons that study it.

Lesson 04 builds, compiles and fits this model in plain sight. Lessons 05 and
07 need the same trained network without repeating the lesson, so they call
`trained_reference_model()`: it trains the model with the same seed and
settings, or loads the weights a previous run saved. Training is
deterministic on a given machine, so a cached model and a fresh one are
bit-identical and the cache never changes what a notebook shows.

The cache lives in ``$DNN_DIGITS_CACHE`` (default ``~/.cache/dnn-digits``),
outside the repository, keyed by the configuration and the library versions.
"""

import hashlib
import json
import os
from pathlib import Path

import numpy as np

from helpers.data import load_mnist, scale_pixels
from helpers.tf_quiet import keras

# The seed matters for a 5-epoch run: on the development machine seeds 0-3 and 42
# gave 97.3, 97.4, 97.6, 97.6 and 96.8 % test accuracy. Seed 2 sits at the
# curriculum's expected 97-98 %; lesson 04 tells the learner so.
REFERENCE_SEED = 2
REFERENCE_CONFIG = {
    "layers": [128, 64, 10],
    "activation": "relu",
    "optimizer": "adam",
    "loss": "sparse_categorical_crossentropy",
    "epochs": 5,
    "batch_size": 32,
    "validation_split": 0.1,
    "seed": REFERENCE_SEED,
}
REFERENCE_PARAMETERS = 784 * 128 + 128 + 128 * 64 + 64 + 64 * 10 + 10  # 109,386


def build_reference_model() -> keras.Sequential:
    """Flatten(28x28 -> 784) -> Dense(128, ReLU) -> Dense(64, ReLU) -> Dense(10, softmax), compiled."""
    model = keras.Sequential(
        [
            keras.Input(shape=(28, 28)),
            keras.layers.Flatten(),
            keras.layers.Dense(128, activation="relu"),
            keras.layers.Dense(64, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ],
        name="reference",
    )
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def cache_dir() -> Path:
    """Where trained weights are cached (never inside the repository)."""
    return Path(os.environ.get("DNN_DIGITS_CACHE", Path.home() / ".cache" / "dnn-digits"))


def cache_key() -> str:
    """A short hash of the configuration and the library versions that shape the weights."""
    import tensorflow as tf

    facts = dict(REFERENCE_CONFIG, keras=keras.__version__, tensorflow=tf.__version__, numpy=np.__version__)
    return hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()[:16]


def train_reference_model(x_train: np.ndarray, y_train: np.ndarray) -> tuple[keras.Sequential, dict]:
    """Seed, build and fit the reference model exactly as lesson 04 does; return it and its history."""
    keras.utils.set_random_seed(REFERENCE_SEED)
    model = build_reference_model()
    history = model.fit(
        x_train,
        y_train,
        epochs=REFERENCE_CONFIG["epochs"],
        batch_size=REFERENCE_CONFIG["batch_size"],
        validation_split=REFERENCE_CONFIG["validation_split"],
        verbose=0,
    )
    return model, {key: [float(v) for v in values] for key, values in history.history.items()}


def _cache_files() -> tuple[Path, Path]:
    folder = cache_dir() / f"reference-{cache_key()}"
    return folder / "weights.npz", folder / "history.json"


def remember_reference_model(model: keras.Model, history) -> Path:
    """Cache a reference model trained in plain sight (lesson 04), so lessons 05 and 07 reuse it.

    Refuses a model whose layers differ from the reference architecture.
    Returns the cache folder.
    """
    expected = [layer.get_config()["units"] for layer in build_reference_model().layers[1:]]
    layers = getattr(model, "layers", [])
    units = [layer.get_config().get("units") for layer in layers[1:]]
    if units != expected or model.count_params() != REFERENCE_PARAMETERS:
        raise ValueError(
            f"not the reference architecture: Dense units {units}, {model.count_params():,} parameters; "
            f"expected {expected} and {REFERENCE_PARAMETERS:,}"
        )
    values = getattr(history, "history", history)
    _store(model, {key: [float(v) for v in series] for key, series in values.items()})
    return _cache_files()[0].parent


def _store(model: keras.Model, history: dict) -> None:
    weights_file, history_file = _cache_files()
    weights_file.parent.mkdir(parents=True, exist_ok=True)
    # Only the layers' weights: studying the trained model never needs the optimizer's state.
    np.savez(weights_file, **{f"w{i}": w for i, w in enumerate(model.get_weights())})
    history_file.write_text(json.dumps(history))


def trained_reference_model() -> tuple[keras.Sequential, dict]:
    """The trained reference model and its training history, from the cache or trained now (~15 s)."""
    weights_file, history_file = _cache_files()
    if weights_file.is_file() and history_file.is_file():
        model = build_reference_model()
        with np.load(weights_file, allow_pickle=False) as saved:
            model.set_weights([saved[f"w{i}"] for i in range(len(saved.files))])
        return model, json.loads(history_file.read_text())
    (x_train, y_train), _ = load_mnist()
    model, history = train_reference_model(scale_pixels(x_train), y_train)
    _store(model, history)
    return model, history
