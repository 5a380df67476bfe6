"""Lesson 03's checkers accept the solutions, reject realistic mistakes with the right hint and explain
malformed answers instead of raising."""

import math

import numpy as np
import pytest

from helpers.exercises import lesson03 as exercises
from helpers.tf_quiet import keras

# ---------------------------------------------------------------- exercise 1: parameters, predicted


@pytest.fixture(scope="module")
def wide():
    return keras.Sequential(
        [
            keras.Input(shape=(28, 28)),
            keras.layers.Flatten(),
            keras.layers.Dense(256, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )


def test_parameter_count_accepted(wide, assert_correct):
    feedback = exercises.check_parameter_count((784 * 256 + 256) + (256 * 10 + 10), wide)
    assert_correct(feedback, "203,530", "(784 × 256 + 256) + (256 × 10 + 10)")


@pytest.mark.parametrize(
    ("answer", "hint"),
    [
        (784 * 256 + 256 * 10, "weights only"),
        (784 * 256 + 256, "one layer alone"),
        (784 * 256 + 256 * 10 + 10, "biases are missing"),
        (784 * 256 * 10, "do not multiply"),
        (203_000, "not yet"),
    ],
)
def test_parameter_count_mistakes(wide, answer, hint, assert_hint):
    assert_hint(exercises.check_parameter_count(answer, wide), hint)


def test_parameter_count_malformed(wide, assert_hint):
    assert_hint(exercises.check_parameter_count("203530", wide), "not text")
    assert_hint(exercises.check_parameter_count(2.5, wide), "whole number")
    assert_hint(exercises.check_parameter_count(203_530, "wide"), "must be a Keras model")


# ---------------------------------------------------------------- exercise 2: the loss of uniform outputs


def test_uniform_loss_accepted(assert_correct):
    assert_correct(exercises.check_uniform_loss(np.log(10), 2.3025851), "2.3026 = ln 10")
    assert exercises.check_uniform_loss(2.3, math.log(10)).passed


@pytest.mark.parametrize(
    ("prediction", "hint"),
    [(0, "certainty"), (0.1, "−ln of the true digit's probability"), (-2.3026, "minus sign"), (2.35, "hint(2)")],
)
def test_uniform_loss_mistakes(prediction, hint, assert_hint):
    assert_hint(exercises.check_uniform_loss(prediction, math.log(10)), hint)


def test_uniform_loss_malformed(assert_hint):
    assert_hint(exercises.check_uniform_loss("ln 10", math.log(10)), "not text")
    assert_hint(exercises.check_uniform_loss(2.3, 2.41), "not ln 10")


# ---------------------------------------------------------------- exercise 3: softmax


def softmax(logits):
    logits = np.asarray(logits, dtype=float)
    shifted = logits - logits.max(axis=-1, keepdims=True)
    exps = np.exp(shifted)
    return exps / exps.sum(axis=-1, keepdims=True)


def test_softmax_accepted(assert_correct):
    assert_correct(exercises.check_softmax(softmax), "even for logits of 1000")


@pytest.mark.parametrize(
    ("function", "hint"),
    [
        (lambda z: np.exp(z), "divide the exponentials"),
        (lambda z: np.exp(z) / np.exp(z).sum(), "keepdims=True"),
        (lambda z: np.exp(z) / np.exp(z).sum(axis=-1, keepdims=True), "subtract the largest logit"),
        (lambda z: np.exp(z - np.max(z)) / np.exp(z - np.max(z)).sum(axis=-1, keepdims=True), "each row's own"),
        (lambda z: z / z.sum(), "exp(z) / sum(exp(z))"),
        (lambda z: None, "forget `return`"),
    ],
)
def test_softmax_mistakes(function, hint, assert_hint):
    assert_hint(exercises.check_softmax(function), hint)


def test_softmax_malformed(assert_hint):
    assert_hint(exercises.check_softmax([0.1, 0.9]), "should be your function itself")


# ---------------------------------------------------------------- exercise 4: merge affine layers


def merge_affine_layers(layers):
    W, b = layers[0]
    for W_next, b_next in layers[1:]:
        W, b = W @ W_next, b @ W_next + b_next
    return W, b


def test_merge_accepted(assert_correct):
    assert_correct(exercises.check_merge_affine_layers(merge_affine_layers), "one affine layer")


def last_bias_only(layers):
    W = layers[0][0]
    for W_next, _ in layers[1:]:
        W = W @ W_next
    return W, layers[-1][1]


def next_bias_forgotten(layers):
    W, b = layers[0]
    for W_next, _ in layers[1:]:
        W, b = W @ W_next, b @ W_next
    return W, b


@pytest.mark.parametrize(
    ("function", "hint"),
    [
        (last_bias_only, "only the last bias"),
        (next_bias_forgotten, "b is off"),
        (lambda layers: (layers[-1][0], layers[-1][1]), "W should have shape"),
        (lambda layers: layers[0][0], "return two things"),
        (lambda layers: None, "forget `return`"),
    ],
)
def test_merge_mistakes(function, hint, assert_hint):
    assert_hint(exercises.check_merge_affine_layers(function), hint)


def test_merge_malformed(assert_hint):
    assert_hint(exercises.check_merge_affine_layers(np.eye(3)), "should be your function itself")


# ---------------------------------------------------------------- hints
