"""Lesson 02's plumbing: pictures of MNIST, the class browser, and the tables of the normalization experiment.

The lesson loads the data, computes its statistics (the mean digits, the
pixels that are never inked, distances to the mean digits) and builds,
trains and measures its models in plain sight. This module draws: the class
balance, the pixel histogram, the mean digits, a grid of examples per class,
the browser widget, and the result tables (this run next to the seed study).
"""

import functools
from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np

from helpers import report, study
from helpers.checks import as_image_batch, as_labels, pixel_max
from helpers.data import load_mnist, scale_pixels
from helpers.plots import plot_digit_grid, plot_learning_curves
from helpers.report import format_percent, print_table
from helpers.style import DIGIT_CMAP, OKABE_ITO, WRONG_COLOUR
from helpers.widgets import explorer, slider

__all__ = [
    "LEARNING_RATE_STUDY",
    "class_counts",
    "class_explorer",
    "format_percent",
    "load_mnist",
    "measured",
    "plot_class_balance",
    "plot_class_page",
    "plot_digit_grid",
    "plot_examples_by_class",
    "plot_learning_curves",
    "plot_learning_rate_study",
    "plot_mean_images",
    "plot_pixel_histogram",
    "print_learning_rate_study",
    "print_measured",
    "print_results",
    "pixel_value_counts",
    "scale_pixels",
]

measured = functools.partial(report.measured, "02")
print_measured = functools.partial(report.print_measured, "02")

LEARNING_RATE_STUDY = "lesson02_learning_rates"
"""The committed experiment (benchmarks/experiments/lesson02.py): each pixel scale and optimizer at many rates."""


# ---------------------------------------------------------------- the data


def class_counts(labels) -> np.ndarray:
    """How many examples of each digit 0-9 (an array of 10 counts)."""
    labels = as_labels(labels)
    if labels.size == 0:
        raise ValueError("labels is empty: pass the labels of at least one image")
    return np.bincount(labels, minlength=10)


def plot_class_balance(train_labels, test_labels) -> plt.Figure:
    """Bar charts of how many training and test images show each digit, each bar labelled with its share."""
    train, test = class_counts(train_labels), class_counts(test_labels)
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.4))
    for ax, counts, split, colour in (
        (axes[0], train, "training", OKABE_ITO[0]),
        (axes[1], test, "test", OKABE_ITO[1]),
    ):
        ax.bar(range(10), counts, color=colour)
        ax.axhline(counts.sum() / 10, color="0.3", ls=":", lw=1, label="a perfectly even split")
        ax.set_xticks(range(10))
        ax.set_xlabel("digit")
        ax.set_ylabel("images")
        ax.set_title(f"{split} set: {counts.sum():,} images")
        ax.set_ylim(0, counts.max() * 1.25)
        ax.legend(loc="upper right", fontsize=8)
        for digit, count in enumerate(counts):
            ax.text(digit, count, f"{count / counts.sum():.0%}", ha="center", va="bottom", fontsize=7)
    fig.tight_layout()
    return fig


def pixel_value_counts(images, chunk: int = 4096) -> np.ndarray:
    """How many pixels of raw uint8 images take each value 0-255 (an array of 256 counts).

    Counts `chunk` images at a time: `np.bincount` works on 8-byte integers,
    so counting all 47 million MNIST pixels at once would need a 376 MB copy.
    """
    images = as_image_batch(images)
    if images.dtype != np.uint8:
        raise TypeError(f"expected raw uint8 pixels (0-255) as loaded, got dtype {images.dtype}")
    if chunk < 1:
        raise ValueError(f"chunk must be at least 1, got {chunk}")
    counts = np.zeros(256, dtype=np.int64)
    for start in range(0, len(images), chunk):
        counts += np.bincount(images[start : start + chunk].reshape(-1), minlength=256)
    return counts


def plot_pixel_histogram(images, marked: Sequence[int] = ()) -> plt.Figure:
    """Histogram of all pixel values of raw uint8 images (0-255) on a log scale; `marked` values get a label."""
    counts = pixel_value_counts(images)
    fig, ax = plt.subplots(figsize=(7, 3.4))
    ax.bar(np.arange(256), counts, width=1.0, color=OKABE_ITO[0])
    for value in marked:
        if not 0 <= int(value) <= 255:
            raise ValueError(f"marked values must be pixel values 0-255, got {value}")
        ax.annotate(str(int(value)), (value, counts[value]), xytext=(0, 4), textcoords="offset points",
                    ha="center", fontsize=8, color=WRONG_COLOUR)  # fmt: skip
    ax.set_yscale("log")
    ax.set_xlim(-3, 258)
    ax.set_xlabel("pixel value (0 = white paper, 255 = black ink)")
    ax.set_ylabel("number of pixels (log scale)")
    ax.set_title(f"{counts.sum():,} pixels: {format_percent(counts[0] / counts.sum())} are exactly 0")
    fig.tight_layout()
    return fig


def plot_mean_images(mean_images) -> plt.Figure:
    """Ten average digits side by side, 0 to 9."""
    mean_images = np.asarray(mean_images, dtype=np.float32)
    if mean_images.shape != (10, 28, 28):
        raise ValueError(f"expected 10 mean images of 28 x 28 (one per digit), got shape {mean_images.shape}")
    fig, axes = plt.subplots(1, 10, figsize=(10, 1.5))
    for digit, ax in enumerate(axes):
        ax.imshow(mean_images[digit], cmap=DIGIT_CMAP)
        ax.set_title(str(digit))
        ax.axis("off")
    fig.suptitle("The average image of each digit", y=1.05)
    return fig


def plot_examples_by_class(images, labels, per_class: int = 10) -> plt.Figure:
    """One row per digit 0-9 with its first `per_class` images, drawn as one mosaic (fast even for many images)."""
    images = as_image_batch(images)
    labels = as_labels(labels, len(images))
    if per_class < 1:
        raise ValueError(f"per_class must be at least 1, got {per_class}")
    cell = 30  # 28 pixels and a 2-pixel blank gap
    mosaic = np.zeros((10 * cell, per_class * cell), dtype=np.float32)
    for digit in range(10):
        for column, index in enumerate(np.flatnonzero(labels == digit)[:per_class]):
            mosaic[digit * cell : digit * cell + 28, column * cell : column * cell + 28] = images[index]
    fig, ax = plt.subplots(figsize=(0.8 * per_class + 0.6, 8.4))
    ax.imshow(mosaic, cmap=DIGIT_CMAP, vmin=0, vmax=pixel_max(images), interpolation="nearest")
    ax.set_yticks(np.arange(10) * cell + 14, [str(d) for d in range(10)], fontsize=12)
    ax.set_xticks([])
    ax.tick_params(left=False)
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    fig.tight_layout()
    return fig


def plot_class_page(images, labels, digit: int, page: int = 0, per_page: int = 20) -> plt.Figure:
    """Page `page` of the images of one digit, each titled with its index (`x_train[index]` finds it again)."""
    images = as_image_batch(images)
    labels = as_labels(labels, len(images))
    digit = int(as_labels([digit], name="digit")[0])
    if per_page < 1 or page < 0:
        raise ValueError(f"page must be >= 0 and per_page >= 1, got page={page}, per_page={per_page}")
    indices = np.flatnonzero(labels == digit)
    pages = max(1, -(-len(indices) // per_page))
    if page >= pages:
        raise ValueError(
            f"digit {digit} has {len(indices)} images, {pages} page(s) of {per_page}; page {page} is past the end"
        )
    shown = indices[page * per_page : (page + 1) * per_page]
    fig = plot_digit_grid(images[shown], captions=[f"#{index}" for index in shown], ncols=10)
    fig.suptitle(
        f"digit {digit}: images {page * per_page + 1}-{page * per_page + len(shown)} "
        f"of {len(indices):,} (page {page + 1} of {pages})"
    )
    fig.tight_layout()
    return fig


def class_explorer(images, labels, per_page: int = 20, pages: int = 20):
    """A widget: sliders for the digit and the page redraw `plot_class_page` (the first `pages` pages of each digit)."""
    images = as_image_batch(images)
    labels = as_labels(labels, len(images))
    fewest = int(class_counts(labels).min())
    if fewest == 0:
        raise ValueError("every digit needs at least one image to browse")
    last_page = min(pages, -(-fewest // per_page)) - 1

    def view(digit: int, page: int) -> plt.Figure:
        return plot_class_page(images, labels, digit, page, per_page)

    return explorer(view, digit=slider("digit", 0, 9), page=slider("page", 0, last_page))


# ---------------------------------------------------------------- the experiment


def print_results(rows: Sequence[Sequence], headers: Sequence[str]) -> None:
    """A table whose measured cells read 'this run (mean ± sd over 5 seeds)'; other cells are printed as they are."""
    shown = [[f"{cell.value_text} ({cell.spread_text})" if isinstance(cell, report.Measured) else cell
              for cell in row] for row in rows]  # fmt: skip
    print_table(shown, headers)


def _learning_rate_runs() -> dict[tuple[str, str], list[dict]]:
    """The committed learning-rate study as {(pixels, optimizer): rows sorted by learning rate}, numbers as floats."""
    runs: dict[tuple[str, str], list[dict]] = {}
    for row in study.read_table(LEARNING_RATE_STUDY):
        numbers = {key: float(value) for key, value in row.items() if key not in ("pixels", "optimizer")}
        runs.setdefault((row["pixels"], row["optimizer"]), []).append(numbers)
    return {key: sorted(rows, key=lambda row: row["learning_rate"]) for key, rows in runs.items()}


def print_learning_rate_study(learning_rates: Mapping[str, float]) -> None:
    """For each pixel scale and optimizer: the study's best learning rate and the rate this lesson uses.

    `learning_rates` is {optimizer: rate}; each row gives the mean validation
    accuracy after 5 epochs ± its sd over the study's seeds.
    """
    table = []
    for (pixels, optimizer), rows in _learning_rate_runs().items():
        best = max(rows, key=lambda row: row["val_accuracy_epoch_5"])
        used = [row for row in rows if row["learning_rate"] == learning_rates.get(optimizer)]
        for row in [best] + [row for row in used if row is not best]:
            note = ("best, " if row is best else "") + ("used above" if row in used else "")
            accuracy = (
                f"{format_percent(row['val_accuracy_epoch_5'])} ± {100 * row['val_accuracy_epoch_5_sd']:.1f} % "
                f"over {row['seeds']:.0f} seeds"
            )
            table.append([pixels, optimizer, f"{row['learning_rate']:g}", note.strip(", "), accuracy])
    print_table(table, ["pixels", "optimizer", "learning rate", "", "validation accuracy after 5 epochs"])


def plot_learning_rate_study(mark: Mapping[str, float] | None = None) -> plt.Figure:
    """Validation accuracy after 5 epochs against the learning rate (log scale), one line per pixel scale and optimizer.

    The band around each line spans the seeds' lowest to highest accuracy;
    `mark` ({optimizer: rate}) rings the rates this lesson uses.
    """
    runs = _learning_rate_runs()
    pixel_scales = list(dict.fromkeys(pixels for pixels, _ in runs))
    fig, axes = plt.subplots(1, 2, figsize=(10.4, 3.6), sharey=True)
    for ax, optimizer in zip(axes, ("SGD", "Adam"), strict=True):
        for index, pixels in enumerate(pixel_scales):
            rows, colour = runs[(pixels, optimizer)], OKABE_ITO[index]
            rates = [row["learning_rate"] for row in rows]
            ax.plot(rates, [100 * row["val_accuracy_epoch_5"] for row in rows], "o-", color=colour, label=pixels)
            low = [100 * row["val_accuracy_epoch_5_min"] for row in rows]
            ax.fill_between(
                rates, low, [100 * row["val_accuracy_epoch_5_max"] for row in rows], color=colour, alpha=0.2
            )
            for row in rows:
                if mark and row["learning_rate"] == mark.get(optimizer):
                    ax.plot(row["learning_rate"], 100 * row["val_accuracy_epoch_5"], "o", ms=12, mfc="none", mec="0.2")
        ax.set_xscale("log")
        ax.set_xlabel("learning rate (log scale)")
        ax.set_title(f"plain {optimizer}" if optimizer == "SGD" else optimizer)
        ax.legend(fontsize=8, loc="lower left" if optimizer == "Adam" else "upper left")
    axes[0].set_ylabel("validation accuracy after 5 epochs (%)")
    axes[0].set_ylim(0, 100)
    fig.tight_layout()
    return fig
