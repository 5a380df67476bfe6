"""Lesson 04's plumbing: how a trained classifier is judged and where it goes wrong.

The lesson itself builds, compiles, fits and evaluates the models in plain
sight. This module holds what turns their outputs into tables and pictures:
the confusion matrix (plain NumPy) and its plot, the most confused pairs of
digits, a grid of misread digits with the model's confidence, the tables that
compare training runs, and the prediction explorer widget.
"""

import math
from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from helpers.checks import as_image_batch, as_labels
from helpers.models import history_dict
from helpers.plots import figure_png, plot_digit_grid
from helpers.report import format_percent, format_seconds, print_table
from helpers.style import DIGIT_CMAP, OKABE_ITO, SEQUENTIAL_CMAP

N_CLASSES = 10


def as_probabilities(probabilities, n: int | None = None, name: str = "probabilities") -> np.ndarray:
    """Validate a model's softmax output: shape (n, 10), no NaN, each row a distribution.

    Raises a ValueError that says what is wrong (for example raw scores instead
    of probabilities, or the wrong number of rows).
    """
    array = np.asarray(probabilities)
    if array.dtype == object or not np.issubdtype(array.dtype, np.number):
        raise TypeError(f"{name} must be numbers, got dtype {array.dtype}")
    if array.ndim != 2 or array.shape[1] != N_CLASSES:
        raise ValueError(
            f"{name} must have shape (n, 10), one row of 10 class probabilities per image; got {array.shape}"
        )
    if array.shape[0] == 0:
        raise ValueError(f"{name} is empty: pass at least one row")
    if np.isnan(array).any():
        raise ValueError(f"{name} contains NaN values")
    if array.min() < 0 or not np.allclose(array.sum(axis=1), 1, atol=1e-3):
        raise ValueError(
            f"each row of {name} must be probabilities that sum to 1 (the output of a softmax layer, "
            "e.g. model.predict(x)); these look like raw scores"
        )
    if n is not None and len(array) != n:
        raise ValueError(f"{name} has {len(array)} rows but there are {n} images")
    return array.astype(np.float32, copy=False)


def confusion_matrix(labels, predictions, n_classes: int = N_CLASSES) -> np.ndarray:
    """Count how often each true digit (row) was predicted as each digit (column).

    `matrix[i, j]` is the number of images of digit `i` the model read as `j`,
    so the diagonal holds the correct answers and each row sums to the number
    of test images of that digit.
    """
    labels = as_labels(labels, name="labels")
    predictions = as_labels(predictions, len(labels), name="predictions")
    if len(labels) == 0:
        raise ValueError("labels is empty: pass at least one label")
    flat = np.bincount(labels * n_classes + predictions, minlength=n_classes * n_classes)
    return flat.reshape(n_classes, n_classes)


def _as_confusion_matrix(matrix) -> np.ndarray:
    array = np.asarray(matrix)
    if array.shape != (N_CLASSES, N_CLASSES):
        raise ValueError(f"a confusion matrix must have shape (10, 10), got {array.shape}")
    if not np.issubdtype(array.dtype, np.integer) or array.min() < 0:
        raise ValueError("a confusion matrix holds counts: non-negative whole numbers")
    return array


def plot_confusion_matrix(matrix, title: str | None = None) -> plt.Figure:
    """Draw a confusion matrix with every count written in its cell.

    The diagonal (correct answers, large numbers) is grey so that the colour
    scale is spent on the mistakes, which are the interesting part.
    """
    matrix = _as_confusion_matrix(matrix)
    errors = np.ma.masked_array(matrix, mask=np.eye(N_CLASSES, dtype=bool))
    cmap = plt.get_cmap(SEQUENTIAL_CMAP).with_extremes(bad="#D9D9D9")
    fig, ax = plt.subplots(figsize=(6.4, 5.4))
    image = ax.imshow(errors, cmap=cmap, vmin=0, vmax=max(1, errors.max()))
    threshold = 0.6 * max(1, errors.max())
    for (row, col), count in np.ndenumerate(matrix):
        dark_cell = row != col and count < threshold
        ax.text(col, row, str(count), ha="center", va="center", fontsize=8,
                color="white" if dark_cell else "black")
    ax.set_xticks(range(N_CLASSES))
    ax.set_yticks(range(N_CLASSES))
    ax.set_xlabel("predicted digit")
    ax.set_ylabel("true digit")
    ax.grid(False)
    colorbar = fig.colorbar(image, ax=ax, label="number of mistakes (off the grey diagonal)", shrink=0.8)
    colorbar.ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_title(title or "Confusion matrix: rows are the truth, columns the prediction")
    fig.tight_layout()
    return fig


def most_confused_pairs(matrix, k: int = 5) -> list[tuple[int, int, int]]:
    """The `k` largest off-diagonal cells as (true digit, predicted digit, count), largest first.

    Ties are broken by the true digit, then the predicted digit, so the order is stable.
    Pairs with no mistakes are left out.
    """
    matrix = _as_confusion_matrix(matrix)
    if not isinstance(k, int) or k < 1:
        raise ValueError(f"k must be a positive int, got {k!r}")
    pairs = [
        (int(true), int(predicted), int(matrix[true, predicted]))
        for true in range(N_CLASSES)
        for predicted in range(N_CLASSES)
        if true != predicted and matrix[true, predicted] > 0
    ]
    pairs.sort(key=lambda pair: (-pair[2], pair[0], pair[1]))
    return pairs[:k]


def print_confused_pairs(pairs: Sequence[tuple[int, int, int]], labels) -> None:
    """Print the pairs from `most_confused_pairs` as a table, with each count's share of that digit."""
    labels = as_labels(labels, name="labels")
    per_digit = np.bincount(labels, minlength=N_CLASSES)
    rows = [
        [true, predicted, count, format_percent(count / per_digit[true])]
        for true, predicted, count in pairs
    ]
    print_table(rows, ["true digit", "read as", "images", "share of that digit"])


def misread_indices(labels, probabilities, n: int | None = None) -> np.ndarray:
    """Indices of the misread images, the most confident mistakes first (at most `n`)."""
    probabilities = as_probabilities(probabilities)
    labels = as_labels(labels, len(probabilities), name="labels")
    predictions = probabilities.argmax(axis=1)
    wrong = np.flatnonzero(predictions != labels)
    confidence = probabilities[wrong, predictions[wrong]]
    ordered = wrong[np.argsort(-confidence, kind="stable")]
    return ordered if n is None else ordered[:n]


def plot_misread_digits(images, labels, probabilities, n: int = 20, ncols: int = 10) -> plt.Figure:
    """A grid of the `n` most confident mistakes, each captioned "true → predicted · confidence"."""
    images = as_image_batch(images)
    probabilities = as_probabilities(probabilities, len(images))
    labels = as_labels(labels, len(images), name="labels")
    chosen = misread_indices(labels, probabilities, n)
    if len(chosen) == 0:
        raise ValueError("there are no mistakes to show: every prediction is right")
    predictions = probabilities[chosen].argmax(axis=1)
    fig = plot_digit_grid(images[chosen], labels[chosen], predictions, ncols=ncols, size=1.25,
                          title="Misread test digits, most confident first (true → predicted · confidence)")
    for ax, index, predicted in zip(fig.axes, chosen, predictions, strict=False):
        ax.title.set_text(f"{ax.title.get_text()} · {probabilities[index, predicted]:.0%}")
    return fig


def layer_structure(model) -> list[tuple[str, int | None, str | None]]:
    """Each layer of a Keras model as (class name, units, activation name), to compare architectures."""
    layers = getattr(model, "layers", None)
    if layers is None:
        raise TypeError(f"expected a Keras model, got {type(model).__name__}")
    structure = []
    for layer in layers:
        activation = getattr(layer, "activation", None)
        structure.append((type(layer).__name__, getattr(layer, "units", None),
                          None if activation is None else activation.__name__))
    return structure


def print_run_comparison(histories: Mapping, test_accuracies: Mapping[str, float],
                         seconds: Mapping[str, float] | None = None) -> None:
    """A table of training runs: final training and validation accuracy, test accuracy, time.

    `histories` maps a run's name to its Keras `History` (or dict of lists);
    `test_accuracies` (and optionally `seconds`) use the same names.
    """
    if not histories:
        raise ValueError("histories is empty: pass at least one run")
    headers = ["run", "training accuracy", "validation accuracy", "test accuracy"]
    if seconds is not None:
        headers.append("training time")
    rows = []
    for name, history in histories.items():
        values = history_dict(history)
        if name not in test_accuracies:
            raise ValueError(f"no test accuracy given for run {name!r}")
        row = [name, format_percent(values["accuracy"][-1]),
               format_percent(values["val_accuracy"][-1]) if "val_accuracy" in values else "-",
               format_percent(test_accuracies[name])]
        if seconds is not None:
            row.append(format_seconds(seconds[name]))
        rows.append(row)
    print_table(rows, headers)


def print_batch_size_table(results: Sequence[tuple[int, float, float]], n_images: int) -> None:
    """Print (batch size, seconds for one epoch, test accuracy after it) with the steps per epoch.

    `n_images` is the number of training images, which sets the number of
    weight updates (steps) one epoch makes: ceil(n_images / batch size).
    """
    if not results:
        raise ValueError("results is empty: pass at least one (batch size, seconds, accuracy)")
    if n_images < 1:
        raise ValueError(f"n_images must be positive, got {n_images}")
    rows = []
    for batch_size, seconds, accuracy in results:
        if batch_size < 1 or not 0 <= accuracy <= 1 or seconds < 0:
            raise ValueError(f"bad result {(batch_size, seconds, accuracy)}: "
                             "expected (batch size >= 1, seconds >= 0, accuracy in [0, 1])")
        rows.append([batch_size, f"{math.ceil(n_images / batch_size):,}", format_seconds(seconds),
                     format_percent(accuracy)])
    print_table(rows, ["batch size", "updates per epoch", "time for one epoch", "test accuracy after it"])


def _draw_prediction(ax_image, ax_bars, image: np.ndarray, probabilities: np.ndarray,
                     label: int, caption: str) -> None:
    """Draw one test image and its 10 probabilities (true digit in green, a wrong pick in vermillion)."""
    predicted = int(probabilities.argmax())
    ax_image.imshow(image, cmap=DIGIT_CMAP, vmin=0, vmax=1 if image.max() <= 1 else 255)
    ax_image.set_title(caption, fontsize=9)
    ax_image.axis("off")
    colours = ["#BBBBBB"] * N_CLASSES
    colours[predicted] = OKABE_ITO[3]
    colours[label] = OKABE_ITO[2]
    ax_bars.bar(range(N_CLASSES), probabilities, color=colours)
    ax_bars.set_ylim(0, 1.05)
    ax_bars.set_xticks(range(N_CLASSES))
    ax_bars.set_xlabel("digit")
    ax_bars.set_ylabel("probability")
    verdict = "right" if predicted == label else "wrong"
    ax_bars.set_title(f"true {label}, predicted {predicted} ({probabilities[predicted]:.1%}): {verdict}",
                      fontsize=9, color="black" if verdict == "right" else OKABE_ITO[3])


def plot_predictions(images, labels, probabilities, indices: Sequence[int]) -> plt.Figure:
    """For each index, the test image beside a bar chart of its 10 probabilities (static figure)."""
    images = as_image_batch(images)
    probabilities = as_probabilities(probabilities, len(images))
    labels = as_labels(labels, len(images), name="labels")
    indices = [int(i) for i in indices]
    if not indices or min(indices) < 0 or max(indices) >= len(images):
        raise ValueError(f"indices must be a non-empty list of image positions 0-{len(images) - 1}")
    fig, axes = plt.subplots(len(indices), 2, figsize=(6.4, 1.9 * len(indices)),
                             gridspec_kw={"width_ratios": [1, 3]}, squeeze=False)
    for (ax_image, ax_bars), index in zip(axes, indices, strict=True):
        _draw_prediction(ax_image, ax_bars, images[index], probabilities[index], labels[index],
                         f"test image {index}")
    fig.tight_layout()
    return fig


def prediction_view(position: int, only_mistakes: bool, images, labels, probabilities) -> Figure:
    """The prediction explorer's pure callback: one image and its probabilities as a Figure.

    `position` counts over all images, or over the misread ones (in test order)
    when `only_mistakes` is true; it is clipped to the valid range. Returns a
    Matplotlib `Figure` not registered with pyplot, so nothing leaks between calls.
    """
    images = as_image_batch(images)
    probabilities = as_probabilities(probabilities, len(images))
    labels = as_labels(labels, len(images), name="labels")
    candidates = np.arange(len(images))
    if only_mistakes:
        candidates = np.flatnonzero(probabilities.argmax(axis=1) != labels)
    fig = Figure(figsize=(6.4, 2.4))
    if len(candidates) == 0:
        fig.text(0.5, 0.5, "no mistakes: every prediction is right", ha="center", va="center")
        return fig
    position = int(np.clip(position, 0, len(candidates) - 1))
    index = int(candidates[position])
    caption = f"test image {index}"
    if only_mistakes:
        caption += f"\nmistake {position + 1} of {len(candidates)}"
    ax_image, ax_bars = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 3]})
    _draw_prediction(ax_image, ax_bars, images[index], probabilities[index], labels[index], caption)
    fig.tight_layout()
    return fig


def make_prediction_explorer(images, labels, probabilities):
    """A widget: a slider picks a test image, a checkbox limits it to the mistakes.

    Shows `prediction_view` for the chosen image as a PNG in an `ipywidgets.Image`,
    redrawn whenever a control changes. With "show only mistakes" ticked the
    slider runs over the misread images only.
    """
    import ipywidgets as widgets

    images = as_image_batch(images)
    probabilities = as_probabilities(probabilities, len(images))
    labels = as_labels(labels, len(images), name="labels")
    n_mistakes = int(np.sum(probabilities.argmax(axis=1) != labels))
    slider = widgets.IntSlider(value=0, min=0, max=len(images) - 1, description="image",
                               continuous_update=False, layout=widgets.Layout(width="60%"))
    mistakes_only = widgets.Checkbox(value=False, description="show only mistakes")
    picture = widgets.Image(format="png")

    def redraw(_change=None) -> None:
        fig = prediction_view(slider.value, mistakes_only.value, images, labels, probabilities)
        picture.value = figure_png(fig)

    def change_mode(change) -> None:
        slider.description = "mistake" if change["new"] else "image"
        slider.max = max(0, (n_mistakes if change["new"] else len(images)) - 1)
        redraw()

    slider.observe(redraw, names="value")
    mistakes_only.observe(change_mode, names="value")
    redraw()
    return widgets.VBox([widgets.HBox([slider, mistakes_only]), picture])
