"""Checkers for lesson 07, what's next.

1. `check_shift_right`: a function that shifts images right with zero fill.
2. `check_mirror_prediction`: a prediction, made before running, of how the DNN and the CNN read mirrored digits.
3. `check_conv_cost`: the parameters and multiply-adds of a Conv2D layer, counted by hand.
4. `check_small_cnn`: a classic small CNN built from a spec, and the size of its Flatten output.
"""

from collections.abc import Mapping

import numpy as np

from helpers.checks import as_image_batch, as_labels
from helpers.exercises.core import Hint, Hints, as_whole_number, call, checker, require, require_model
from helpers.lesson07 import shift_images
from helpers.models import predict_in_batches
from helpers.tf_quiet import keras

hint = Hints(
    {
        1: (
            "Copy a block of columns: the result's columns k, k+1, ..., 27 get the input's columns 0, 1, ..., 27-k.",
            "shifted[:, :, k:] = images[:, :, : 28 - k]; careful with k = 0, where images[:, :, :-0] would be empty.",
        ),
        2: (
            "A convolution reuses one filter at every position. Is a filter that responds to a stroke "
            "leaning one way also a detector of the same stroke leaning the other way?",
            "Neither model was ever shown a mirrored digit, and moving a pattern is not mirroring it: "
            "a mirrored 3 is a new shape to both.",
        ),
        3: (
            "Each of the 16 filters spans 3 × 3 pixels of all 8 input channels, and each filter has one bias.",
            "Multiply-adds: every output number (11 × 11 positions × 16 filters) is a weighted sum of "
            "3 × 3 × 8 inputs. Biases are additions only and are not counted.",
        ),
        4: (
            "Follow the shapes: a 3 × 3 convolution without padding takes 2 pixels off the width and height, "
            "MaxPooling2D(2) halves them (rounding down).",
            "28 → 26 → 13 → 11 → 5, with 16 channels after the second convolution: Flatten gives 5 × 5 × 16.",
        ),
    }
)


# --- Exercise 1 -------------------------------------------------------------


def _test_images() -> np.ndarray:
    """Three random 'images' whose every column differs, so any misplaced column shows."""
    rng = np.random.default_rng(7)
    return rng.uniform(0.1, 1.0, size=(3, 28, 28)).astype(np.float32)


@checker
def check_shift_right(shift_right) -> str:
    """`shift_right(images, k)`: move images k pixels right, zeros on the left, nothing wrapping around."""
    images = _test_images()
    for k in (2, 0, 1, 4):
        try:
            result = np.asarray(call(shift_right, images, k, name="shift_right"))
        except Hint as hint:
            if k == 0 and "raised" in str(hint):
                raise Hint(f"{hint}, with k=0. images[:, :, :-0] is empty: handle k=0 separately.") from None
            raise
        require(
            result.shape == images.shape, f"for k={k} the result has shape {result.shape}, expected {images.shape}."
        )
        if np.allclose(result, shift_images(images, dx=k)):
            continue
        require(
            k != 0 or result.any(),
            "with k=0 everything came back blank: images[:, :, :-0] is empty; handle k=0 separately.",
        )
        require(result.any(), "the result is blank: copy the columns of `images` into `shifted`.")
        require(
            not np.allclose(result, np.roll(images, k, axis=2)),
            "np.roll wraps the rightmost columns around to the left: fill the uncovered columns with zeros instead.",
        )
        require(
            not np.allclose(result, shift_images(images, dy=k)),
            "that moved the digits down (rows); move the columns (the last axis).",
        )
        require(not np.allclose(result, shift_images(images, dx=-k)), "that moved the digits left; move them right.")
        require(np.allclose(result[:, :, :k], 0), f"for k={k} the first {k} columns should be zeros (blank paper).")
        require(False, f"for k={k} the columns are not where shift_images(images, dx={k}) puts them.")
    return "the digits move right, the uncovered columns are blank, and nothing wraps around."


# --- Exercise 2 -------------------------------------------------------------

CHOICES = {
    "a": "both read mirrored digits about as well as the originals",
    "b": "the CNN reads mirrored digits clearly better than the DNN",
    "c": "both read mirrored digits much worse than the originals",
}
MUCH_WORSE = 0.25  # "much worse": at least 25 points below the original digits
CLEARLY_BETTER = 0.15  # "clearly better": at least 15 points above the other model
ABOUT_AS_WELL = 0.05  # "about as well": within 5 points of the original digits
TRAINED = 0.5  # below this on the original digits a model has not been trained (chance is 10 %)


def _accuracy(model, images: np.ndarray, labels: np.ndarray) -> float:
    return float(np.mean(predict_in_batches(model, images, batch_size=500).argmax(axis=1) == labels))


def _mirror_outcome(upright: dict[str, float], mirrored: dict[str, float]) -> str | None:
    """The choice the measurements support, or None if they support none of them clearly."""
    drops = [upright[name] - mirrored[name] for name in upright]
    if all(drop >= MUCH_WORSE for drop in drops):
        return "c"
    if mirrored["CNN"] - mirrored["DNN"] >= CLEARLY_BETTER:
        return "b"
    if all(drop <= ABOUT_AS_WELL for drop in drops):
        return "a"
    return None


@checker
def check_mirror_prediction(prediction, models, images, labels) -> str:
    """`prediction` ("a", "b" or "c"), compared with how `models` ({"DNN": ..., "CNN": ...}) read mirrored digits."""
    require(
        isinstance(prediction, str) and prediction.strip().lower().strip("\"'()") in CHOICES,
        f'write your prediction as one letter in quotes, "a", "b" or "c"; got {prediction!r}.',
    )
    choice = prediction.strip().lower().strip("\"'()")
    require(
        isinstance(models, Mapping) and set(models) == {"DNN", "CNN"}, "pass the models as {'DNN': dnn, 'CNN': cnn}."
    )
    for name, model in models.items():
        require_model(model, f"the {name}", input_shape=(28, 28), output_units=10)
    images = as_image_batch(images)
    labels = as_labels(labels, len(images))
    upright = {name: _accuracy(model, images, labels) for name, model in models.items()}
    for name, accuracy in upright.items():
        require(accuracy >= TRAINED, f"the {name} reads only {100 * accuracy:.0f} % of the original digits: "
                "run the cells that train it first.")  # fmt: skip
    mirrored = {name: _accuracy(model, images[:, :, ::-1], labels) for name, model in models.items()}
    result = (
        f"mirrored, the DNN reads {100 * mirrored['DNN']:.0f} % and the CNN {100 * mirrored['CNN']:.0f} % "
        f"of the digits correctly (the originals: {100 * upright['DNN']:.0f} % and {100 * upright['CNN']:.0f} %)"
    )
    outcome = _mirror_outcome(upright, mirrored)
    require(outcome is not None, f"{result}. These models support none of the three answers clearly; retrain them.")
    require(
        choice == outcome,
        f"{result}: {CHOICES[outcome]}. A filter finds its pattern at any position, "
        "but a mirrored stroke is a different pattern, and neither model was shown mirrored digits.",
    )
    return (
        f"{result}. Convolution makes the CNN's filters work at every position, not in every orientation: "
        "a mirrored digit is a new shape to both models."
    )


# --- Exercise 3 -------------------------------------------------------------

CONV2_PARAMETERS = 16 * (3 * 3 * 8) + 16  # 1,168
CONV2_MULTIPLY_ADDS = (11 * 11 * 16) * (3 * 3 * 8)  # 139,392


@checker
def check_conv_cost(conv2_params, conv2_multiply_adds) -> str:
    """Parameters and multiply-adds per image of Conv2D(16, 3) on a 13 × 13 × 8 input (output 11 × 11 × 16)."""
    params = as_whole_number(conv2_params, "conv2_params")
    multiply_adds = as_whole_number(conv2_multiply_adds, "conv2_multiply_adds")
    require(params != 16 * 3 * 3 * 8, "conv2_params: each of the 16 filters also has a bias.")
    require(
        params not in (16 * 9, 16 * 9 + 16),
        "conv2_params: a filter spans all 8 input channels, so it has 3 × 3 × 8 weights, not 9.",
    )
    require(
        params == CONV2_PARAMETERS,
        f"conv2_params: {params:,} is not right; count 16 filters of 3 × 3 × 8 weights, plus one bias each.",
    )
    require(
        multiply_adds != 13 * 13 * 16 * 3 * 3 * 8,
        "conv2_multiply_adds: the filter fits at 11 × 11 positions of the 13 × 13 input (no padding), not 13 × 13.",
    )
    require(
        multiply_adds not in (11 * 11 * 16 * 9, 11 * 11 * 9 * 8),
        "conv2_multiply_adds: every one of the 11 × 11 × 16 outputs is a sum over 3 × 3 × 8 inputs.",
    )
    require(
        multiply_adds != CONV2_PARAMETERS and multiply_adds != CONV2_PARAMETERS - 16,
        "conv2_multiply_adds: that is the number of weights; each weight is used once at every output position.",
    )
    require(
        multiply_adds == CONV2_MULTIPLY_ADDS,
        f"conv2_multiply_adds: {multiply_adds:,} is not right; (11 × 11 × 16 outputs) × (3 × 3 × 8 inputs each).",
    )
    return (
        f"{CONV2_PARAMETERS:,} parameters, {CONV2_MULTIPLY_ADDS:,} multiply-adds: each weight is used "
        "at all 121 positions, which is why the CNN computes more than the DNN with fewer parameters."
    )


# --- Exercise 4 -------------------------------------------------------------

CNN_SPEC = ("Rescaling", "Reshape", "Conv2D", "MaxPooling2D", "Conv2D", "MaxPooling2D", "Flatten", "Dense")
FLATTEN_SIZE = 5 * 5 * 16  # 400
SMALL_CNN_PARAMETERS = 8 * (3 * 3 * 1) + 8 + CONV2_PARAMETERS + FLATTEN_SIZE * 10 + 10  # 5,258


@checker
def check_small_cnn(build_small_cnn, flatten_size) -> str:
    """`build_small_cnn()` returns the spec's network; `flatten_size` is the number of values Flatten outputs."""
    require(
        not isinstance(build_small_cnn, keras.Model),
        "pass the function itself, without brackets: check_small_cnn(build_small_cnn, flatten_size).",
    )
    model = call(build_small_cnn, name="build_small_cnn")
    require_model(model, "build_small_cnn()'s model", input_shape=(28, 28), output_units=10)
    kinds = tuple(type(layer).__name__ for layer in model.layers)
    require(kinds[:1] == ("Rescaling",), "start with keras.layers.Rescaling(1 / 255), so it takes raw pixels.")
    require(kinds[1:2] == ("Reshape",), "Conv2D needs a channel axis: continue with keras.layers.Reshape((28, 28, 1)).")
    require(kinds.count("Conv2D") == 2, f"the spec has 2 Conv2D layers; yours has {kinds.count('Conv2D')}.")
    require(kinds.count("MaxPooling2D") == 2, "put a MaxPooling2D(2) after each Conv2D layer.")
    require(kinds == CNN_SPEC, f"the layers are {', '.join(kinds)}; the spec is {', '.join(CNN_SPEC)}.")
    require(np.isclose(float(model.layers[0].scale), 1 / 255), "the Rescaling layer should divide by 255: 1 / 255.")
    convs = [layer for layer in model.layers if isinstance(layer, keras.layers.Conv2D)]
    require([c.filters for c in convs] == [8, 16], f"the Conv2D layers have {[c.filters for c in convs]} filters; "
            "the spec says 8, then 16.")  # fmt: skip
    require(all(tuple(c.kernel_size) == (3, 3) for c in convs), "use 3 × 3 filters (kernel_size=3).")
    require(all(c.activation.__name__ == "relu" for c in convs), "give both Conv2D layers activation='relu'.")
    require(model.layers[-1].activation.__name__ == "softmax", "end with Dense(10, activation='softmax').")
    actual = int(np.prod(model.layers[-2].output.shape[1:]))
    require(actual == FLATTEN_SIZE, f"Flatten outputs {actual} values, the spec gives {FLATTEN_SIZE}: are the pools "
            "of size 2 and the padding 'valid' (the default)?")  # fmt: skip
    size = as_whole_number(flatten_size, "flatten_size")
    require(size != 13 * 13 * 16, "flatten_size: the second convolution and pooling shrink the image again.")
    require(size != 7 * 7 * 16, "flatten_size: without padding a 3 × 3 convolution takes 2 pixels off: 28 → 26.")
    require(size not in (5 * 5, 5 * 5 * 8), "flatten_size: the second convolution has 16 channels, one per filter.")
    require(size == FLATTEN_SIZE, f"flatten_size: {size:,} is not right; follow the width: 28 → 26 → 13 → 11 → 5.")
    return (
        f"{FLATTEN_SIZE} values reach the Dense layer; {SMALL_CNN_PARAMETERS:,} parameters in all, "
        "about a twentieth of the reference DNN's 109,386."
    )
