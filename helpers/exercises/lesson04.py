"""Checkers for lesson 04 (training and evaluation).

Each checker examines what the learner's code produced (an array, a
learning rate, a model, a prediction), never the text of the code.
"""

import math
import weakref

import numpy as np

from helpers import lesson04
from helpers.exercises.core import Hint, Hints, as_number, checker, require, require_model
from helpers.report import format_percent
from helpers.tf_quiet import keras

hint = Hints(
    {
        1: (
            "Row d of the matrix holds every test image whose true digit is d; the diagonal holds the right answers.",
            "np.diag(matrix) gives the right answers per digit; divide by matrix.sum(axis=1), the images per digit.",
        ),
        2: (
            "Keep only the rows of plain SGD, then average the validation accuracy over the seeds for each rate.",
            "For each rate r: np.mean([row['val_accuracy'] for row in sgd if row['learning_rate'] == r]); "
            "then take the rate whose mean is largest (max(means, key=means.get) on a dict).",
        ),
        3: (
            "Copy the reference network, but let the last Dense layer output raw scores: no activation.",
            "keras.layers.Dense(10, name='output') has no activation; compile with "
            "loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True).",
        ),
        4: (
            "On a long, steady slope momentum keeps adding up past steps: each step becomes lr / (1 - momentum).",
            "0.01 / (1 - 0.9) = 0.1: momentum at 0.01 takes steps like plain SGD at 0.1, ten times Keras' default.",
        ),
    }
)

_PLAIN_SGD = "plain SGD"
_PREDICTIONS = ("lower", "about the same", "higher")


@checker
def check_per_digit_accuracy(per_digit, matrix) -> str:
    """Exercise 1: for each digit, the fraction of its test images read correctly (from the confusion matrix)."""
    matrix = np.asarray(matrix)
    answer = np.asarray(per_digit)
    require(
        answer.dtype != object and np.issubdtype(answer.dtype, np.number),
        f"expected an array of 10 numbers, got {type(per_digit).__name__}.",
    )
    require(answer.shape == (10,), f"expected 10 numbers, one per digit, got shape {answer.shape}.")
    diagonal = np.diag(matrix).astype(float)
    expected = diagonal / matrix.sum(axis=1)
    require(
        not np.allclose(answer, diagonal),
        "those are counts of right answers; divide each by how many test images of that digit there are "
        "(the row sums).",
    )
    require(
        not np.allclose(answer, 100 * expected, atol=1e-3), "those are percentages; give fractions between 0 and 1."
    )
    require(
        not np.allclose(answer, diagonal / matrix.sum(axis=0), atol=1e-6),
        "you divided by the column sums: that is the share of the network's answers 'd' that were right. "
        "Rows are the true digits: divide by the row sums.",
    )
    require(
        not np.allclose(answer, diagonal / matrix.sum(), atol=1e-6),
        "you divided by the total number of images; divide by each digit's own row sum.",
    )
    require(
        np.allclose(answer, expected, atol=1e-6), "not yet the diagonal divided by the row sums (matrix.sum(axis=1))."
    )
    return (
        "the diagonal over the row sums: how often each digit is read correctly. One accuracy for all "
        "10,000 images averages these ten numbers, weighted by how many images each digit has."
    )


def _mean_by_rate(rows, optimizer: str, key: str) -> dict[float, float]:
    rates = sorted({row["learning_rate"] for row in rows if row["optimizer"] == optimizer})
    return {
        rate: float(np.mean([r[key] for r in rows if r["optimizer"] == optimizer and r["learning_rate"] == rate]))
        for rate in rates
    }


@checker
def check_chosen_learning_rate(rate) -> str:
    """Exercise 2: plain SGD's learning rate with the best mean validation accuracy in the study's grid."""
    rate = as_number(rate, "sgd_rate")
    rows = lesson04.lr_grid_rows()
    validation = _mean_by_rate(rows, _PLAIN_SGD, "val_accuracy")
    test = _mean_by_rate(rows, _PLAIN_SGD, "test_accuracy")
    sgd = [row for row in rows if row["optimizer"] == _PLAIN_SGD]
    expected = max(validation, key=validation.get)
    tried = ", ".join(f"{r:g}" for r in validation)
    if math.isclose(rate, expected, rel_tol=1e-9):
        runner_up = max((r for r in validation if r != expected), key=validation.get)
        gap = 100 * (validation[expected] - validation[runner_up])
        return (
            f"plain SGD's best rate on validation is {expected:g}, {expected / 0.01:g} times Keras' default 0.01 "
            f"(mean validation accuracy {format_percent(validation[expected], 2)}). The runner-up, {runner_up:g}, is "
            f"{gap:.2f} points behind: less than the seeds' spread, so either would do."
        )
    require(
        any(math.isclose(rate, r, rel_tol=1e-9) for r in validation), f"{rate:g} is not in the grid; it tried {tried}."
    )
    require(
        not math.isclose(rate, max(test, key=test.get), rel_tol=1e-9),
        f"{rate:g} has the best mean *test* accuracy, not the best validation accuracy: did you use "
        "'test_accuracy'? The test set must choose nothing: use 'val_accuracy'.",
    )
    require(
        not math.isclose(rate, max(sgd, key=lambda row: row["val_accuracy"])["learning_rate"], rel_tol=1e-9),
        "that is the rate of the single best run: one lucky seed. Average each rate's validation accuracy "
        "over the seeds first.",
    )
    require(
        not math.isclose(rate, 0.01),
        "0.01 is Keras' default for SGD, the rate the unfair comparison used; the grid's best is elsewhere.",
    )
    raise Hint(
        f"at {rate:g} plain SGD's mean validation accuracy is {format_percent(validation[rate], 2)}; "
        "another rate does better."
    )


@checker
def check_logits_model(logits_model) -> str:
    """Exercise 3: the reference network ending in raw scores, compiled with from_logits=True."""
    model = require_model(logits_model, "logits_model", input_shape=(28, 28), output_units=10)
    require(
        model.count_params() == 109_386,
        f"logits_model has {model.count_params():,} parameters; the reference network has 109,386.",
    )
    activation = getattr(model.layers[-1], "activation", None)
    require(
        getattr(activation, "__name__", "") == "linear",
        f"the last layer still applies {getattr(activation, '__name__', activation)}: leave out `activation` so it "
        "outputs logits.",
    )
    require(getattr(model, "optimizer", None) is not None, "logits_model has not been compiled: call compile(...).")
    loss = model.loss
    require(
        not isinstance(loss, str),
        f"the loss {loss!r} expects probabilities. Pass a loss object that knows its input are logits: "
        "keras.losses.SparseCategoricalCrossentropy(from_logits=True).",
    )
    require(
        getattr(loss, "from_logits", None) is True,
        "the loss does not know its inputs are logits: create it with from_logits=True.",
    )
    require(
        isinstance(loss, keras.losses.SparseCategoricalCrossentropy),
        f"{type(loss).__name__} is not the loss for integer labels: use SparseCategoricalCrossentropy.",
    )
    return (
        "the network outputs logits and the loss takes them: it computes log softmax in one step, "
        "so no probability is rounded to 0. keras.ops.softmax(logits) gives the probabilities when you want them."
    )


def _one_epoch(template: keras.Model, optimizer, x_train, y_train, seed: int) -> float:
    """Validation accuracy of a fresh copy of `template` after one epoch on 10,000 training images."""
    keras.utils.set_random_seed(seed)
    model = keras.models.clone_model(template)
    model.compile(
        optimizer=optimizer, loss="sparse_categorical_crossentropy", metrics=["accuracy"], steps_per_execution=50
    )
    model.fit(x_train[:10_000], y_train[:10_000], epochs=1, batch_size=32, verbose=0)
    predictions = np.asarray(model(x_train[-6_000:])).argmax(axis=1)  # a direct call: no new function to compile
    return float(np.mean(predictions == y_train[-6_000:]))


_momentum_runs: dict[tuple, tuple[weakref.ref, tuple[float, float]]] = {}


def _plain_and_momentum(template: keras.Model, x_train, y_train, seed: int) -> tuple[float, float]:
    """Validation accuracy after one epoch of plain SGD and of SGD with momentum 0.9, both at 0.01.

    Remembered per model, data and seed, so that checking a corrected
    answer again does not train again.
    """
    key = (id(template), id(x_train), id(y_train), seed)
    if key in _momentum_runs and _momentum_runs[key][0]() is template:
        return _momentum_runs[key][1]
    plain = _one_epoch(template, keras.optimizers.SGD(learning_rate=0.01), x_train, y_train, seed)
    momentum = _one_epoch(template, keras.optimizers.SGD(learning_rate=0.01, momentum=0.9), x_train, y_train, seed)
    _momentum_runs[key] = (weakref.ref(template), (plain, momentum))
    return plain, momentum


@checker
def check_momentum_prediction(prediction, similar_rate, model, x_train, y_train, seed: int) -> str:
    """Exercise 4: predict momentum's effect at Keras' default rate, and the plain-SGD rate it behaves like.

    Trains two fresh copies of `model` (plain SGD and SGD with momentum 0.9,
    both at 0.01) for one epoch on 10,000 training images and compares their
    validation accuracy; the plain-SGD rate is checked against lr / (1 - 0.9).
    """
    require(
        isinstance(prediction, str) and prediction.strip().lower() in _PREDICTIONS,
        f"`prediction` should be one of {', '.join(repr(p) for p in _PREDICTIONS)}; got {prediction!r}.",
    )
    similar_rate = as_number(similar_rate, "similar_rate")
    require_model(model, "model", input_shape=(28, 28), output_units=10)
    require(
        not math.isclose(similar_rate, 0.001, rel_tol=1e-6) and not math.isclose(similar_rate, 0.009, rel_tol=1e-6),
        "momentum makes the steps longer, not shorter: divide the learning rate by (1 - momentum).",
    )
    require(
        math.isclose(similar_rate, 0.1, rel_tol=1e-6),
        f"{similar_rate:g} is not lr / (1 - momentum) for lr 0.01 and momentum 0.9.",
    )
    plain, momentum = _plain_and_momentum(model, x_train, y_train, seed)
    measured = (
        f"after one epoch on 10,000 images: plain SGD {format_percent(plain)}, "
        f"with momentum 0.9 {format_percent(momentum)}"
    )
    require(
        prediction.strip().lower() == "higher",
        f"{measured}. Momentum makes each step about lr / (1 - 0.9) long, ten times longer.",
    )
    return f"{measured}. Momentum at 0.01 steps like plain SGD at 0.01 / (1 - 0.9) = 0.1."
