"""Lesson 03's checkers accept the solutions, reject realistic mistakes with the right hint
and explain malformed answers instead of raising."""

import numpy as np
import pytest

from helpers.exercises import lesson03
from helpers.tf_quiet import keras

# ---------------------------------------------------------------- exercise 1


def test_parameter_count_accepted(capsys):
    assert lesson03.check_parameter_count((784 * 256 + 256) + (256 * 10 + 10)).passed
    assert "203,530" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("answer", "hint"),
    [
        (784 * 256 + 256 * 10, "weights only"),
        (784 * 256 + 256, "hidden layer alone"),
        (784 * 256 + 256 * 10 + 10, "biases are missing"),
        (784 * 256 * 10, "do not multiply"),
        (203_531, "not yet"),
    ],
)
def test_parameter_count_mistakes(answer, hint):
    feedback = lesson03.check_parameter_count(answer)
    assert not feedback.passed and hint in feedback.message


def test_parameter_count_malformed():
    assert "whole number" in lesson03.check_parameter_count("203530").message
    assert "whole number" in lesson03.check_parameter_count(2.5).message


# ---------------------------------------------------------------- exercise 2


def sequential(*layers, input_shape=(28, 28)):
    return keras.Sequential([keras.Input(shape=input_shape), *layers])


def build_small_model():
    return sequential(
        keras.layers.Flatten(),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    )


def test_small_model_accepted():
    feedback = lesson03.check_small_model(build_small_model)
    assert feedback.passed and "52,650" in feedback.message


@pytest.mark.parametrize(
    ("build", "hint"),
    [
        (
            lambda: sequential(
                keras.layers.Dense(64, activation="relu"),
                keras.layers.Dense(32, activation="relu"),
                keras.layers.Dense(10, activation="softmax"),
            ),
            "add a Flatten layer",
        ),
        (
            lambda: sequential(
                keras.layers.Flatten(),
                keras.layers.Dense(64),
                keras.layers.Dense(32),
                keras.layers.Dense(10, activation="softmax"),
            ),
            "need activation='relu'",
        ),
        (
            lambda: sequential(
                keras.layers.Flatten(),
                keras.layers.Dense(64, activation="relu"),
                keras.layers.Dense(32, activation="relu"),
                keras.layers.Dense(10, activation="relu"),
            ),
            "needs activation='softmax'",
        ),
        (
            lambda: sequential(
                keras.layers.Flatten(),
                keras.layers.Dense(32, activation="relu"),
                keras.layers.Dense(64, activation="relu"),
                keras.layers.Dense(10, activation="softmax"),
            ),
            "(64, 32, 10) units, in that order",
        ),
        (
            lambda: sequential(keras.layers.Dense(10, activation="softmax"), input_shape=(784,)),
            "keras.Input(shape=(28, 28))",
        ),
    ],
)
def test_small_model_mistakes(build, hint):
    feedback = lesson03.check_small_model(build)
    assert not feedback.passed and hint in feedback.message


def test_small_model_malformed():
    assert "forget `return model`" in lesson03.check_small_model(lambda: None).message
    assert "should return a Keras model, got list" in lesson03.check_small_model(lambda: [64, 32, 10]).message
    assert "pass the function itself" in lesson03.check_small_model(build_small_model()).message
    assert "should be a function" in lesson03.check_small_model("64, 32, 10").message


# ---------------------------------------------------------------- exercise 3


def softmax(logits):
    logits = np.asarray(logits, dtype=float)
    shifted = logits - logits.max(axis=-1, keepdims=True)
    exps = np.exp(shifted)
    return exps / exps.sum(axis=-1, keepdims=True)


def test_softmax_accepted():
    assert lesson03.check_softmax(softmax).passed


@pytest.mark.parametrize(
    ("function", "hint"),
    [
        (lambda z: np.exp(z) / np.exp(z).sum(axis=-1, keepdims=True), "subtract the largest logit first"),
        (lambda z: np.exp(z - np.max(z)) / np.exp(z - np.max(z)).sum(), "each row should sum to 1"),
        (lambda z: np.exp(z), "divide the exponentials by their sum"),
        (lambda z: np.asarray(z) / np.sum(z), "values are off"),
        (
            lambda z: np.exp(z - np.max(z)) / np.exp(z - np.max(z)).sum(axis=-1, keepdims=True),
            "each row's own largest logit",
        ),
    ],
)
def test_softmax_mistakes(function, hint):
    feedback = lesson03.check_softmax(function)
    assert not feedback.passed and hint in feedback.message


def test_softmax_malformed():
    assert "should be a function" in lesson03.check_softmax([0.1, 0.9]).message
    assert "forget `return`" in lesson03.check_softmax(lambda z: None).message


# ---------------------------------------------------------------- exercise 4


def merge_linear_layers(layers):
    weights, bias = layers[0]
    for next_weights, next_bias in layers[1:]:
        weights, bias = weights @ next_weights, bias @ next_weights + next_bias
    return weights, bias


def test_merge_accepted():
    assert lesson03.check_merge_linear_layers(merge_linear_layers).passed


def only_last_bias(layers):
    weights = layers[0][0]
    for next_weights, _ in layers[1:]:
        weights = weights @ next_weights
    return weights, layers[-1][1]


def first_layer_only(layers):
    return layers[0]


def forgets_own_bias(layers):
    weights, bias = layers[0]
    for next_weights, _ in layers[1:]:
        weights, bias = weights @ next_weights, bias @ next_weights
    return weights, bias


@pytest.mark.parametrize(
    ("function", "hint"),
    [
        (only_last_bias, "only the last bias"),
        (first_layer_only, "W should have shape (6, 4), got (6, 5): multiply the W's in order"),
        (forgets_own_bias, "b becomes b @ W_next + b_next"),
        (lambda layers: merge_linear_layers(layers[:2]), "for 3 layer(s)"),
    ],
)
def test_merge_mistakes(function, hint):
    feedback = lesson03.check_merge_linear_layers(function)
    assert not feedback.passed and hint in feedback.message


def test_merge_malformed():
    assert "return two things" in lesson03.check_merge_linear_layers(lambda layers: layers[0][0]).message
    assert "forget `return W, b`" in lesson03.check_merge_linear_layers(lambda layers: None).message
    assert "should be a function" in lesson03.check_merge_linear_layers(np.eye(3)).message
