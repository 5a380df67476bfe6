"""Lesson 04's checkers accept the reference solutions and reject realistic wrong answers with a useful hint."""

import numpy as np
import pytest

from helpers import study
from helpers.exercises import lesson04 as exercises
from helpers.tf_quiet import keras
from tests.test_lesson04 import write_table

# --- exercise 1: accuracy digit by digit ----------------------------------------------------------


@pytest.fixture
def matrix():
    rng = np.random.default_rng(0)
    matrix = rng.integers(0, 5, (10, 10))
    matrix[np.diag_indices(10)] = rng.integers(80, 120, 10)
    return matrix


def test_per_digit_accuracy_accepts_the_solution(matrix, assert_correct):
    feedback = exercises.check_per_digit_accuracy(np.diag(matrix) / matrix.sum(axis=1), matrix)
    assert_correct(feedback, "the diagonal over the row sums")


@pytest.mark.parametrize(("wrong", "hint"), [
    (lambda m: np.diag(m), "counts of right answers"),
    (lambda m: 100 * np.diag(m) / m.sum(axis=1), "percentages"),
    (lambda m: np.diag(m) / m.sum(axis=0), "column sums"),
    (lambda m: np.diag(m) / m.sum(), "total number of images"),
])  # fmt: skip
def test_per_digit_accuracy_rejects_wrong_denominators(matrix, wrong, hint, assert_hint):
    assert_hint(exercises.check_per_digit_accuracy(wrong(matrix), matrix), hint)


def test_per_digit_accuracy_explains_a_malformed_answer(matrix, assert_hint):
    assert_hint(exercises.check_per_digit_accuracy(np.ones(9), matrix), "10 numbers, one per digit")
    assert_hint(exercises.check_per_digit_accuracy("0.9", matrix), "array of 10 numbers")


# --- exercise 2: choose a learning rate on validation ------------------------------------------------


@pytest.fixture
def sgd_grid(tmp_path, monkeypatch):
    """A plain-SGD grid where the best mean validation rate (0.1), the best test rate (1.0) and the single
    best validation run (0.3) all differ."""
    rows = [
        {"optimizer": "plain SGD", "learning_rate": rate, "seed": seed, "val_accuracy": val, "test_accuracy": test}
        for rate, values in {
            0.01: ((0.950, 0.94), (0.952, 0.94)),
            0.1: ((0.976, 0.96), (0.976, 0.96)),
            0.3: ((0.990, 0.95), (0.950, 0.95)),
            1.0: ((0.960, 0.99), (0.960, 0.99)),
        }.items()
        for seed, (val, test) in enumerate(values)
    ]
    write_table(tmp_path, "lr_grid", rows)
    monkeypatch.setattr(study, "RESULTS_DIR", tmp_path)


def test_chosen_rate_accepts_the_best_mean_validation_rate(sgd_grid, assert_correct):
    feedback = exercises.check_chosen_learning_rate(0.1)
    assert_correct(feedback, "best rate on validation is 0.1, 10 times", "97.60 %", "runner-up, 0.3, is 0.60 points")


@pytest.mark.parametrize(("rate", "hint"), [
    (1.0, "best mean *test* accuracy"),
    (0.3, "one lucky seed"),
    (0.01, "Keras' default"),
    (0.5, "not in the grid"),
])  # fmt: skip
def test_chosen_rate_rejects_test_luck_and_defaults(sgd_grid, rate, hint, assert_hint):
    assert_hint(exercises.check_chosen_learning_rate(rate), hint)


def test_chosen_rate_explains_a_malformed_answer(sgd_grid, assert_hint):
    assert_hint(exercises.check_chosen_learning_rate("0.1"), "not text")
    assert_hint(exercises.check_chosen_learning_rate([0.1, 0.3]), "one number")


# --- exercise 3: a network that outputs logits --------------------------------------------------------


def reference_shaped(last_activation=None):
    keras.utils.set_random_seed(0)
    return keras.Sequential([
        keras.Input(shape=(28, 28)),
        keras.layers.Rescaling(1 / 255),
        keras.layers.Flatten(),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(10, activation=last_activation),
    ])  # fmt: skip


def test_logits_model_accepts_the_solution(assert_correct):
    model = reference_shaped()
    model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    assert_correct(exercises.check_logits_model(model), "outputs logits")


@pytest.mark.parametrize(("activation", "loss", "hint"), [
    ("softmax", keras.losses.SparseCategoricalCrossentropy(from_logits=True), "still applies softmax"),
    (None, "sparse_categorical_crossentropy", "expects probabilities"),
    (None, keras.losses.SparseCategoricalCrossentropy(), "create it with from_logits=True"),
    (None, keras.losses.CategoricalCrossentropy(from_logits=True), "not the loss for integer labels"),
])  # fmt: skip
def test_logits_model_rejects_softmax_and_probability_losses(activation, loss, hint, assert_hint):
    model = reference_shaped(activation)
    model.compile(optimizer="adam", loss=loss)
    assert_hint(exercises.check_logits_model(model), hint)


def test_logits_model_must_be_the_compiled_reference_network(digit_model, assert_hint):
    assert_hint(exercises.check_logits_model(reference_shaped()), "has not been compiled")
    assert_hint(exercises.check_logits_model(digit_model(8)), "6,370 parameters")


def test_logits_model_explains_malformed_answers(capsys, assert_hint):
    feedback = exercises.check_logits_model(...)
    assert not feedback.attempted and "Not attempted" in capsys.readouterr().out
    assert_hint(exercises.check_logits_model("model"), "must be a Keras model, got str")


# --- exercise 4: momentum at Keras' default rate -------------------------------------------------------


@pytest.fixture(scope="module")
def bars():
    """An easy stand-in for MNIST: digit d is a dark bar on rows 2d+4 and 2d+5, on uint8 noise."""
    rng = np.random.default_rng(0)
    labels = np.arange(400) % 10
    images = rng.integers(0, 60, (400, 28, 28), dtype=np.uint8)
    for digit in range(10):
        images[labels == digit, 2 * digit + 4 : 2 * digit + 6, 4:24] = 255
    return images, labels


@pytest.fixture(scope="module")
def small_network():
    """One small untrained network for every exercise-4 test: the checker remembers its runs per model."""
    keras.utils.set_random_seed(0)
    return keras.Sequential(
        [
            keras.Input(shape=(28, 28)),
            keras.layers.Rescaling(1 / 255),
            keras.layers.Flatten(),
            keras.layers.Dense(8, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )


def test_momentum_prediction_accepts_the_solution(small_network, bars, assert_correct):
    feedback = exercises.check_momentum_prediction("higher", 0.01 / (1 - 0.9), small_network, *bars, 0)
    assert_correct(feedback, "plain SGD", "with momentum 0.9", "0.01 / (1 - 0.9) = 0.1")


@pytest.mark.parametrize(("prediction", "rate", "hint"), [
    ("about the same", 0.1, "ten times longer"),
    ("Lower", 0.1, "after one epoch on 10,000 images"),
    ("higher", 0.001, "longer, not shorter"),
    ("higher", 0.09, "not lr / (1 - momentum)"),
])  # fmt: skip
def test_momentum_prediction_rejects_wrong_predictions_and_rates(small_network, bars, prediction, rate, hint,
                                                                 assert_hint):  # fmt: skip
    assert_hint(exercises.check_momentum_prediction(prediction, rate, small_network, *bars, 0), hint)


def test_momentum_prediction_explains_malformed_answers(small_network, bars, assert_hint):
    assert_hint(exercises.check_momentum_prediction(3, 0.1, small_network, *bars, 0), "should be one of")
    assert_hint(exercises.check_momentum_prediction("higher", "0.1", small_network, *bars, 0), "not text")
    assert_hint(exercises.check_momentum_prediction("higher", 0.1, "model", *bars, 0), "must be a Keras model")


# --- hints --------------------------------------------------------------------------------------------
