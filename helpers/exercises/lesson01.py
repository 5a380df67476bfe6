"""Checkers for the exercises of lesson 01 (From ANN to DNN)."""

import numpy as np

from helpers.exercises.core import as_number, checker, model_shapes, require
from helpers.lesson01 import classifier_accuracy, make_circles, make_spirals
from helpers.lesson03 import network_facts
from helpers.tf_quiet import keras

HOURS_ASKED = 7.5
CIRCLES_TARGET = 0.95
SPIRALS_TARGET = 0.97
SPIRALS_MAX_PARAMETERS = 300



def _trained_classifier(model, name: str = "model") -> None:
    """Hints for anything that is not a trained Keras model from 2-D points to one probability."""
    require(isinstance(model, keras.Model), f"`{name}` should be a Keras model, got {type(model).__name__}")
    in_shape, out_shape = model_shapes(model, "start the model with keras.Input(shape=(2,)) so Keras knows its input")
    require(
        in_shape[1:] == (2,),
        f"the model's input should be 2 numbers per point, keras.Input(shape=(2,)); it is {in_shape}",
    )
    require(
        out_shape[1:] == (1,),
        f"the model should end with Dense(1, activation='sigmoid') (one probability); its output shape is {out_shape}",
    )
    optimizer = getattr(model, "optimizer", None)
    require(
        optimizer is not None and int(optimizer.iterations) > 0,
        "the model has not been trained yet: compile it and call model.fit(...) before checking",
    )


@checker
def check_predicted_score(predicted_score, study_model) -> str:
    """Exercise 1: the score the trained neuron predicts for 7.5 hours, computed from its weight and bias."""
    value = as_number(predicted_score, "predicted_score")
    weight, bias = (float(np.asarray(w).reshape(-1)[0]) for w in study_model.layers[-1].get_weights())
    expected = float(np.asarray(study_model(np.array([[HOURS_ASKED]], np.float32))).reshape(-1)[0])
    require(
        abs(value - weight * HOURS_ASKED) > 0.01 or abs(bias) < 0.01,
        "you multiplied the weight by the hours but forgot to add the bias",
    )
    require(abs(value - bias) > 0.01, "that is the bias alone: add weight × 7.5 hours")
    require(
        abs(value - HOURS_ASKED) > 0.01, "that is the number of hours, not the score: compute weight × hours + bias"
    )
    require(
        abs(value - expected) < 0.05,
        f"the neuron computes weight × hours + bias; for {HOURS_ASKED} hours "
        f"your number is off by {abs(value - expected):.2f} points",
    )
    return f"weight × {HOURS_ASKED} + bias = {expected:.1f} points, exactly what the model itself predicts."


def _example_models() -> list[tuple[str, keras.Model, int]]:
    """Models of known depth to test a learner's hidden-layer counter on: (description, model, answer)."""
    dense = keras.layers.Dense
    return [
        ("Input(1) → Dense(1) (the one-neuron model)", keras.Sequential([keras.Input(shape=(1,)), dense(1)]), 0),
        ("Input(2) → Dense(8) → Dense(1)", keras.Sequential([keras.Input(shape=(2,)), dense(8), dense(1)]), 1),
        (
            "Input(28, 28) → Flatten → Dense(128) → Dense(64) → Dense(10) (the MNIST model)",
            keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(), dense(128), dense(64), dense(10)]),
            2,
        ),
        (
            "Input(784) → Dense(32) → Dropout → Dense(32) → Dense(32) → Dense(10)",
            keras.Sequential(
                [keras.Input(shape=(784,)), dense(32), keras.layers.Dropout(0.2), dense(32), dense(32), dense(10)]
            ),
            3,
        ),
    ]


@checker
def check_count_hidden_layers(count_hidden_layers) -> str:
    """Exercise 2: a function that counts a model's hidden layers."""
    require(callable(count_hidden_layers), "`count_hidden_layers` should be a function that takes a model")
    for description, model, expected in _example_models():
        answer = count_hidden_layers(model)
        require(answer is not None, "your function returned None: did you forget `return`?")
        require(
            isinstance(answer, (int, np.integer)) and not isinstance(answer, bool),
            f"return a whole number; for {description} you returned {answer!r}",
        )
        if answer == expected:
            continue
        weightless = [layer for layer in model.layers if not layer.weights]
        require(
            not (weightless and answer == len(model.layers) - 1),
            f"for {description} you returned {answer}, but it has {expected} hidden layer(s): "
            "Flatten and Dropout have no weights, so they are not hidden layers",
        )
        require(
            answer != expected + 1,
            f"for {description} you returned {answer}, one too many: "
            "the last Dense layer is the output layer, not a hidden one",
        )
        require(
            False,
            f"for {description} you returned {answer}, but it has {expected} hidden layer(s). "
            "Count only the layers with weights, minus the output layer",
        )
    return "0, 1, 2 and 3 hidden layers counted right. Two or more make a network deep: the MNIST model is a DNN."


@checker
def check_circles_model(model) -> str:
    """Exercise 3: a trained classifier that separates the disc from the ring on new points."""
    _trained_classifier(model)
    hidden = network_facts(model).hidden_layers
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
    _trained_classifier(model)
    parameters = model.count_params()
    require(
        parameters <= SPIRALS_MAX_PARAMETERS,
        f"your model has {parameters:,} parameters; the challenge allows at most {SPIRALS_MAX_PARAMETERS}: "
        "use fewer units",
    )
    points, labels = make_spirals(n=2000, seed=102)
    accuracy = classifier_accuracy(model, points, labels)
    hidden = network_facts(model).hidden_layers
    require(
        accuracy >= SPIRALS_TARGET,
        f"accuracy on 2,000 new spiral points is {accuracy:.1%} with {hidden} hidden layer(s); aim for "
        f"{SPIRALS_TARGET:.0%}. The grid above suggests depth helps more than width here",
    )
    return f"{accuracy:.1%} on 2,000 new points with only {parameters} parameters and {hidden} hidden layers."
