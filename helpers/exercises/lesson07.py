"""Checkers for lesson 07, what's next.

1. `check_shift_right`: a function that shifts images right with zero fill.
2. `check_diagonal_accuracy`: a model's accuracy on digits moved diagonally.
3. `check_conv_parameters`: the parameters of two Conv2D layers, counted by hand.
4. `check_small_cnn`: a small convolutional network, built from a spec.
"""

import numpy as np

from helpers.checks import as_labels, require_scaled
from helpers.exercises.core import Hint, as_number, as_whole_number, checker, require
from helpers.exercises.lesson06 import takes_digit_images
from helpers.lesson07 import predict_digits, shift_images
from helpers.tf_quiet import keras

# --- Exercise 1 -------------------------------------------------------------


def _test_images() -> np.ndarray:
    """Three random 'images' whose every column differs, so any misplaced column shows."""
    rng = np.random.default_rng(7)
    return rng.uniform(0.1, 1.0, size=(3, 28, 28)).astype(np.float32)


@checker
def check_shift_right(shift_right) -> str:
    """`shift_right(images, k)`: move images k pixels right, zeros on the left, nothing wrapping around."""
    require(
        callable(shift_right), f"pass the function itself (shift_right, no brackets), got {type(shift_right).__name__}."
    )
    images = _test_images()
    original = images.copy()
    for k in (2, 0, 1, 4):
        try:
            result = shift_right(images, k)
        except Exception as error:  # the learner's function failed: say for which k, and why
            zero_hint = " Careful: images[:, :, :-0] is empty, so handle k=0 separately." if k == 0 else ""
            raise Hint(f"shift_right(images, {k}) raised {type(error).__name__}: {error}.{zero_hint}") from error
        require(result is not None, "shift_right returns None: end it with `return shifted`.")
        result = np.asarray(result)
        require(
            np.array_equal(images, original), "shift_right changed its input: work on a copy (np.zeros_like(images))."
        )
        require(
            result.shape == images.shape, f"for k={k} the result has shape {result.shape}, expected {images.shape}."
        )
        expected = shift_images(images, dx=k)
        if np.allclose(result, expected):
            continue
        require(k == 0 or result.any(), "the result is blank: copy the columns of `images` into `shifted`.")
        require(
            not (k == 0 and result.size and not result.any()),
            "with k=0 everything came back blank: images[:, :, :-0] is empty; handle k=0 separately.",
        )
        require(
            not np.allclose(result, np.roll(images, k, axis=2)),
            "np.roll wraps the rightmost columns around to the left: fill the uncovered columns with zeros instead.",
        )
        require(
            not np.allclose(result, shift_images(images, dy=k)),
            "that moved the digits down (rows); move the columns (the last axis).",
        )
        require(not np.allclose(result, shift_images(images, dx=-k)), "that moved the digits left; move them right.")
        require(
            np.allclose(result[:, :, :k], 0),
            f"for k={k} the first {k} columns should be zeros (blank paper).",
        )
        require(False, f"for k={k} the columns are not where shift_images(images, dx={k}) puts them.")
    return "the digits move right, the uncovered columns are blank, and nothing wraps around."


# --- Exercise 2 -------------------------------------------------------------


@checker
def check_diagonal_accuracy(accuracy, model, images, labels) -> str:
    """`accuracy`: the fraction of `images` the model reads correctly after moving them 2 right and 2 down."""
    accuracy = as_number(accuracy, "diagonal_accuracy", kind="number between 0 and 1")
    images = require_scaled(images)
    labels = as_labels(labels, len(images))
    require(accuracy <= 1, f"{accuracy:g} is a percentage: give the fraction (between 0 and 1).")

    def accuracy_after(dx: int, dy: int) -> float:
        return float(np.mean(predict_digits(model, shift_images(images, dx, dy)) == labels))

    expected = accuracy_after(2, 2)
    close = lambda value: abs(accuracy - value) < 5e-4  # noqa: E731
    if not close(expected):
        require(not close(accuracy_after(0, 0)), "that is the accuracy on the unshifted digits: shift them first.")
        require(not close(accuracy_after(2, 0)), "that only moves the digits right: move them 2 down as well (dy=2).")
        require(not close(accuracy_after(0, 2)), "that only moves the digits down: move them 2 right as well (dx=2).")
        require(not close(1 - expected), "that is the error rate: give the fraction read correctly.")
    require(close(expected), f"{accuracy:.4f} is not the accuracy after shifting by dx=2, dy=2.")
    return f"{100 * expected:.1f} % after a diagonal shift of 2 pixels each way."


# --- Exercise 3 -------------------------------------------------------------

CONV1_PARAMETERS = 16 * (3 * 3 * 1) + 16  # 160
CONV2_PARAMETERS = 32 * (3 * 3 * 16) + 32  # 4,640


@checker
def check_conv_parameters(conv1_params, conv2_params) -> str:
    """Parameters of Conv2D(16, 3x3) on 1 channel and of Conv2D(32, 3x3) on its 16 channels."""
    conv1_params = as_whole_number(conv1_params, "conv1_params")
    conv2_params = as_whole_number(conv2_params, "conv2_params")
    require(conv1_params != 16 * 9, "each of the 16 filters also has a bias: 16 × 9 weights + 16 biases.")
    require(
        conv1_params == CONV1_PARAMETERS,
        f"first layer: {conv1_params} is not right; count 16 filters of 3 × 3 × 1 weights, plus one bias each.",
    )
    require(
        conv2_params != 32 * 9 + 32, "each second-layer filter spans all 16 channels of its input: 3 × 3 × 16 weights."
    )
    require(conv2_params != 32 * 9 * 16, "each of the 32 filters also has a bias.")
    require(
        conv2_params == CONV2_PARAMETERS,
        f"second layer: {conv2_params} is not right; count 32 filters of 3 × 3 × 16 weights, plus one bias each.",
    )
    return f"{CONV1_PARAMETERS} and {CONV2_PARAMETERS:,}: a filter is small and reused at every position of the image."


# --- Exercise 4 -------------------------------------------------------------

CNN_SPEC = ("Reshape", "Conv2D", "MaxPooling2D", "Conv2D", "MaxPooling2D", "Flatten", "Dense")
SMALL_CNN_PARAMETERS = CONV1_PARAMETERS + CONV2_PARAMETERS + (5 * 5 * 32) * 10 + 10  # 12,810


@checker
def check_small_cnn(model) -> str:
    """`model`: Reshape -> Conv2D(16) -> MaxPooling2D -> Conv2D(32) -> MaxPooling2D -> Flatten -> Dense(10)."""
    require(isinstance(model, keras.Model), f"build_small_cnn() must return a Keras model, got {type(model).__name__}.")
    require(takes_digit_images(model), "start the model with keras.Input(shape=(28, 28)), then Reshape((28, 28, 1)).")
    kinds = tuple(type(layer).__name__ for layer in model.layers)
    require(kinds[:1] == ("Reshape",), "Conv2D needs a channel axis: begin with keras.layers.Reshape((28, 28, 1)).")
    require(kinds.count("Conv2D") == 2, f"the spec has 2 Conv2D layers; yours has {kinds.count('Conv2D')}.")
    require(kinds.count("MaxPooling2D") == 2, "put a MaxPooling2D(2) after each Conv2D layer.")
    require(kinds == CNN_SPEC, f"the layers are {', '.join(kinds)}; the spec is {', '.join(CNN_SPEC)}.")
    convs = [layer for layer in model.layers if isinstance(layer, keras.layers.Conv2D)]
    require(
        [c.filters for c in convs] == [16, 32],
        f"the Conv2D layers have {[c.filters for c in convs]} filters; the spec says 16, then 32.",
    )
    require(all(tuple(c.kernel_size) == (3, 3) for c in convs), "use 3 × 3 filters (kernel_size=3).")
    require(all(c.activation.__name__ == "relu" for c in convs), "give both Conv2D layers activation='relu'.")
    output = model.layers[-1]
    require(output.units == 10 and output.activation.__name__ == "softmax", "end with Dense(10, activation='softmax').")
    require(
        model.count_params() == SMALL_CNN_PARAMETERS,
        f"{model.count_params():,} parameters, expected {SMALL_CNN_PARAMETERS:,} "
        "(are the pools of size 2, the padding 'valid'?).",
    )
    return f"{SMALL_CNN_PARAMETERS:,} parameters, about a ninth of the reference DNN's 109,386."
