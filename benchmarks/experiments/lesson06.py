"""Lesson 06's experiments: the remedies' strengths swept, validation slices compared, the full-data recipe ablated.

The small-data experiments use lesson 06's setup, cell for cell: the first
1,000 training images to train on; every 30th of the other 59,000 training
images (1,967) to validate on; the 10,000 test images to score on. The
network is Input(28, 28) → Rescaling(1/255) → [augmentation] → Flatten →
two Dense(128, ReLU) layers [each followed by Dropout, each kernel with an L2
penalty] → Dense(10, softmax), trained with Adam (or AdamW) for 40 epochs in
shuffled batches of 50 (`helpers.lesson06.batches`). Every model is scored
with `model.evaluate` (dropout and augmentation off) and a penalty-free
cross-entropy metric. A test keeps these constants equal to the notebook's.
"""

import statistics
import time
from collections.abc import Sequence

from benchmarks.experiments import Rows, experiment
from helpers.data import load_mnist
from helpers.models import batches
from helpers.tf_quiet import keras

TRAINING_IMAGES, VALIDATION_STEP = 1000, 30
EPOCHS, BATCH_SIZE, STEPS_PER_EXECUTION = 40, 50, 50
UNITS = 128

DROPOUT_RATES = (0.1, 0.2, 0.3, 0.5, 0.7, 0.8)
L2_STRENGTHS = (3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2)  # half-decade steps
WEIGHT_DECAYS = (0.1, 0.3, 1.0, 3.0, 10.0)  # AdamW's decoupled weight decay, half-decade steps
WIDTHS = (16, 32, 64)  # hidden units per layer; 128 is the network without a remedy
SHIFTS = (1, 2, 3)  # augmentation's largest shift in pixels


def small_data_splits():
    """Lesson 06's three splits: (training, validation, test), each (uint8 images, labels)."""
    (x_train, y_train), test = load_mnist()
    training = (x_train[:TRAINING_IMAGES], y_train[:TRAINING_IMAGES])
    validation = (x_train[TRAINING_IMAGES::VALIDATION_STEP], y_train[TRAINING_IMAGES::VALIDATION_STEP])
    return training, validation, test


def build_network(units: int = UNITS, dropout_rate: float = 0.0, l2_strength: float = 0.0, max_shift: int = 0):
    """Lesson 06's network with the remedies asked for (the notebook's `build_network`)."""
    regularizer = keras.regularizers.L2(l2_strength) if l2_strength else None
    layers = [keras.Input(shape=(28, 28)), keras.layers.Rescaling(1 / 255)]
    if max_shift:
        layers += [
            keras.layers.Reshape((28, 28, 1)),
            keras.layers.RandomTranslation(max_shift / 28, max_shift / 28, fill_mode="constant"),
        ]
    layers.append(keras.layers.Flatten())
    for _ in range(2):
        layers.append(keras.layers.Dense(units, activation="relu", kernel_regularizer=regularizer))
        if dropout_rate:
            layers.append(keras.layers.Dropout(dropout_rate))
    layers.append(keras.layers.Dense(10, activation="softmax"))
    return keras.Sequential(layers)


def _curve(values) -> str:
    return " ".join(f"{float(v):.4f}" for v in values)


def _train_small(seed: int, splits, optimizer=None, callbacks=(), **network) -> dict:
    """One run of lesson 06's small-data setup: its scores on the three splits and its validation curves."""
    training, validation, test = splits
    keras.backend.clear_session()
    keras.utils.set_random_seed(seed)
    model = build_network(**network)
    model.compile(
        optimizer=optimizer or keras.optimizers.Adam(),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy", keras.metrics.SparseCategoricalCrossentropy(name="cross_entropy")],
        steps_per_execution=STEPS_PER_EXECUTION,
    )
    start = time.perf_counter()
    history = model.fit(
        batches(*training, BATCH_SIZE, seed=seed),
        validation_data=batches(*validation, 1000),
        epochs=EPOCHS,
        shuffle=False,
        callbacks=list(callbacks),
        verbose=0,
    )
    seconds = time.perf_counter() - start
    scores = {
        name: model.evaluate(batches(*split, 1000), verbose=0, return_dict=True)
        for name, split in (("train", training), ("val", validation), ("test", test))
    }
    val_accuracy = history.history["val_accuracy"]
    return {
        "seed": seed,
        "epochs": len(val_accuracy),
        "train_accuracy": round(scores["train"]["accuracy"], 6),
        "val_accuracy": round(scores["val"]["accuracy"], 6),
        "val_cross_entropy": round(scores["val"]["cross_entropy"], 6),
        "test_accuracy": round(scores["test"]["accuracy"], 6),
        "test_cross_entropy": round(scores["test"]["cross_entropy"], 6),
        # the flatness check: mean validation accuracy of the last 10 epochs minus that of the 10 before, in points
        "val_accuracy_change": round(
            100 * (statistics.fmean(val_accuracy[-10:]) - statistics.fmean(val_accuracy[-20:-10])), 3
        ),
        "fit_seconds": round(seconds, 2),
        "val_accuracy_curve": _curve(val_accuracy),
        "val_cross_entropy_curve": _curve(history.history["val_cross_entropy"]),
    }


def _sweep_configs():
    """(remedy, value, build/fit keyword arguments) for every point of the sweeps."""
    yield "no remedy", 0.0, {}
    for rate in DROPOUT_RATES:
        yield "dropout", rate, {"dropout_rate": rate}
    for strength in L2_STRENGTHS:
        yield "L2 penalty (Adam)", strength, {"l2_strength": strength}
    for decay in WEIGHT_DECAYS:
        yield "weight decay (AdamW)", decay, {"weight_decay": decay}
    for units in WIDTHS:
        yield "smaller network", units, {"units": units}
    for shift in SHIFTS:
        yield "augmentation", shift, {"max_shift": shift}


def _run_config(seed: int, splits, weight_decay: float | None = None, **network) -> dict:
    optimizer = keras.optimizers.AdamW(weight_decay=weight_decay) if weight_decay else None
    return _train_small(seed, splits, optimizer=optimizer, **network)


@experiment("lesson06_remedy_sweeps")
def remedy_sweeps(seeds: Sequence[int]) -> Rows:
    """Each remedy of lesson 06 at several strengths, trained to convergence on the 1,000 images.

    Dropout rates 0.1-0.8; an L2 penalty with Adam and AdamW's decoupled
    weight decay, each in half-decade steps; narrower hidden layers (16-64
    units instead of 128); augmentation with random shifts of up to 1-3
    pixels. Lesson 06's setup otherwise: 40 epochs, batches of 50, Adam at
    0.001. One row per remedy, value and seed:
    the scores on training, validation and test images (by `evaluate`: dropout
    and augmentation off, cross-entropy without the penalty), the change of
    validation accuracy between the last two 10-epoch blocks (in points: near
    zero once a run has converged), the fit time (on a shared machine: rough)
    and the validation curves. Strengths are chosen on validation; the test
    columns only report.
    """
    splits = small_data_splits()
    rows = []
    for seed in seeds:
        for remedy, value, arguments in _sweep_configs():
            rows.append({"remedy": remedy, "value": value, **_run_config(seed, splits, **arguments)})
            print(f"  seed {seed} {remedy} {value}: val {rows[-1]['val_accuracy']:.4f}", flush=True)
    return rows


@experiment("lesson06_validation_slices")
def validation_slices(seeds: Sequence[int]) -> Rows:
    """How well lesson 06's network without a remedy reads each part of the training file and of the test file.

    The network is trained as in the lesson (40 epochs, batches of 50) on
    1,000 images: the lesson's first 1,000, and, to tell position effects
    from the images themselves, the 1,000 images from number 30,000 on. One
    row per seed, training block and slice: the accuracy on each block of
    2,000 training-file images and of 1,000 test-file images (the training
    images themselves included in their block, and flagged).
    """
    (x_train, y_train), (x_test, y_test) = load_mnist()
    rows = []
    for seed in seeds:
        for first in (0, 30_000):
            training = (x_train[first : first + TRAINING_IMAGES], y_train[first : first + TRAINING_IMAGES])
            keras.backend.clear_session()
            keras.utils.set_random_seed(seed)
            model = build_network()
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"],
                          steps_per_execution=STEPS_PER_EXECUTION)  # fmt: skip
            model.fit(batches(*training, BATCH_SIZE, seed=seed), epochs=EPOCHS, shuffle=False, verbose=0)
            for file, images, labels, size in (("training", x_train, y_train, 2000), ("test", x_test, y_test, 1000)):
                right = model.predict(images, batch_size=2000, verbose=0).argmax(axis=1) == labels
                for start in range(0, len(images), size):
                    holds_training = file == "training" and start <= first < start + size
                    rows.append({
                        "seed": seed, "trained_on_first": first, "file": file, "first": start,
                        "last": start + size - 1, "holds_training_images": int(holds_training),
                        "accuracy": round(float(right[start : start + size].mean()), 6),
                    })  # fmt: skip
            print(f"  seed {seed}, trained on images {first}-: done", flush=True)
    return rows


# The full-data recipe of an earlier version of lesson 06, ingredient by ingredient. Its values were set
# without a validation search; this ablation measures each one on validation (and chooses the dropout rate).
FULL_DATA_RECIPE = {"units": (512, 256), "dropout_rate": 0.3, "epochs": 9, "batch_size": 256, "learning_rate": 0.002,
                    "cosine_decay": True}  # fmt: skip
# lesson 04's reference model and its training
REFERENCE_RECIPE = {"units": (128, 64), "dropout_rate": 0.0, "epochs": 5, "batch_size": 32, "learning_rate": 0.001,
                    "cosine_decay": False}  # fmt: skip
ABLATIONS = {
    "lesson 04's reference recipe": REFERENCE_RECIPE,
    "full recipe": {},
    "without dropout": {"dropout_rate": 0.0},
    "dropout 0.2 instead of 0.3": {"dropout_rate": 0.2},
    "dropout 0.5 instead of 0.3": {"dropout_rate": 0.5},
    "128 and 64 units instead of 512 and 256": {"units": (128, 64)},
    "5 epochs instead of 9": {"epochs": 5},
    "constant learning rate instead of cosine decay": {"cosine_decay": False},
    "batches of 32 at rate 0.001 instead of 256 at 0.002": {"batch_size": 32, "learning_rate": 0.001},
}
FULL_DATA_SEEDS = 3  # each run trains on 54,000 images: 3 seeds keep the study within about an hour


def _full_data_run(seed: int, data, units, dropout_rate, epochs, batch_size, learning_rate, cosine_decay) -> dict:
    """One recipe on all the training data (`validation_split=0.1`, as in lesson 04), scored like for like."""
    (x_train, y_train), (x_test, y_test) = data
    keras.backend.clear_session()
    keras.utils.set_random_seed(seed)
    layers = [keras.Input(shape=(28, 28)), keras.layers.Rescaling(1 / 255), keras.layers.Flatten()]
    for width in units:
        layers.append(keras.layers.Dense(width, activation="relu"))
        if dropout_rate:
            layers.append(keras.layers.Dropout(dropout_rate))
    model = keras.Sequential([*layers, keras.layers.Dense(10, activation="softmax")])
    steps = epochs * -(-int(0.9 * len(x_train)) // batch_size)
    rate = keras.optimizers.schedules.CosineDecay(learning_rate, decay_steps=steps) if cosine_decay else learning_rate
    model.compile(optimizer=keras.optimizers.Adam(rate), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"], steps_per_execution=STEPS_PER_EXECUTION)  # fmt: skip
    start = time.perf_counter()
    history = model.fit(x_train, y_train, validation_split=0.1, epochs=epochs, batch_size=batch_size, verbose=0)
    seconds = time.perf_counter() - start
    split = int(0.9 * len(x_train))  # validation_split takes the last 10 %
    score = lambda x, y: model.evaluate(x, y, batch_size=2000, verbose=0, return_dict=True)  # noqa: E731
    train, val, test = (
        score(x_train[:split], y_train[:split]),
        score(x_train[split:], y_train[split:]),
        score(x_test, y_test),
    )
    val_loss = history.history["val_loss"]
    return {
        "seed": seed,
        "parameters": model.count_params(),
        "history_train_accuracy": round(history.history["accuracy"][-1], 6),  # dropout on, weights still moving
        "train_accuracy": round(train["accuracy"], 6),  # evaluate: dropout off, final weights
        "val_accuracy": round(val["accuracy"], 6),
        "test_accuracy": round(test["accuracy"], 6),
        "val_loss": round(val["loss"], 6),
        "lowest_val_loss_epoch": val_loss.index(min(val_loss)) + 1,
        "fit_seconds": round(seconds, 2),
    }


@experiment("lesson06_full_data")
def full_data(seeds: Sequence[int]) -> Rows:
    """Lesson 06's full-data recipe taken apart: which ingredient earns the gain over lesson 04's reference?

    Every recipe trains on the 60,000 training images with `validation_split=0.1`
    (the last 6,000 validate), raw pixels and Rescaling(1/255), Adam. The full
    recipe: hidden layers of 512 and 256 units, dropout 0.3 after each, 9
    epochs, batches of 256 at a learning rate of 0.002 decaying to 0 along a
    cosine. Each other row changes one ingredient (lesson 04's reference
    changes all). One row per recipe and seed: accuracy on the 54,000 training
    images by `evaluate` (dropout off) and as `fit` reported it in the last
    epoch (dropout on), on the 6,000 validation and the 10,000 test images;
    the validation loss and the epoch where it was lowest; the fit time
    (rough: a shared machine). Only the first 3 seeds: each run takes about a
    minute here. Ingredients are judged on validation; test only reports.
    """
    data = load_mnist()
    rows = []
    for seed in list(seeds)[:FULL_DATA_SEEDS]:
        for name, change in ABLATIONS.items():
            recipe = {**FULL_DATA_RECIPE, **change}
            rows.append({"recipe": name, **_full_data_run(seed, data, **recipe)})
            print(f"  seed {seed} {name}: val {rows[-1]['val_accuracy']:.4f}", flush=True)
    return rows
