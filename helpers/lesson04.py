"""Lesson 04's plumbing: the study tables, and how a trained classifier's mistakes are drawn.

The lesson builds, compiles, fits, saves and evaluates the models in plain
sight. This module holds what turns results into tables and pictures: the
seed study's learning-rate grid and batch-size table, the confusion matrix
(plain NumPy) and its plot, the most confused pairs of digits, the misread
digits with the model's confidence, and the prediction explorer. It also
re-exports the shared helpers the lesson calls, so that every call reads
``lesson.name(...)``.
"""

import functools
import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from helpers import reference, report, study
from helpers.checks import as_image_batch, as_labels, as_probabilities, pixel_max
from helpers.data import load_mnist
from helpers.plots import plot_digit_grid, plot_learning_curves
from helpers.report import format_percent, format_seconds, print_table
from helpers.style import DIGIT_CMAP, OKABE_ITO, RIGHT_COLOUR, SEQUENTIAL_CMAP, WRONG_COLOUR
from helpers.widgets import explorer, slider

__all__ = [
    "chosen_learning_rates",
    "confusion_matrix",
    "format_percent",
    "format_seconds",
    "load_mnist",
    "lr_grid_rows",
    "measured",
    "most_confused_pairs",
    "plot_confusion_matrix",
    "plot_learning_curves",
    "plot_learning_rate_sensitivity",
    "plot_misread_digits",
    "plot_predictions",
    "prediction_explorer",
    "prediction_view",
    "print_batch_size_table",
    "print_confused_pairs",
    "print_learning_rate_table",
    "print_measured",
    "reference_model_file",
]

measured = functools.partial(report.measured, "04")
print_measured = functools.partial(report.print_measured, "04")

N_CLASSES = 10
LR_GRID, BATCH_SIZES = "lr_grid", "batch_sizes"
NEAR_BEST = 0.005  # "near the best": validation accuracy within half a percentage point of the best rate's
KERAS_DEFAULT_RATES = {"plain SGD": 0.01, "SGD + momentum 0.9": 0.01, "Adam": 0.001}


def reference_model_file(seed: int) -> Path:
    """Where lesson 04 saves the reference model trained with `seed`: a file in the series' model cache.

    The cache lies outside the repository (``~/.cache/dnn-digits``, or
    ``$DNN_DIGITS_CACHE``); lessons 05 and 07 load the model from there.
    The folder is created if needed.
    """
    path = reference.model_file(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


# --- the seed study's learning-rate grid -------------------------------------------------------


@dataclass(frozen=True)
class RateResult:
    """One optimizer at one learning rate, over the study's seeds."""

    optimizer: str
    learning_rate: float
    val_accuracies: tuple[float, ...]
    test_accuracies: tuple[float, ...]

    @property
    def val_mean(self) -> float:
        return statistics.fmean(self.val_accuracies)


def lr_grid_rows() -> list[dict[str, float | int | str]]:
    """The seed study's learning-rate grid, one dict per optimizer, learning rate and seed.

    Keys: "optimizer", "learning_rate", "seed", and the last epoch's
    "train_accuracy", "val_accuracy", "val_loss", the "test_accuracy" and
    "fit_seconds" (numbers as floats, the seed as an int).
    """
    rows = []
    for row in study.read_table(LR_GRID):
        numbers = {key: float(value) for key, value in row.items() if key not in ("optimizer", "seed")}
        rows.append({"optimizer": row["optimizer"], "seed": int(row["seed"]), **numbers})
    return rows


def _grid() -> dict[str, list[RateResult]]:
    """{optimizer: its learning rates in increasing order} from the committed ``lr_grid`` table."""
    rows = lr_grid_rows()
    grouped: dict[tuple[str, float], list[dict]] = {}
    for row in rows:
        grouped.setdefault((row["optimizer"], float(row["learning_rate"])), []).append(row)
    grid: dict[str, list[RateResult]] = {}
    for (optimizer, rate), runs in grouped.items():
        result = RateResult(
            optimizer,
            rate,
            tuple(run["val_accuracy"] for run in runs),
            tuple(run["test_accuracy"] for run in runs),
        )
        grid.setdefault(optimizer, []).append(result)
    return {name: sorted(results, key=lambda r: r.learning_rate) for name, results in grid.items()}


def _best(results: Sequence[RateResult]) -> RateResult:
    """The rate with the highest mean validation accuracy (the test set plays no part)."""
    return max(results, key=lambda r: r.val_mean)


def chosen_learning_rates() -> dict[str, float]:
    """Each optimizer's learning rate chosen by the study on validation accuracy (mean over seeds)."""
    return {name: _best(results).learning_rate for name, results in _grid().items()}


def _mean_sd(values: Sequence[float]) -> str:
    sd = statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{100 * statistics.fmean(values):.1f} ± {100 * sd:.1f} %"


def _rates_text(rates: Sequence[float]) -> str:
    return ", ".join(f"{rate:g}" for rate in rates)


def print_learning_rate_table() -> None:
    """Print the study's best-vs-best table: each optimizer at its rate chosen on validation accuracy.

    Columns: the rates tried, the chosen one, validation and test accuracy
    there (mean ± sd over the seeds), and the rates whose mean validation
    accuracy lies within half a percentage point of the best (how forgiving
    the optimizer is about its learning rate).
    """
    rows, seeds = [], set()
    for name, results in _grid().items():
        best = _best(results)
        near = [r.learning_rate for r in results if r.val_mean >= best.val_mean - NEAR_BEST]
        seeds.add(len(best.val_accuracies))
        rows.append(
            [name, _rates_text([r.learning_rate for r in results]), f"{best.learning_rate:g}",
             _mean_sd(best.val_accuracies), _mean_sd(best.test_accuracies), _rates_text(near)]
        )  # fmt: skip
    headers = ["optimizer", "rates tried", "chosen", "validation accuracy", "test accuracy", "rates near the best"]
    print_table(rows, headers)
    print(f"(mean ± sd over {', '.join(map(str, sorted(seeds)))} seeds; 'near the best': mean validation "
          f"accuracy within {100 * NEAR_BEST:.1f} percentage points of the chosen rate's)")  # fmt: skip


def plot_learning_rate_sensitivity(
    this_run: Mapping[str, tuple[float, float]] | None = None, floor: float = 0.93
) -> plt.Figure:
    """Validation accuracy against learning rate, one line per optimizer (the study's mean, its seeds' range shaded).

    A star marks each optimizer's rate chosen on validation, an open circle
    Keras' default rate. `this_run` maps an optimizer's name to (learning
    rate, validation accuracy) of a run made in the notebook, drawn as a
    black-edged diamond. Accuracies below `floor` are drawn on the bottom
    edge with a down-pointing triangle.
    """
    grid = _grid()
    this_run = dict(this_run or {})
    unknown = set(this_run) - set(grid)
    if unknown:
        raise ValueError(f"no optimizer called {sorted(unknown)} in the study; it has {sorted(grid)}")
    if not 0 < floor < 1:
        raise ValueError(f"floor is a fraction between 0 and 1, got {floor}")
    fig, ax = plt.subplots(figsize=(7.2, 4.2))
    bottom = 100 * floor - 0.4
    top = min(100.0, 100 * max(max(r.val_accuracies) for results in grid.values() for r in results) + 0.8)
    for index, (name, results) in enumerate(grid.items()):
        colour = OKABE_ITO[index]
        rates = np.array([r.learning_rate for r in results])
        mean = np.array([100 * r.val_mean for r in results])
        low = np.array([100 * min(r.val_accuracies) for r in results])
        high = np.array([100 * max(r.val_accuracies) for r in results])
        ax.fill_between(rates, np.maximum(low, bottom), np.maximum(high, bottom), color=colour, alpha=0.2)
        ax.plot(rates, np.maximum(mean, bottom), "-o", color=colour, ms=4, label=name)
        off = mean < bottom
        ax.plot(rates[off], np.full(off.sum(), bottom), "v", color=colour, ms=9)
        best = _best(results)
        ax.plot(best.learning_rate, 100 * best.val_mean, "*", color=colour, ms=15, markeredgecolor="black", zorder=4)
        if KERAS_DEFAULT_RATES.get(name) in rates:
            default = list(rates).index(KERAS_DEFAULT_RATES[name])
            ax.plot(rates[default], max(mean[default], bottom), "o", ms=13, mfc="none", mec=colour, mew=1.5, zorder=4)
        if name in this_run:
            rate, accuracy = this_run[name]
            ax.plot(rate, max(100 * accuracy, bottom), "D", color=colour, ms=8, markeredgecolor="black", zorder=5,
                    label=f"{name}: this notebook's run")  # fmt: skip
    ax.set_xscale("log")
    ax.set_ylim(bottom - 0.4, top)
    ax.set_xlabel("learning rate (log scale)")
    ax.set_ylabel("validation accuracy after 5 epochs (%)")
    ax.set_title("Validation accuracy against learning rate (line: mean over seeds; band: their range)", fontsize=10)
    ax.text(0.99, 0.98, "★ chosen on validation   ○ Keras' default   ▼ below the axis", transform=ax.transAxes,
            ha="right", va="top", fontsize=8)  # fmt: skip
    ax.legend(fontsize=8, loc="lower left")
    fig.tight_layout()
    return fig


def print_batch_size_table() -> None:
    """Print the study's batch-size table: updates per epoch and validation accuracy (mean ± sd over the seeds)."""
    rows = study.read_table(BATCH_SIZES)
    sizes = sorted({int(row["batch_size"]) for row in rows})
    by_size = {size: [row for row in rows if int(row["batch_size"]) == size] for size in sizes}
    table = [
        [size, f"{int(runs[0]['updates_per_epoch']):,}", _mean_sd([float(r["val_accuracy"]) for r in runs])]
        for size, runs in by_size.items()
    ]
    print_table(table, ["batch size", "updates per epoch", "validation accuracy"])
    print(f"(after 5 epochs; mean ± sd over {len(by_size[sizes[0]])} seeds)")


# --- which digits it gets wrong -------------------------------------------------------------------


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
        ax.text(col, row, str(count), ha="center", va="center", fontsize=8, color="white" if dark_cell else "black")
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
    rows = [[true, predicted, count, format_percent(count / per_digit[true])] for true, predicted, count in pairs]
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


def confidence_text(probability: float) -> str:
    """A probability as a percentage with just enough decimals not to round up to 100 %.

    0.9 -> '90.0 %', 0.9997 -> '99.97 %', 0.999996 -> '99.9996 %'. A
    probability that is exactly 1 in float32 is written '100 %'.
    """
    probability = float(probability)
    if not 0 <= probability <= 1:
        raise ValueError(f"a probability lies in [0, 1], got {probability}")
    if probability == 1:
        return "100 %"
    decimals = min(6, max(1, math.floor(-math.log10(200 * (1 - probability))) + 1))
    return f"{100 * probability:.{decimals}f} %"


def plot_misread_digits(images, labels, probabilities, n: int = 20, ncols: int = 5) -> plt.Figure:
    """A grid of the `n` most confident mistakes, each captioned "true → predicted" and the confidence."""
    images = as_image_batch(images)
    probabilities = as_probabilities(probabilities, len(images))
    labels = as_labels(labels, len(images), name="labels")
    chosen = misread_indices(labels, probabilities, n)
    if len(chosen) == 0:
        raise ValueError("there are no mistakes to show: every prediction is right")
    predictions = probabilities[chosen].argmax(axis=1)
    captions = [
        f"{labels[i]} → {p}\n{confidence_text(probabilities[i, p])}" for i, p in zip(chosen, predictions, strict=True)
    ]
    return plot_digit_grid(
        images[chosen], labels[chosen], predictions, captions=captions, ncols=ncols, size=1.45,
        title="Misread test digits, most confident first (true → predicted, the network's probability)",
    )  # fmt: skip


# --- looking at single predictions ------------------------------------------------------------------


def _draw_prediction(ax_image, ax_bars, image: np.ndarray, probabilities: np.ndarray, label: int, caption: str):
    """Draw one test image and its 10 probabilities (the true digit's bar green, a wrong pick vermillion)."""
    predicted = int(probabilities.argmax())
    ax_image.imshow(image, cmap=DIGIT_CMAP, vmin=0, vmax=pixel_max(image))
    ax_image.set_title(caption, fontsize=9)
    ax_image.axis("off")
    colours = ["#BBBBBB"] * N_CLASSES
    colours[predicted] = WRONG_COLOUR
    colours[label] = RIGHT_COLOUR
    ax_bars.bar(range(N_CLASSES), probabilities, color=colours)
    ax_bars.set_ylim(0, 1.05)
    ax_bars.set_xticks(range(N_CLASSES))
    ax_bars.set_xlabel("digit")
    ax_bars.set_ylabel("probability")
    verdict = "right" if predicted == label else "wrong"
    ax_bars.set_title(
        f"true {label}, predicted {predicted} ({confidence_text(probabilities[predicted])}): {verdict}",
        fontsize=9, color="black" if verdict == "right" else WRONG_COLOUR,
    )  # fmt: skip


def plot_predictions(images, labels, probabilities, indices: Sequence[int]) -> plt.Figure:
    """For each index, the test image beside a bar chart of its 10 probabilities (static figure)."""
    images = as_image_batch(images)
    probabilities = as_probabilities(probabilities, len(images))
    labels = as_labels(labels, len(images), name="labels")
    indices = [int(i) for i in indices]
    if not indices or min(indices) < 0 or max(indices) >= len(images):
        raise ValueError(f"indices must be a non-empty list of image positions 0-{len(images) - 1}")
    fig, axes = plt.subplots(
        len(indices), 2, figsize=(6.4, 1.9 * len(indices)), gridspec_kw={"width_ratios": [1, 3]}, squeeze=False
    )
    for (ax_image, ax_bars), index in zip(axes, indices, strict=True):
        _draw_prediction(ax_image, ax_bars, images[index], probabilities[index], labels[index], f"test image {index}")
    fig.tight_layout()
    return fig


def prediction_view(position: int, only_mistakes: bool, images, labels, probabilities) -> Figure:
    """The prediction explorer's pure view: one image and its probabilities as a Figure.

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


def prediction_explorer(images, labels, probabilities) -> widgets.VBox:
    """A widget: a slider picks a test image, a checkbox limits the slider to the misread images.

    Shows `prediction_view` for the chosen image; with "only mistakes" ticked,
    the slider runs over the misread images, in test order.
    """
    images = as_image_batch(images)
    probabilities = as_probabilities(probabilities, len(images))
    labels = as_labels(labels, len(images), name="labels")
    n_mistakes = int(np.sum(probabilities.argmax(axis=1) != labels))
    position = slider("image", 0, len(images) - 1)
    only_mistakes = widgets.Checkbox(value=False, description="only mistakes")

    def view(position: int, only_mistakes: bool) -> Figure:
        return prediction_view(position, only_mistakes, images, labels, probabilities)

    def change_range(change) -> None:
        position.description = "mistake" if change["new"] else "image"
        position.max = max(0, (n_mistakes if change["new"] else len(images)) - 1)

    only_mistakes.observe(change_range, names="value")
    return explorer(view, position=position, only_mistakes=only_mistakes)
