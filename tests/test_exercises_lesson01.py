"""Lesson 01's checkers accept the solutions, reject realistic mistakes with the right hint
and explain malformed answers instead of raising."""

import numpy as np
import pytest

from helpers.exercises import lesson01
from helpers.lesson01 import make_circles, make_spirals
from helpers.tf_quiet import keras


def one_neuron(weight: float = 6.0, bias: float = 30.0) -> keras.Sequential:
    model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1)])
    model.set_weights([np.array([[weight]], np.float32), np.array([bias], np.float32)])
    return model


def mark_trained(model: keras.Sequential) -> keras.Sequential:
    """Give a hand-set model one training step with learning rate 0: trained, weights unchanged."""
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.0), loss="binary_crossentropy")
    x, y = make_circles(n=32, seed=5)
    model.fit(x, y, epochs=1, batch_size=32, verbose=0)
    return model


def diamond_model(radius: float = 0.75) -> keras.Sequential:
    """Hand-set 2 -> 4 ReLU -> 1: class 1 outside the diamond |x| + |y| = radius."""
    model = keras.Sequential(
        [keras.Input(shape=(2,)), keras.layers.Dense(4, activation="relu"), keras.layers.Dense(1, activation="sigmoid")]
    )
    steepness = 20.0
    model.set_weights([
        np.array([[1, -1, 0, 0], [0, 0, 1, -1]], np.float32), np.zeros(4, np.float32),
        np.full((4, 1), steepness, np.float32), np.array([-steepness * radius], np.float32),
    ])  # fmt: skip
    return mark_trained(model)


def linear_classifier() -> keras.Sequential:
    return mark_trained(keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1, activation="sigmoid")]))


# ---------------------------------------------------------------- exercise 1


def test_predicted_score_accepts_weight_times_hours_plus_bias(capsys):
    assert lesson01.check_predicted_score(6.0 * 7.5 + 30.0, one_neuron()).passed
    assert capsys.readouterr().out.startswith("✅ Correct: weight × 7.5 + bias = 75.0 points")
    assert lesson01.check_predicted_score(np.array([[75.0]]), one_neuron()).passed  # a model output works too


@pytest.mark.parametrize(
    ("answer", "hint"),
    [
        (45.0, "forgot to add the bias"),
        (30.0, "the bias alone"),
        (7.5, "number of hours"),
        (80.0, "off by 5.00 points"),
    ],
)
def test_predicted_score_mistakes(answer, hint):
    feedback = lesson01.check_predicted_score(answer, one_neuron())
    assert not feedback.passed and hint in feedback.message


@pytest.mark.parametrize(
    ("answer", "hint"), [("75", "not text"), ([75.0, 76.0], "one number"), (float("nan"), "finite number")]
)
def test_predicted_score_malformed(answer, hint):
    assert hint in lesson01.check_predicted_score(answer, one_neuron()).message


# ---------------------------------------------------------------- exercise 2


def count_hidden_layers(model):
    return len([layer for layer in model.layers if layer.weights]) - 1


def test_hidden_layer_counter_accepted():
    feedback = lesson01.check_count_hidden_layers(count_hidden_layers)
    assert feedback.passed and "MNIST model is a DNN" in feedback.message


def test_counting_the_output_layer_too_is_one_too_many():
    feedback = lesson01.check_count_hidden_layers(lambda model: len([la for la in model.layers if la.weights]))
    assert not feedback.passed and "one too many: the last Dense layer is the output layer" in feedback.message


def test_counting_flatten_is_explained():
    feedback = lesson01.check_count_hidden_layers(lambda model: len(model.layers) - 1)
    assert not feedback.passed
    assert "Flatten" in feedback.message and "it has 2 hidden layer(s)" in feedback.message


def test_hidden_layer_counter_malformed():
    assert "should be a function" in lesson01.check_count_hidden_layers(3).message
    assert "forget `return`" in lesson01.check_count_hidden_layers(lambda model: None).message
    assert "return a whole number" in lesson01.check_count_hidden_layers(lambda model: "two").message
    crashing = lesson01.check_count_hidden_layers(lambda model: model.nonexistent)
    assert not crashing.passed and "could not be checked (AttributeError" in crashing.message


# ---------------------------------------------------------------- exercise 3


def test_a_model_that_separates_the_circles_is_accepted():
    feedback = lesson01.check_circles_model(diamond_model())
    assert feedback.passed and "with 1 hidden layer(s)" in feedback.message


@pytest.mark.parametrize(
    ("make_model", "hint"),
    [
        (linear_classifier, "no hidden layer draws a straight line"),
        (lambda: diamond_model(radius=0.3), "aim for 95%"),
        (
            lambda: keras.Sequential(
                [keras.Input(shape=(2,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1)]
            ),
            "has not been trained yet",
        ),
        (lambda: keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1)]), "2 numbers per point"),
        (lambda: keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(2)]), "Dense(1, activation='sigmoid')"),
    ],
)
def test_circles_mistakes(make_model, hint):
    feedback = lesson01.check_circles_model(make_model())
    assert not feedback.passed and hint in feedback.message


def test_circles_malformed():
    assert "should be a Keras model, got str" in lesson01.check_circles_model("my model").message
    assert "replace the `...`" in lesson01.check_circles_model(None).message


# ---------------------------------------------------------------- exercise 4


@pytest.fixture(scope="module")
def small_spiral_model():
    """The notebook's solution: three hidden layers of 8 units (177 parameters), trained briefly."""
    keras.utils.set_random_seed(42)
    model = keras.Sequential(
        [keras.Input(shape=(2,))]
        + [keras.layers.Dense(8, activation="relu") for _ in range(3)]
        + [keras.layers.Dense(1, activation="sigmoid")]
    )
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.02), loss="binary_crossentropy")
    x, y = make_spirals(n=1000, seed=0)
    model.fit(x, y, epochs=15, batch_size=32, verbose=0)
    return model


def test_small_spiral_model_accepted(small_spiral_model):
    feedback = lesson01.check_small_spiral_model(small_spiral_model)
    assert feedback.passed and "177 parameters" in feedback.message


def test_too_many_parameters_are_named():
    big = mark_trained(keras.Sequential(
        [keras.Input(shape=(2,)), keras.layers.Dense(32, activation="relu"), keras.layers.Dense(32, activation="relu"),
         keras.layers.Dense(1, activation="sigmoid")]
    ))  # fmt: skip
    feedback = lesson01.check_small_spiral_model(big)
    assert not feedback.passed and "1,185 parameters" in feedback.message
    assert "at most 300" in feedback.message


def test_a_straight_line_on_spirals_falls_short():
    feedback = lesson01.check_small_spiral_model(linear_classifier())
    assert not feedback.passed and "aim for 97%" in feedback.message and "0 hidden layer(s)" in feedback.message


def test_small_spiral_malformed():
    assert "should be a Keras model" in lesson01.check_small_spiral_model(42).message
