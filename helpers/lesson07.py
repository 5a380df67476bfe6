"""Shifted digits: where a dense network stops reading well (lesson 07).

A dense network learns one weight per pixel, so a digit moved a few pixels
lands on weights that never saw it. These helpers shift images (zero fill, no
wraparound), measure a model's accuracy against the shift, pick out digits a
model reads correctly in place but misreads once shifted, draw the results and
wire a small widget to try shifts by hand.

Pixel scale: the functions that run a model accept images either as raw
0-255 pixels or scaled to [0, 1], and feed each model the scale it expects:
raw pixels for a model whose first layer is `Rescaling` (it scales them
itself), [0, 1] for every other model.
"""

from collections.abc import Mapping, Sequence

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from helpers.checks import as_image_batch, as_labels, pixel_scale
from helpers.style import DIGIT_CMAP, OKABE_ITO
from helpers.tf_quiet import keras

IMAGE_SIZE = 28
MAX_SHIFT = 4
# Unit steps for the four directions a digit can move in; positive dx is right, positive dy down.
DIRECTIONS = {"right": (1, 0), "left": (-1, 0), "down": (0, 1), "up": (0, -1)}
# Below this accuracy on unshifted images a model is almost certainly untrained (chance is 10 %).
MIN_TRAINED_ACCURACY = 0.2


def shift_images(images, dx: int = 0, dy: int = 0) -> np.ndarray:
    """Move every image `dx` pixels right and `dy` pixels down (negative: left, up).

    Pixels pushed past the border are dropped and the uncovered strip is
    filled with zeros (blank paper); nothing wraps around to the other side.
    Returns a new array of shape (n, 28, 28) with the dtype of the input.
    """
    array = as_image_batch(images)
    for name, value in (("dx", dx), ("dy", dy)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise TypeError(f"{name} must be a whole number of pixels, got {value!r}")
        if abs(value) >= IMAGE_SIZE:
            raise ValueError(f"{name}={value} would move the digit off the {IMAGE_SIZE}-pixel image")
    shifted = np.zeros_like(array)
    size = IMAGE_SIZE
    shifted[:, max(dy, 0) : size + min(dy, 0), max(dx, 0) : size + min(dx, 0)] = array[
        :, max(-dy, 0) : size + min(-dy, 0), max(-dx, 0) : size + min(-dx, 0)
    ]
    return shifted


def check_digit_model(model) -> None:
    """Raise a clear error unless `model` is a Keras model from 28x28 images to 10 classes."""
    if not isinstance(model, keras.Model):
        raise TypeError(f"expected a Keras model, got {type(model).__name__}")
    try:
        input_shape = tuple(model.inputs[0].shape)
        output_shape = tuple(model.outputs[0].shape)
    except (AttributeError, IndexError, ValueError) as error:
        raise ValueError("the model has no defined input: start it with keras.Input(shape=(28, 28))") from error
    if input_shape[1:] != (IMAGE_SIZE, IMAGE_SIZE):
        raise ValueError(f"the model must take images of shape (28, 28); it takes {input_shape[1:]}")
    if output_shape[1:] != (10,):
        raise ValueError(f"the model must output 10 class probabilities; it outputs {output_shape[1:]}")


def scales_its_input(model) -> bool:
    """True if the model's first layer is `Rescaling`, i.e. it takes raw 0-255 pixels."""
    return bool(model.layers) and isinstance(model.layers[0], keras.layers.Rescaling)


def to_unit_scale(images, name: str = "images") -> np.ndarray:
    """Images as float32 in [0, 1], from raw 0-255 pixels or from already scaled ones."""
    array = as_image_batch(images, name)
    if pixel_scale(array) == "raw":
        return array.astype(np.float32) / np.float32(255)
    return array.astype(np.float32, copy=False)


def model_input(model, images) -> np.ndarray:
    """`images` (raw or scaled) as float32 in the pixel scale `model` expects."""
    array = as_image_batch(images)
    raw = pixel_scale(array) == "raw"
    if scales_its_input(model):
        return array.astype(np.float32) if raw else array.astype(np.float32) * np.float32(255)
    return to_unit_scale(array)


def predict_digits(model, images) -> np.ndarray:
    """The class each image is read as (the largest of the model's 10 outputs)."""
    check_digit_model(model)
    inputs = model_input(model, images)
    # A direct call in chunks instead of model.predict, which compiles a function per
    # input size and warns about "retracing" when the sizes vary.
    chunks = [np.asarray(model(inputs[start : start + 1000], training=False)) for start in range(0, len(inputs), 1000)]
    return np.concatenate(chunks).argmax(axis=1)


def accuracy_vs_shift(
    model, images, labels, max_shift: int = MAX_SHIFT, directions: Sequence[str] = tuple(DIRECTIONS)
) -> dict[str, np.ndarray]:
    """Accuracy on `images` moved 0, 1, ..., `max_shift` pixels in each direction.

    Returns {direction: accuracies}, each an array of `max_shift + 1` values
    whose first entry is the accuracy on the unshifted images. Raises if the
    model reads fewer than 20 % of the unshifted images correctly (untrained).
    """
    images = as_image_batch(images)
    pixel_scale(images)  # raises for pixel values outside 0-255
    labels = as_labels(labels, len(images))
    if isinstance(max_shift, bool) or not isinstance(max_shift, (int, np.integer)) or not 0 < max_shift < IMAGE_SIZE:
        raise ValueError(f"max_shift must be a whole number from 1 to 27, got {max_shift!r}")
    unknown = [d for d in directions if d not in DIRECTIONS]
    if unknown or not directions:
        raise ValueError(f"directions must be some of {sorted(DIRECTIONS)}, got {list(directions)}")
    unshifted = float(np.mean(predict_digits(model, images) == labels))
    if unshifted < MIN_TRAINED_ACCURACY:
        raise ValueError(f"the model reads only {unshifted:.0%} of the unshifted images correctly: is it trained?")
    curves = {}
    for direction in directions:
        step_x, step_y = DIRECTIONS[direction]
        accuracies = [unshifted]
        for k in range(1, max_shift + 1):
            predictions = predict_digits(model, shift_images(images, step_x * k, step_y * k))
            accuracies.append(float(np.mean(predictions == labels)))
        curves[direction] = np.array(accuracies)
    return curves


def mean_curve(curves: Mapping[str, Sequence[float]]) -> np.ndarray:
    """The accuracy for each shift averaged over the directions of `accuracy_vs_shift`."""
    if not curves:
        raise ValueError("no accuracy curves given")
    lengths = {len(values) for values in curves.values()}
    if len(lengths) != 1:
        raise ValueError(f"every direction needs the same number of shifts, got lengths {sorted(lengths)}")
    return np.mean([np.asarray(values, dtype=float) for values in curves.values()], axis=0)


def plot_accuracy_vs_shift(curves: Mapping[str, Sequence[float]], title: str | None = None) -> plt.Figure:
    """One line per direction and their mean (black): accuracy against the shift in pixels."""
    mean = mean_curve(curves)
    shifts = np.arange(len(mean))
    fig, ax = plt.subplots(figsize=(6.4, 3.8))
    for index, (direction, values) in enumerate(curves.items()):
        ax.plot(shifts, 100 * np.asarray(values), marker="o", ms=4, color=OKABE_ITO[index % 6], label=direction)
    ax.plot(shifts, 100 * mean, color=OKABE_ITO[7], lw=2.5, label="mean of the directions")
    _format_shift_axes(ax, len(mean))
    ax.set_title(title or "Accuracy on shifted test digits")
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def plot_shift_comparison(curves_by_model: Mapping[str, Mapping[str, Sequence[float]]]) -> plt.Figure:
    """Mean accuracy against the shift for several models, with the range over directions shaded."""
    if not curves_by_model:
        raise ValueError("no models to compare")
    fig, ax = plt.subplots(figsize=(6.4, 3.8))
    length = 0
    for index, (name, curves) in enumerate(curves_by_model.items()):
        mean = mean_curve(curves)
        stacked = np.array([np.asarray(values, dtype=float) for values in curves.values()])
        shifts = np.arange(len(mean))
        length = max(length, len(mean))
        colour = OKABE_ITO[index % len(OKABE_ITO)]
        ax.fill_between(shifts, 100 * stacked.min(axis=0), 100 * stacked.max(axis=0), color=colour, alpha=0.2)
        ax.plot(shifts, 100 * mean, marker="o", color=colour, lw=2, label=f"{name} (mean; band: range over directions)")
    _format_shift_axes(ax, length)
    ax.set_title("Dense network vs convolutional network on shifted digits")
    ax.legend(fontsize=8, loc="lower left")
    fig.tight_layout()
    return fig


def _format_shift_axes(ax, n_shifts: int) -> None:
    ax.set_xticks(range(n_shifts))
    ax.set_xlabel("shift (pixels)")
    ax.set_ylabel("test accuracy (%)")
    ax.set_ylim(0, 100)


def find_shift_misreads(model, images, labels, dx: int, dy: int, n: int = 8) -> np.ndarray:
    """Indices of up to `n` images the model reads correctly in place but misreads after the shift."""
    images = as_image_batch(images)
    labels = as_labels(labels, len(images))
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    in_place = predict_digits(model, images)
    shifted = predict_digits(model, shift_images(images, dx, dy))
    return np.flatnonzero((in_place == labels) & (shifted != labels))[:n]


def show_shift_misreads(model, images, labels, dx: int, dy: int, n: int = 8) -> plt.Figure:
    """Top row: digits read correctly in place; bottom row: the same digits shifted, misread.

    Captions read "true → predicted", red where the prediction is wrong.
    """
    images = to_unit_scale(images)
    labels = as_labels(labels, len(images))
    chosen = find_shift_misreads(model, images, labels, dx, dy, n)
    if len(chosen) == 0:
        raise ValueError(f"the model misreads none of these images after a shift of dx={dx}, dy={dy}")
    originals, moved = images[chosen], shift_images(images[chosen], dx, dy)
    rows = [("in place", originals, predict_digits(model, originals)),
            (f"shifted (dx={dx}, dy={dy})", moved, predict_digits(model, moved))]  # fmt: skip
    fig, axes = plt.subplots(2, len(chosen), figsize=(1.1 * len(chosen) + 0.9, 2.9), squeeze=False)
    for row, (name, pictures, predictions) in enumerate(rows):
        for column, ax in enumerate(axes[row]):
            _draw_digit(ax, pictures[column], labels[chosen[column]], predictions[column])
        axes[row, 0].text(-0.15, 0.5, name, transform=axes[row, 0].transAxes, rotation=90,
                          ha="right", va="center", fontsize=9)  # fmt: skip
    fig.tight_layout()
    return fig


def _draw_digit(ax, image: np.ndarray, label: int, prediction: int) -> None:
    """One digit in a thin grey frame (the edge of the 28 x 28 field), titled "true → read"."""
    ax.imshow(image, cmap=DIGIT_CMAP, vmin=0, vmax=1)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color("0.75")
    colour = OKABE_ITO[3] if prediction != label else "black"
    ax.set_title(f"{label} → {prediction}", fontsize=9, color=colour)


def show_shift_strip(model, image, label: int, direction: str = "right", max_shift: int = MAX_SHIFT) -> plt.Figure:
    """One image moved 0, 1, ..., `max_shift` pixels in `direction`, each titled "true → read".

    A grey frame marks the edge of the 28 x 28 field, so the movement shows.
    """
    image = to_unit_scale(image)
    if len(image) != 1:
        raise ValueError(f"give one image, got {len(image)}")
    [label] = as_labels([label])
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {sorted(DIRECTIONS)}, got {direction!r}")
    step_x, step_y = DIRECTIONS[direction]
    moved = np.concatenate([shift_images(image, step_x * k, step_y * k) for k in range(max_shift + 1)])
    readings = predict_digits(model, moved)
    fig, axes = plt.subplots(1, len(moved), figsize=(1.3 * len(moved), 1.9))
    for k, ax in enumerate(axes):
        _draw_digit(ax, moved[k], label, readings[k])
        ax.set_xlabel(f"{k} px", fontsize=9)
    fig.suptitle(f"Moved {direction}, 0 to {max_shift} pixels (true → read)", fontsize=10)
    fig.tight_layout()
    return fig


def shifted_predictions_figure(models: Mapping[str, keras.Model], images, labels, dx: int, dy: int) -> Figure:
    """The widget's picture: `images` shifted by (dx, dy), captioned with each model's reading.

    A pure function of its arguments; it builds a Figure without pyplot, so
    calling it never leaves open figures behind.
    """
    images = to_unit_scale(images)
    labels = as_labels(labels, len(images))
    if not models:
        raise ValueError("give at least one model, e.g. {'DNN': model}")
    moved = shift_images(images, dx, dy)
    readings = {name: predict_digits(model, moved) for name, model in models.items()}
    fig = Figure(figsize=(1.15 * len(images) + 0.4, 1.6 + 0.2 * len(models)))
    axes = fig.subplots(1, len(images), squeeze=False)[0]
    for index, ax in enumerate(axes):
        ax.imshow(moved[index], cmap=DIGIT_CMAP, vmin=0, vmax=1)
        ax.set_xticks([])
        ax.set_yticks([])
        for spine in ax.spines.values():
            spine.set_visible(True)
            spine.set_color("0.75")
        lines = [f"{name}: {predictions[index]}" for name, predictions in readings.items()]
        wrong = any(predictions[index] != labels[index] for predictions in readings.values())
        ax.set_xlabel("\n".join(lines), fontsize=9, color=OKABE_ITO[3] if wrong else "black")
        ax.set_title(f"true {labels[index]}", fontsize=9)
    correct = ", ".join(f"{name} {int(np.sum(p == labels))}/{len(labels)}" for name, p in readings.items())
    fig.suptitle(f"shift dx={dx}, dy={dy}: read correctly by {correct}", fontsize=10)
    fig.tight_layout()
    return fig


def make_shift_explorer(models: Mapping[str, keras.Model], images, labels) -> widgets.interactive:
    """Two sliders (dx, dy from -4 to 4 pixels) that shift `images` and show each model's reading."""
    images = to_unit_scale(images)
    labels = as_labels(labels, len(images))
    for model in models.values():
        check_digit_model(model)

    def show(dx: int, dy: int) -> Figure:
        return shifted_predictions_figure(models, images, labels, dx, dy)

    slider = dict(min=-MAX_SHIFT, max=MAX_SHIFT, step=1, value=0, continuous_update=False)
    return widgets.interactive(
        show,
        dx=widgets.IntSlider(description="dx (right)", **slider),
        dy=widgets.IntSlider(description="dy (down)", **slider),
    )
