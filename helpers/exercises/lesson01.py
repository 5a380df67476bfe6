"""Checkers for the exercises of lesson 01 (From ANN to DNN)."""

from collections.abc import Mapping

import numpy as np

from helpers.exercises.core import Hints, as_number, call, checker, require, require_model
from helpers.lesson01 import classifier_accuracy, make_circles, make_spirals, make_study_data, network_facts
from helpers.tf_quiet import tf

CIRCLES_TARGET = 0.95
SPIRALS_TARGET = 0.97
SPIRALS_MAX_PARAMETERS = 300
PREDICTIONS = ("lower", "about the same", "higher")
SAME_WITHIN = 1.25  # final losses within this factor of each other count as "about the same"
# (weight, bias) pairs at which a learner's gradient formulas are compared with tf.GradientTape
GRADIENT_PROBES = ((0.0, 0.0), (6.0, 30.0), (3.0, 45.0), (9.0, 10.0), (-2.0, 60.0))

hint = Hints(
    {
        1: (
            "Count the steps, not the epochs: how many batches, and so how many steps, does one epoch make "
            "with batch_size=10, and with batch_size=100?",
            "With batches of 100 students, each epoch is a single step: 100 epochs make 100 steps instead of "
            "1,000. Look at the learning-rate figure: where was the loss of a run after a tenth of its steps?",
        ),
        2: (
            "Start from `gradients`: only the derivative of the loss itself changes. The derivative of e² "
            "is 2e; the derivative of |e| is sign(e). The chain rule still multiplies by hours for the weight.",
            "error = predict(weight, bias, hours) - scores; return np.mean(np.sign(error) * hours) for the "
            "weight and np.mean(np.sign(error)) for the bias, in that order.",
        ),
        3: (
            "No straight line separates a disc from a ring: the model needs at least one hidden layer with "
            "activation='relu', and an output Dense(1, activation='sigmoid').",
            "Use the recipe of `deep_model` with one hidden layer of 8 units: compile with Adam (learning rate "
            "0.02) and binary cross-entropy, fit for 30 epochs, and return the model.",
        ),
        4: (
            "In the grid table, look for a setting with fewer than 300 parameters whose *lowest* accuracy over "
            "the seeds is well above 97 %: one lucky run is not enough.",
            "Three hidden layers of 8 units have 177 parameters. Build them in a loop as the grid does and "
            "train them with the grid's recipe (Adam 0.02, 15 epochs, batch size 32).",
        ),
    }
)


# ---------------------------------------------------------------- exercise 1


def _prediction(prediction) -> str:
    """The learner's prediction as one of PREDICTIONS, or a hint."""
    choices = ", ".join(f'"{p}"' for p in PREDICTIONS)
    require(isinstance(prediction, str), f"`prediction` should be one of {choices}, in quotes; got {prediction!r}")
    answer = " ".join(prediction.strip().lower().split())
    answer = "about the same" if answer == "same" else answer
    require(answer in PREDICTIONS, f"`prediction` should be one of {choices}; got {prediction!r}")
    return answer


def _final_loss(by_batch_size, size: int) -> float:
    require(
        isinstance(by_batch_size, Mapping) and size in by_batch_size,
        f"`by_batch_size` should map 10 and 100 to the histories of train_line(0.01, batch_size=...); run the "
        f"check cell as it is. It has no run for {size}",
    )
    history = by_batch_size[size]
    require(isinstance(history, Mapping) and history.get("loss"), f"the run with batch_size={size} recorded no loss")
    return as_number(history["loss"][-1], f"the final loss with batch_size={size}")


@checker
def check_batch_size_prediction(prediction, by_batch_size) -> str:
    """Exercise 1: predict how the final loss changes with batches of 100 instead of 10 (same rate and epochs)."""
    answer = _prediction(prediction)
    small, large = _final_loss(by_batch_size, 10), _final_loss(by_batch_size, 100)
    outcome = "higher" if large > SAME_WITHIN * small else "lower" if large * SAME_WITHIN < small else "about the same"
    runs = f"the loss ended at {small:,.1f} with batches of 10 and at {large:,.1f} with batches of 100"
    why = (
        "a batch of 100 gives the exact gradient, true, but count the steps"
        if answer == "lower"
        else "every epoch still sees every student once, but count the steps"
    )
    require(answer == outcome, f"{runs}: {why} that 100 epochs take")
    return (
        f"{runs}. With batches of 100, each epoch is one step: 100 steps in all instead of 1,000, so the "
        "weights have only started down the valley. What counts is the number of steps, not of epochs."
    )


# ---------------------------------------------------------------- exercise 2


def _expected_mae_gradients(weight: float, bias: float, hours: np.ndarray, scores: np.ndarray) -> tuple[float, float]:
    """The mean absolute error's gradient, worked out by tf.GradientTape."""
    weight_variable, bias_variable = tf.Variable(weight, dtype=tf.float64), tf.Variable(bias, dtype=tf.float64)
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.abs(weight_variable * hours + bias_variable - scores))
    return tuple(float(g) for g in tape.gradient(loss, [weight_variable, bias_variable]))


def _two_numbers(result) -> tuple[float, float]:
    require(
        isinstance(result, (tuple, list)) and len(result) == 2,
        f"return two numbers, d loss / d weight and d loss / d bias, e.g. `return d_weight, d_bias`; got {result!r}",
    )
    for value, name in zip(result, ("d loss / d weight", "d loss / d bias"), strict=True):
        require(
            np.size(value) <= 1 or isinstance(value, (str, bytes)),
            f"{name} should be one number, but you returned {np.size(value)} (one per student?): "
            "the loss is a mean over the students, so take the mean (np.mean) of their terms",
        )
    return as_number(result[0], "d loss / d weight"), as_number(result[1], "d loss / d bias")


def _mae_mistake(got: tuple[float, float], weight: float, bias: float, hours, scores) -> str:
    """A hint naming the likely mistake behind a wrong pair of derivatives."""
    error = weight * hours + bias - scores
    sign = np.sign(error)
    close = np.allclose
    if close(got, (np.mean(2 * error * hours), np.mean(2 * error)), rtol=1e-4):
        return "those are the squared error's derivatives: for |e| the derivative is sign(e), not 2e"
    if close(got, (-np.mean(sign * hours), -np.mean(sign)), rtol=1e-4):
        return "both signs are flipped: the error is prediction − score, not score − prediction"
    if close(got, (np.sum(sign * hours), np.sum(sign)), rtol=1e-4):
        return "you summed over the students: the loss is a mean, so its derivatives are means too"
    if close(got, (np.mean(sign), np.mean(sign * hours)), rtol=1e-4):
        return "the two derivatives are swapped: return d loss / d weight first, then d loss / d bias"
    if close(got[0], np.mean(sign), rtol=1e-4):
        return "d loss / d weight is missing the hours: the weight multiplies hours, so the chain rule adds × hours"
    return f"at weight {weight:g}, bias {bias:g}, TensorFlow's gradient differs from yours: compare your formulas"


@checker
def check_mae_gradients(mae_gradients) -> str:
    """Exercise 2: the two derivatives of the mean absolute error, compared with tf.GradientTape."""
    hours, scores = make_study_data(n=100)
    hours, scores = hours[:, 0].astype(np.float64), scores.astype(np.float64)
    for weight, bias in GRADIENT_PROBES:
        got = _two_numbers(call(mae_gradients, weight, bias, hours, scores, name="mae_gradients"))
        expected = _expected_mae_gradients(weight, bias, hours, scores)
        require(np.allclose(got, expected, rtol=1e-4, atol=1e-6), _mae_mistake(got, weight, bias, hours, scores))
    return (
        f"your derivatives match tf.GradientTape at {len(GRADIENT_PROBES)} weights and biases. Unlike the squared "
        "error's, they do not shrink near the best line: each error counts ±1 however small it is."
    )


# ---------------------------------------------------------------- exercises 3 and 4


def _trained_classifier(model, name: str) -> int:
    """Check a trained Keras model from 2-D points to one probability; return its number of hidden layers."""
    require_model(model, name, input_shape=(2,), output_units=1, trained=True)
    return network_facts(model).hidden_layers


@checker
def check_circles_model(model) -> str:
    """Exercise 3: a trained classifier that separates the disc from the ring on new points."""
    hidden = _trained_classifier(model, "circles_model")
    require(
        hidden >= 1,
        "a model with no hidden layer draws a straight line, and no line separates a disc from a ring: "
        "add a hidden ReLU layer",
    )
    points, labels = make_circles(n=1000, seed=101)
    accuracy = classifier_accuracy(model, points, labels)
    require(
        accuracy >= CIRCLES_TARGET,
        f"accuracy on 1,000 new points is {accuracy:.1%}; aim for {CIRCLES_TARGET:.0%}. "
        "Check that the hidden layers use activation='relu' and train for more epochs",
    )
    return f"{accuracy:.1%} of 1,000 new points classified right with {hidden} hidden layer(s)."


@checker
def check_small_spiral_model(model) -> str:
    """Exercise 4: at most 300 parameters and at least 97 % on new spiral points."""
    hidden = _trained_classifier(model, "small_spiral_model")
    parameters = model.count_params()
    require(
        parameters <= SPIRALS_MAX_PARAMETERS,
        f"your model has {parameters:,} parameters; the challenge allows at most {SPIRALS_MAX_PARAMETERS}: "
        "use fewer units",
    )
    points, labels = make_spirals(n=2000, seed=102)
    accuracy = classifier_accuracy(model, points, labels)
    require(
        accuracy >= SPIRALS_TARGET,
        f"accuracy on 2,000 new spiral points is {accuracy:.1%} with {hidden} hidden layer(s); aim for "
        f"{SPIRALS_TARGET:.0%}. In the grid, which small settings reached that on every seed?",
    )
    return f"{accuracy:.1%} on 2,000 new points with only {parameters} parameters and {hidden} hidden layers."
