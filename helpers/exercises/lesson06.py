"""Checkers for lesson 06 (overfitting and its remedies).

1. `check_slice_prediction`: a prediction, made before running, of how the end of the training file scores.
2. `check_standard_error`: the binomial standard error of an accuracy, as a function.
3. `check_deciders`: which split (training, validation, test) makes each decision.
4. `check_penalty`: the L2 penalty computed by hand equals `evaluate`'s loss minus the cross-entropy.
5. `check_shift_prediction`: a prediction, made before running, of which network copes with shifted digits.

Each checker examines what the learner's code produced (a function, a dict, a
number, a prediction), never the text of the code. `takes_digit_images` is
shared with lesson 07's checkers.
"""

import math

import numpy as np

from helpers.checks import as_image_batch, as_labels
from helpers.exercises.core import Hints, as_number, call, checker, require, require_model

hint = Hints(
    {
        1: (
            "Every slice holds digits the network never trained on. What could make one slice easier than "
            "another: who wrote the digits, how carefully, where in the file they sit?",
            "Validation numbers are only a fair stand-in for new images when the validation images are drawn "
            "like the new ones. Is a block from the very end of one file drawn like the whole test file?",
        ),
        2: (
            "The formula has three steps: p × (1 − p), divided by n, then the square root (np.sqrt).",
            "return np.sqrt(accuracy * (1 - accuracy) / n): with accuracy 0.9 and n = 10,000 that is 0.003, "
            "0.3 points.",
        ),
        3: (
            "Training fits the weights and nothing else. Any setting you pick by comparing runs is a choice; "
            "the test set must not make choices, or its score is no longer a fair guess for new images.",
            "Only the weights come from training; the number of epochs, the shift and the remedy you keep are "
            "choices, so validation makes them; the number you promise comes from the test set, used once.",
        ),
        4: (
            "For each of the two hidden layers, square every number of its kernel and add them all up; add the "
            "two sums, then multiply by the strength L2_STRENGTH.",
            "L2_STRENGTH * sum(np.sum(np.asarray(layer.kernel) ** 2) for layer in hidden_layers). Keras' L2 has "
            "no factor 1/2 and leaves the biases alone.",
        ),
        5: (
            "Think about what each network was shown while it trained: the same 1,000 centred digits every "
            "epoch, or copies moved by a pixel or two in every direction.",
            "A Dense network ties each weight to one pixel position; shifted digits put the ink on other "
            "pixels. Which network has seen ink on those pixels during training?",
        ),
    }
)


def takes_digit_images(model) -> bool:
    """True if the model starts with keras.Input(shape=(28, 28)); False if it has no defined input."""
    try:
        return len(model.inputs) == 1 and tuple(model.inputs[0].shape[1:]) == (28, 28)
    except (AttributeError, ValueError):  # a Sequential model without keras.Input has no inputs yet
        return False


# --- Exercise 1 ---------------------------------------------------------------------------------------------

_SLICE_PREDICTIONS = ("higher", "about the same", "lower")
LAST_IMAGES = 2000


def _accuracy(model, images, labels) -> float:
    """The share of `images` the model reads right (inference mode: dropout off)."""
    return float(np.mean(np.argmax(model.predict(images, batch_size=2000, verbose=0), axis=1) == labels))


@checker
def check_slice_prediction(prediction, model, x_train, y_train, x_test, y_test) -> str:
    """Exercise 1: the last 2,000 training images scored against the test set (it runs the comparison)."""
    require(
        isinstance(prediction, str) and prediction.strip().lower() in _SLICE_PREDICTIONS,
        f"`prediction` should be one of {', '.join(repr(p) for p in _SLICE_PREDICTIONS)}; got {prediction!r}.",
    )
    require_model(model, "baseline", input_shape=(28, 28), output_units=10, trained=True)
    x_train, x_test = as_image_batch(x_train, "x_train"), as_image_batch(x_test, "x_test")
    y_train, y_test = as_labels(y_train, len(x_train), "y_train"), as_labels(y_test, len(x_test), "y_test")
    end = _accuracy(model, x_train[-LAST_IMAGES:], y_train[-LAST_IMAGES:])
    test = _accuracy(model, x_test, y_test)
    measured = f"the last 2,000 training images {100 * end:.1f} %, the test set {100 * test:.1f} %"
    require(
        prediction.strip().lower() == "higher",
        f"the experiment says otherwise: {measured}. Both are new to the network, yet the end of the training "
        "file reads easier; the next cells look for the reason.",
    )
    return f"{measured}: a validation set taken from the end of the file would promise too much."


# --- Exercise 2 ---------------------------------------------------------------------------------------------

_SE_CASES = ((0.9, 10_000), (0.889, 1_967), (0.5, 100))


@checker
def check_standard_error(standard_error) -> str:
    """`standard_error(accuracy, n)`: √(p (1 − p) / n), a fraction."""
    for accuracy, n in _SE_CASES:
        got = as_number(call(standard_error, accuracy, n, name="standard_error"), "standard_error(...)")
        expected = math.sqrt(accuracy * (1 - accuracy) / n)
        close = lambda value, want=expected: math.isclose(value, want, rel_tol=1e-6)  # noqa: E731
        require(not close(got, expected**2), "that is the variance: take its square root (np.sqrt).")
        require(not close(got, 100 * expected), "that is in points (percent); return a fraction, like the accuracy.")
        require(
            not close(got, math.sqrt(accuracy / n)),
            "the spread of a proportion uses p × (1 − p), not p alone: a 99 % accuracy wobbles less than a 50 % one.",
        )
        require(not close(got, math.sqrt(accuracy * (1 - accuracy)) / n), "divide by n under the square root.")
        require(close(got), f"standard_error({accuracy}, {n}) gave {got:.6g}; √(p (1 − p) / n) is {expected:.6g}.")
    test, val = (math.sqrt(p * (1 - p) / n) for p, n in _SE_CASES[:2])
    return (
        f"0.9 on 10,000 test images: ± {100 * test:.1f} points; 0.889 on the 1,967 validation images: "
        f"± {100 * val:.1f} points. Two runs that differ by less than about twice that are not told apart."
    )


# --- Exercise 3 ---------------------------------------------------------------------------------------------

DECIDERS = {
    "the weights of the network": "training",
    "the number of epochs to train": "validation",
    "the largest shift for augmentation": "validation",
    "the accuracy you promise a user of the finished network": "test",
    "whether dropout or weight decay goes into your final network": "validation",
}
_WHY = {
    "training": "the weights are what training fits; validation and test images never change them.",
    "validation": "it is a choice made by comparing runs: validation makes choices, so the test set stays unused.",
    "test": "a promise about new images needs images that chose nothing: the test set, used once at the end.",
}


@checker
def check_deciders(deciders) -> str:
    """`deciders`: {decision: "training" | "validation" | "test"} for the five decisions of the exercise."""
    require(isinstance(deciders, dict), f"`deciders` should be a dict, got {type(deciders).__name__}.")
    require(set(deciders) == set(DECIDERS), "keep the five decisions of the starter cell as the dict's keys.")
    require(all(answer is not Ellipsis for answer in deciders.values()), "fill in every `...` with a split's name.")
    for decision, answer in deciders.items():
        require(
            isinstance(answer, str) and answer.strip().lower() in _WHY,
            f"{decision!r}: answer 'training', 'validation' or 'test', got {answer!r}.",
        )
    for decision, right in DECIDERS.items():
        require(deciders[decision].strip().lower() == right, f"{decision!r}: not that split. Hint: {_WHY[right]}")
    return "training fits the weights, validation makes every choice, and the test set only gives the final score."


# --- Exercise 4 ---------------------------------------------------------------------------------------------


@checker
def check_penalty(penalty, model, x_test, y_test) -> str:
    """`penalty`: what the L2 regularizers of `model` add to its loss, computed by hand."""
    require_model(model, "l2_model", input_shape=(28, 28), output_units=10, trained=True)
    penalty = as_number(penalty, "penalty")
    scores = model.evaluate(as_image_batch(x_test), as_labels(y_test), batch_size=1000, verbose=0, return_dict=True)
    require("cross_entropy" in scores, "l2_model must be compiled with the lesson's cross_entropy metric (fit_run).")
    expected = scores["loss"] - scores["cross_entropy"]
    layers = [layer for layer in model.layers if getattr(layer, "kernel_regularizer", None) is not None]
    require(layers, "l2_model has no L2 regularizer: use the network of section 4.")
    strength = float(layers[0].kernel_regularizer.l2)
    kernels = [np.asarray(layer.kernel, dtype=np.float64) for layer in layers]
    squares = sum(float(np.sum(k**2)) for k in kernels)
    close = lambda value: math.isclose(penalty, value, rel_tol=1e-3, abs_tol=1e-6)  # noqa: E731
    mistakes = (
        (squares, f"that is the sum of squared weights; multiply it by the strength {strength:g}."),
        (strength * sum(float(np.sum(np.abs(k))) for k in kernels), "that is an L1 penalty: L2 squares the weights."),
        (0.5 * strength * squares, "Keras' L2 has no factor 1/2: it is strength × the sum of squared weights."),
        (strength * float(np.sum(kernels[0] ** 2)), "that is the first hidden layer only; add the second one's."),
        (strength * float(np.sum(kernels[-1] ** 2)), "that is one hidden layer only; add both layers' sums."),
    )
    if not close(expected):
        for value, message in mistakes:
            require(not close(value), message)
    require(
        close(expected),
        f"{penalty:.6g} is not what the penalty adds: evaluate's loss minus the cross-entropy is {expected:.6g}.",
    )
    return f"{expected:.4f}: exactly evaluate's loss minus its cross-entropy, so the loss is not a fair comparison."


# --- Exercise 5 ---------------------------------------------------------------------------------------------

_SHIFT_PREDICTIONS = ("no remedy", "augmentation", "about the same")
SHIFT_PIXELS = 3


def shifted_right(images, pixels: int = SHIFT_PIXELS) -> np.ndarray:
    """Every image moved `pixels` to the right, the uncovered left columns blank (0)."""
    images = as_image_batch(images)
    moved = np.zeros_like(images)
    moved[:, :, pixels:] = images[:, :, :-pixels]
    return moved


@checker
def check_shift_prediction(prediction, baseline, augmented, x_test, y_test) -> str:
    """Exercise 5: which network keeps more accuracy when every test digit moves 3 pixels right (it runs it)."""
    require(
        isinstance(prediction, str) and prediction.strip().lower() in _SHIFT_PREDICTIONS,
        f"`prediction` should be one of {', '.join(repr(p) for p in _SHIFT_PREDICTIONS)}; got {prediction!r}.",
    )
    require_model(baseline, "baseline", input_shape=(28, 28), output_units=10, trained=True)
    require_model(augmented, "augmented_model", input_shape=(28, 28), output_units=10, trained=True)
    images, labels = as_image_batch(x_test), as_labels(y_test)
    moved = shifted_right(images)

    before = {"no remedy": _accuracy(baseline, images, labels), "augmentation": _accuracy(augmented, images, labels)}
    after = {"no remedy": _accuracy(baseline, moved, labels), "augmentation": _accuracy(augmented, moved, labels)}
    measured = "; ".join(
        f"{name}: {100 * before[name]:.1f} % → {100 * after[name]:.1f} %" for name in ("no remedy", "augmentation")
    )
    require(
        prediction.strip().lower() == "augmentation",
        f"the experiment says otherwise. Test accuracy, centred → shifted {SHIFT_PIXELS} pixels: {measured}. The "
        "augmented network has seen shifted digits in every epoch; the other one only centred digits.",
    )
    return f"test accuracy, centred → shifted {SHIFT_PIXELS} pixels: {measured}. Lesson 07 takes this further."
