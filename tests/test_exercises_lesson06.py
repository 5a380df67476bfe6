"""Lesson 06 checkers: each accepts the solution and rejects realistic mistakes with a useful hint."""

import functools
import math

import numpy as np
import pytest

from helpers.exercises import lesson06 as exercises
from helpers.tf_quiet import keras

RNG = np.random.default_rng(0)


@functools.cache  # one model per digit: fitting and scoring a fresh model costs seconds of tracing
def constant_model(digit: int):
    """A trained-looking digit classifier that reads every image as `digit` (shared: do not change it)."""
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(), keras.layers.Dense(10, "softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(np.zeros((4, 28, 28), np.uint8), np.zeros(4), epochs=1, verbose=0)
    bias = np.full(10, -10.0, np.float32)
    bias[digit] = 10.0
    model.layers[-1].set_weights([np.zeros((784, 10), np.float32), bias])
    return model


# --- Exercise 1: the end of the training file against the test set ------------------------------------------


@pytest.fixture
def files():
    """Training labels whose last 2,000 are all 7s, test labels of every digit: a 7-reader scores higher on the end."""
    x_train, x_test = RNG.integers(0, 256, (2500, 28, 28), np.uint8), RNG.integers(0, 256, (300, 28, 28), np.uint8)
    y_train, y_test = np.r_[np.zeros(500, int), np.full(2000, 7)], np.arange(300) % 10
    return x_train, y_train, x_test, y_test


def test_slice_prediction_accepts_higher(files, assert_correct):
    assert_correct(exercises.check_slice_prediction("higher", constant_model(7), *files), "100.0 %", "10.0 %")


def test_slice_prediction_shows_the_experiment_when_wrong(files, assert_hint):
    assert_hint(exercises.check_slice_prediction("lower", constant_model(7), *files), "says otherwise", "100.0 %")
    assert_hint(exercises.check_slice_prediction("about the same", constant_model(7), *files), "reads easier")


def test_slice_prediction_explains_a_malformed_answer(files, digit_model, assert_hint, capsys):
    assert_hint(exercises.check_slice_prediction("maybe", constant_model(7), *files), "should be one of")
    assert_hint(exercises.check_slice_prediction("higher", digit_model(4), *files), "has not been compiled")
    assert not exercises.check_slice_prediction(..., constant_model(7), *files).attempted


# --- Exercise 2: the standard error -------------------------------------------------------------------------


def test_standard_error_accepts_the_formula(assert_correct):
    assert_correct(exercises.check_standard_error(lambda p, n: np.sqrt(p * (1 - p) / n)), "± 0.3 points")
    assert_correct(exercises.check_standard_error(lambda p, n: math.sqrt(p * (1 - p) / n)))


@pytest.mark.parametrize(
    ("answer", "fragment"),
    [
        (lambda p, n: p * (1 - p) / n, "variance"),
        (lambda p, n: 100 * np.sqrt(p * (1 - p) / n), "points"),
        (lambda p, n: np.sqrt(p / n), "p × (1 − p)"),
        (lambda p, n: np.sqrt(p * (1 - p)) / n, "under the square root"),
        (lambda p, n: np.sqrt(p * (1 - p) / (n - 1)) + 0.01, "gave"),
    ],
)
def test_standard_error_rejects_common_mistakes(answer, fragment, assert_hint):
    assert_hint(exercises.check_standard_error(answer), fragment)


def test_standard_error_explains_a_broken_function(assert_hint):
    def forgot_return(p, n):
        np.sqrt(p * (1 - p) / n)

    assert_hint(exercises.check_standard_error(forgot_return), "forget `return`")
    assert_hint(exercises.check_standard_error(lambda p: p), "raised TypeError")
    assert_hint(exercises.check_standard_error(0.003), "should be your function itself")


# --- Exercise 3: which split decides ------------------------------------------------------------------------


def test_deciders_accepts_the_solution(assert_correct):
    assert_correct(exercises.check_deciders(dict(exercises.DECIDERS)), "validation makes every choice")
    assert_correct(exercises.check_deciders({k: v.upper() for k, v in exercises.DECIDERS.items()}))


@pytest.mark.parametrize(
    ("decision", "answer", "fragment"),
    [
        ("the number of epochs to train", "test", "choice made by comparing runs"),
        ("the accuracy you promise a user of the finished network", "validation", "chose nothing"),
        ("the weights of the network", "validation", "what training fits"),
        ("the largest shift for augmentation", "train", "answer 'training', 'validation' or 'test'"),
    ],
)
def test_deciders_rejects_wrong_splits(decision, answer, fragment, assert_hint):
    assert_hint(exercises.check_deciders({**exercises.DECIDERS, decision: answer}), fragment)


def test_deciders_explains_a_malformed_answer(assert_hint):
    assert_hint(exercises.check_deciders(dict.fromkeys(exercises.DECIDERS, ...)), "fill in every `...`")
    assert_hint(exercises.check_deciders({"the weights": "training"}), "keep the five decisions")
    assert_hint(exercises.check_deciders(["training"]), "should be a dict")


# --- Exercise 4: the penalty by hand ------------------------------------------------------------------------

STRENGTH = 0.01


@pytest.fixture(scope="module")
def l2_model():
    keras.utils.set_random_seed(0)
    penalty = keras.regularizers.L2(STRENGTH)
    model = keras.Sequential([
        keras.Input(shape=(28, 28)), keras.layers.Rescaling(1 / 255), keras.layers.Flatten(),
        keras.layers.Dense(8, activation="relu", kernel_regularizer=penalty),
        keras.layers.Dense(8, activation="relu", kernel_regularizer=penalty),
        keras.layers.Dense(10, activation="softmax"),
    ])  # fmt: skip
    cross_entropy = keras.metrics.SparseCategoricalCrossentropy(name="cross_entropy")
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy", cross_entropy])
    x = RNG.integers(0, 256, (64, 28, 28), np.uint8)
    model.fit(x, np.arange(64) % 10, epochs=1, verbose=0)
    return model, x, np.arange(64) % 10


def kernels(model):
    return [np.asarray(layer.kernel, np.float64) for layer in model.layers[2:4]]


def test_penalty_accepts_the_sum_over_both_layers(l2_model, assert_correct):
    model, x, y = l2_model
    penalty = STRENGTH * sum(np.sum(k**2) for k in kernels(model))
    assert_correct(exercises.check_penalty(penalty, model, x, y), "evaluate's loss minus its cross-entropy")


@pytest.mark.parametrize(
    ("mistake", "fragment"),
    [
        (lambda ks: sum(np.sum(k**2) for k in ks), "multiply it by the strength 0.01"),
        (lambda ks: STRENGTH * sum(np.sum(np.abs(k)) for k in ks), "L1 penalty"),
        (lambda ks: 0.5 * STRENGTH * sum(np.sum(k**2) for k in ks), "no factor 1/2"),
        (lambda ks: STRENGTH * np.sum(ks[0] ** 2), "add the second one's"),
        (lambda ks: 2.0, "is not what the penalty adds"),
    ],
)
def test_penalty_rejects_common_mistakes(l2_model, mistake, fragment, assert_hint):
    model, x, y = l2_model
    assert_hint(exercises.check_penalty(mistake(kernels(model)), model, x, y), fragment)


def test_penalty_explains_a_malformed_answer(l2_model, assert_hint):
    model, x, y = l2_model
    assert_hint(exercises.check_penalty("0.3", model, x, y), "not text")
    assert_hint(exercises.check_penalty(np.ones(3), model, x, y), "one number")


# --- Exercise 5: shifted digits -----------------------------------------------------------------------------


def test_shifted_right_moves_the_ink_and_blanks_the_edge():
    image = np.zeros((1, 28, 28), np.uint8)
    image[0, 10, 20] = 255
    moved = exercises.shifted_right(image)
    assert moved[0, 10, 23] == 255 and moved.sum() == 255 and not moved[0, :, :3].any()


def test_shift_prediction_accepts_augmentation(assert_correct):
    x, y = RNG.integers(0, 256, (50, 28, 28), np.uint8), np.arange(50) % 10
    feedback = exercises.check_shift_prediction("augmentation", constant_model(3), constant_model(4), x, y)
    assert_correct(feedback, "no remedy: 10.0 % → 10.0 %", "Lesson 07")


def test_shift_prediction_rejects_the_others_with_the_experiment(assert_hint):
    x, y = RNG.integers(0, 256, (50, 28, 28), np.uint8), np.arange(50) % 10
    for wrong in ("no remedy", "about the same"):
        feedback = exercises.check_shift_prediction(wrong, constant_model(3), constant_model(4), x, y)
        assert_hint(feedback, "says otherwise", "shifted 3 pixels", "seen shifted digits")
    assert_hint(exercises.check_shift_prediction(3, constant_model(3), constant_model(4), x, y), "should be one of")


# --- the helper lesson 07 shares -------------------------------------------------------------------------


def test_takes_digit_images(digit_model):
    assert exercises.takes_digit_images(digit_model(4))
    assert not exercises.takes_digit_images(keras.Sequential([keras.layers.Dense(3)]))
