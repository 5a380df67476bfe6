"""Lesson 07's experiments: what makes a model read shifted digits, and the DNN against CNNs on clothes.

Every model is trained as lesson 07 trains it: raw uint8 pixels scaled by a
`Rescaling` layer, Adam, batch 128, `steps_per_execution=50`, all 60,000
training images, no validation split (nothing is chosen). The lesson runs
one epoch; the study adds five epochs, to see whether the conclusions hold
when the models have trained longer. The layer lists below are the
notebook's, line for line; keep them in step with it.
"""

import time
from collections.abc import Callable, Sequence

import numpy as np

from benchmarks.experiments import Rows, experiment
from helpers.data import FASHION_CLASS_NAMES, load_fashion_mnist, load_mnist
from helpers.lesson07 import shift_images
from helpers.models import predict_in_batches
from helpers.tf_quiet import keras

BUDGETS = (1, 5)  # epochs: the lesson's budget, and a longer one
PROBE_IMAGES = 1000  # the lesson's probe: the first 1,000 test images
DIRECTIONS = {"right": (1, 0), "left": (-1, 0), "down": (0, 1), "up": (0, -1)}
SHIFTS = range(5)
PREDICT_BATCH = 250


def _input_layers(shifted: bool) -> list:
    layers = [keras.Input(shape=(28, 28)), keras.layers.Rescaling(1 / 255)]
    if shifted:
        layers += [keras.layers.Reshape((28, 28, 1)),
                   keras.layers.RandomTranslation(4 / 28, 4 / 28, fill_mode="constant")]  # fmt: skip
    return layers


def dnn(shifted: bool = False) -> keras.Model:
    """The lesson's DNN (the reference architecture), with random shifts of the training images if `shifted`."""
    return keras.Sequential([
        *_input_layers(shifted),
        keras.layers.Flatten(),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])  # fmt: skip


def cnn(shifted: bool = False) -> keras.Model:
    """The lesson's CNN (global max pooling at the end), with random shifts of the training images if `shifted`."""
    return keras.Sequential([
        *_input_layers(shifted),
        *([] if shifted else [keras.layers.Reshape((28, 28, 1))]),
        keras.layers.Conv2D(8, 3, activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Conv2D(16, 3, activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Conv2D(32, 3, activation="relu"),
        keras.layers.GlobalMaxPooling2D(),
        keras.layers.Dense(10, activation="softmax"),
    ])  # fmt: skip


def classic_cnn() -> keras.Model:
    """Exercise 4's CNN: two convolutions, then Flatten and Dense instead of global pooling."""
    return keras.Sequential([
        keras.Input(shape=(28, 28)),
        keras.layers.Rescaling(1 / 255),
        keras.layers.Reshape((28, 28, 1)),
        keras.layers.Conv2D(8, 3, activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Conv2D(16, 3, activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Flatten(),
        keras.layers.Dense(10, activation="softmax"),
    ])  # fmt: skip


def _trained(build: Callable[[], keras.Model], seed: int, epochs: int, images, labels) -> tuple[keras.Model, float]:
    """A fresh model from `build`, seeded as in the lesson and trained on the lesson's recipe; and its fit seconds."""
    keras.backend.clear_session()  # one process trains many models: drop the old ones
    keras.utils.set_random_seed(seed)
    model = build()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"],
                  steps_per_execution=50)  # fmt: skip
    start = time.perf_counter()
    model.fit(images, labels, epochs=epochs, batch_size=128, verbose=0)
    return model, time.perf_counter() - start


def _accuracy(model: keras.Model, images, labels) -> float:
    return float(np.mean(predict_in_batches(model, images, batch_size=PREDICT_BATCH).argmax(axis=1) == labels))


SHIFT_MODELS = {
    "DNN": lambda: dnn(),
    "DNN + random shifts": lambda: dnn(shifted=True),
    "CNN": lambda: cnn(),
    "CNN + random shifts": lambda: cnn(shifted=True),
    "CNN, Flatten + Dense head": classic_cnn,
}


@experiment("shift_study")
def shift_study(seeds: Sequence[int]) -> Rows:
    """The DNN and the CNN, each trained on centred digits and with random shifts of up to 4 pixels
    (`RandomTranslation`, training only), and exercise 4's CNN with a Flatten + Dense head (centred digits),
    for 1 epoch (the lesson's budget) and 5 epochs, batch 128. One row
    per model, budget and seed: the test accuracy (10,000 images), the accuracy on the first 1,000 test
    images moved 0, 1, 2, 3 and 4 pixels (mean of right, left, down and up), the worst direction at 4 pixels,
    and the fit time in seconds (on a machine shared with other jobs: rough)."""
    (x_train, y_train), (x_test, y_test) = load_mnist()
    probe, probe_labels = x_test[:PROBE_IMAGES], y_test[:PROBE_IMAGES]
    rows = []
    for seed in seeds:
        for epochs in BUDGETS:
            for name, build in SHIFT_MODELS.items():
                model, seconds = _trained(build, seed, epochs, x_train, y_train)
                by_direction = np.array([
                    [_accuracy(model, shift_images(probe, k * sx, k * sy), probe_labels) for k in SHIFTS]
                    for sx, sy in DIRECTIONS.values()
                ])  # fmt: skip
                row = {"model": name, "epochs": epochs, "seed": seed, "probe_images": PROBE_IMAGES,
                       "test_accuracy": round(_accuracy(model, x_test, y_test), 6)}  # fmt: skip
                row |= {f"accuracy_{k}px": round(float(by_direction[:, k].mean()), 6) for k in SHIFTS}
                row |= {"worst_4px": round(float(by_direction[:, -1].min()), 6), "fit_seconds": round(seconds, 2)}
                rows.append(row)
                print(f"shift_study: {row}", flush=True)
    return rows


FASHION_MODELS = {"DNN": lambda: dnn(), "CNN": lambda: cnn(), "CNN, Flatten + Dense head": classic_cnn}


@experiment("fashion_study")
def fashion_study(seeds: Sequence[int]) -> Rows:
    """The lesson's DNN and CNN, and exercise 4's CNN with a Flatten + Dense head, trained on Fashion-MNIST
    for 1 epoch (the lesson's budget) and 5 epochs, batch 128. One row per model, budget and seed: the test
    accuracy overall and per class (10,000 images), and the fit time in seconds (rough: a shared machine)."""
    (x_train, y_train), (x_test, y_test) = load_fashion_mnist()
    rows = []
    for seed in seeds:
        for epochs in BUDGETS:
            for name, build in FASHION_MODELS.items():
                model, seconds = _trained(build, seed, epochs, x_train, y_train)
                predictions = predict_in_batches(model, x_test, batch_size=PREDICT_BATCH).argmax(axis=1)
                row = {"model": name, "epochs": epochs, "seed": seed,
                       "test_accuracy": round(float(np.mean(predictions == y_test)), 6)}  # fmt: skip
                for k, class_name in enumerate(FASHION_CLASS_NAMES):
                    row[class_name] = round(float(np.mean(predictions[y_test == k] == k)), 6)
                row["fit_seconds"] = round(seconds, 2)
                rows.append(row)
                print(f"fashion_study: {row}", flush=True)
    return rows
