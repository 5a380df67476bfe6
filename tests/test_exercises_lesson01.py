"""Lesson 01's checkers accept the solutions, reject realistic mistakes with the right hint
and explain malformed answers instead of raising."""

import numpy as np
import pytest

from helpers import SEED
from helpers.exercises import lesson01 as exercises
from helpers.lesson01 import make_circles, make_spirals
from helpers.tf_quiet import keras


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


# ---------------------------------------------------------------- exercise 1: predict the batch size's effect


def runs(final_10: float, final_100: float) -> dict:
    """Histories as train_line returns them, ending at the given losses."""
    return {10: {"loss": [500.0, final_10]}, 100: {"loss": [900.0, final_100]}}


def test_batch_size_prediction_accepted(assert_correct):
    assert_correct(exercises.check_batch_size_prediction("higher", runs(35.4, 110.0)), "100 steps in all", "110.0")
    assert_correct(exercises.check_batch_size_prediction(" Higher ", runs(35.4, 110.0)))


def test_batch_size_prediction_follows_the_runs_not_a_fixed_answer(assert_correct):
    assert_correct(exercises.check_batch_size_prediction("about the same", runs(35.4, 36.0)))
    assert_correct(exercises.check_batch_size_prediction("same", runs(35.4, 36.0)))


@pytest.mark.parametrize(
    ("prediction", "hint"),
    [("lower", "exact gradient, true, but count the steps"), ("about the same", "still sees every student once")],
)
def test_batch_size_wrong_predictions_get_the_runs_and_a_reason(prediction, hint, assert_hint):
    assert_hint(exercises.check_batch_size_prediction(prediction, runs(35.4, 110.0)), hint, "at 110.0 with batches")


@pytest.mark.parametrize(
    ("prediction", "by_batch_size", "hint"),
    [
        (3, runs(35.4, 110.0), "in quotes"),
        ("much higher", runs(35.4, 110.0), '"lower", "about the same", "higher"'),
        ("higher", {10: {"loss": [35.4]}}, "no run for 100"),
        ("higher", {10: {"loss": [35.4]}, 100: {"loss": []}}, "recorded no loss"),
    ],
)
def test_batch_size_malformed(prediction, by_batch_size, hint, assert_hint):
    assert_hint(exercises.check_batch_size_prediction(prediction, by_batch_size), hint)


def test_batch_size_not_attempted(capsys):
    feedback = exercises.check_batch_size_prediction(..., runs(35.4, 110.0))
    assert not feedback.attempted and "Not attempted" in capsys.readouterr().out


# ---------------------------------------------------------------- exercise 2: the mean absolute error's gradient


def mae_gradients(weight, bias, hours, scores):
    error = weight * hours + bias - scores
    return np.mean(np.sign(error) * hours), np.mean(np.sign(error))


def test_mae_gradients_accepted(assert_correct):
    assert_correct(exercises.check_mae_gradients(mae_gradients), "match tf.GradientTape")


def test_mae_gradients_may_return_a_list_of_arrays(assert_correct):
    assert_correct(exercises.check_mae_gradients(lambda *args: [np.array(g) for g in mae_gradients(*args)]))


@pytest.mark.parametrize(
    ("answer", "hint"),
    [
        (lambda w, b, h, s: (np.mean(2 * (w * h + b - s) * h), np.mean(2 * (w * h + b - s))), "squared error's"),
        (lambda w, b, h, s: tuple(-g for g in mae_gradients(w, b, h, s)), "signs are flipped"),
        (lambda w, b, h, s: (np.sum(np.sign(w * h + b - s) * h), np.sum(np.sign(w * h + b - s))), "summed"),
        (lambda w, b, h, s: mae_gradients(w, b, h, s)[::-1], "swapped"),
        (lambda w, b, h, s: (np.mean(np.sign(w * h + b - s)),) * 2, "missing the hours"),
        (lambda w, b, h, s: (0.0, 0.0), "differs from yours"),
    ],
)
def test_mae_gradient_mistakes(answer, hint, assert_hint):
    assert_hint(exercises.check_mae_gradients(answer), hint)


@pytest.mark.parametrize(
    ("answer", "hint"),
    [
        (lambda w, b, h, s: None, "forget `return`"),
        (lambda w, b, h, s: 1.0, "return two numbers"),
        (lambda w, b, h, s: (h, h), "take the mean (np.mean)"),
        (lambda w, b, h, s: undefined_name, "raised NameError"),  # noqa: F821
        (mae_gradients(0.0, 0.0, np.ones(2), np.ones(2)), "pass it without brackets"),
    ],
)
def test_mae_gradients_malformed(answer, hint, assert_hint):
    assert_hint(exercises.check_mae_gradients(answer), hint)


# ---------------------------------------------------------------- exercise 3: disc and ring


def test_a_model_that_separates_the_circles_is_accepted(assert_correct):
    assert_correct(exercises.check_circles_model(diamond_model()), "with 1 hidden layer(s)")


@pytest.mark.parametrize(
    ("make_model", "hint"),
    [
        (linear_classifier, "no hidden layer draws a straight line"),
        (lambda: diamond_model(radius=0.3), "aim for 95%"),
        (
            lambda: keras.Sequential(
                [keras.Input(shape=(2,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1)]
            ),
            "has not been compiled",
        ),
        (lambda: keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1)]), "inputs of shape (2,)"),
        (lambda: keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(2)]), "output 1 numbers"),
    ],
)
def test_circles_mistakes(make_model, hint, assert_hint):
    assert_hint(exercises.check_circles_model(make_model()), hint)


def test_circles_malformed(assert_hint, capsys):
    assert_hint(exercises.check_circles_model("my model"), "must be a Keras model, got str")
    assert not exercises.check_circles_model(None).attempted


# ---------------------------------------------------------------- exercise 4: small but deep


@pytest.fixture(scope="module")
def small_spiral_model():
    """The notebook's solution: three hidden layers of 8 units (177 parameters), trained as in the lesson."""
    keras.utils.set_random_seed(SEED)
    model = keras.Sequential(
        [keras.Input(shape=(2,))]
        + [keras.layers.Dense(8, activation="relu") for _ in range(3)]
        + [keras.layers.Dense(1, activation="sigmoid")]
    )
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.02), loss="binary_crossentropy",
                  steps_per_execution=32)  # fmt: skip
    x, y = make_spirals(n=1000)
    model.fit(x, y, epochs=15, batch_size=32, verbose=0)
    return model


def test_small_spiral_model_accepted(small_spiral_model, assert_correct):
    assert_correct(exercises.check_small_spiral_model(small_spiral_model), "177 parameters")


def test_too_many_parameters_are_named(assert_hint):
    big = mark_trained(keras.Sequential(
        [keras.Input(shape=(2,)), keras.layers.Dense(32, activation="relu"), keras.layers.Dense(32, activation="relu"),
         keras.layers.Dense(1, activation="sigmoid")]
    ))  # fmt: skip
    assert_hint(exercises.check_small_spiral_model(big), "1,185 parameters", "at most 300")


def test_a_straight_line_on_spirals_falls_short(assert_hint):
    assert_hint(exercises.check_small_spiral_model(linear_classifier()), "aim for 97%", "0 hidden layer(s)")


def test_small_spiral_malformed(assert_hint):
    assert_hint(exercises.check_small_spiral_model(42), "must be a Keras model")
