"""Looking at MNIST (lesson 02): class balance, pixel values, mean digits, the
normalization experiment's figure and a widget to browse the images by class."""

from collections.abc import Mapping

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from helpers.checks import as_image_batch, as_labels
from helpers.models import history_dict
from helpers.report import format_percent
from helpers.style import DIGIT_CMAP, OKABE_ITO


def _images_and_labels(images, labels) -> tuple[np.ndarray, np.ndarray]:
    images = as_image_batch(images)
    return images, as_labels(labels, len(images))


def class_counts(labels) -> np.ndarray:
    """How many examples of each digit 0-9 (an array of 10 counts)."""
    labels = as_labels(labels)
    if labels.size == 0:
        raise ValueError("labels is empty")
    return np.bincount(labels, minlength=10)


def plot_class_balance(train_labels, test_labels) -> plt.Figure:
    """Bar charts of how many training and test images show each digit, with the
    share of each digit in the training set written on its bar."""
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
    counts = np.zeros(256, dtype=np.int64)
    for start in range(0, len(images), chunk):
        counts += np.bincount(images[start : start + chunk].reshape(-1), minlength=256)
    return counts


def plot_pixel_histogram(images) -> plt.Figure:
    """Histogram of all pixel values of raw uint8 images (0-255), on a log scale.

    The counting (`pixel_value_counts`) needs no float copy of the images.
    """
    counts = pixel_value_counts(images)
    fig, ax = plt.subplots(figsize=(7, 3.4))
    ax.bar(np.arange(256), counts, width=1.0, color=OKABE_ITO[0])
    ax.set_yscale("log")
    ax.set_xlim(-3, 258)
    ax.set_xlabel("pixel value (0 = white paper, 255 = black ink)")
    ax.set_ylabel("number of pixels (log scale)")
    share_zero = counts[0] / counts.sum()
    ax.set_title(f"{counts.sum():,} pixels: {format_percent(share_zero)} are exactly 0")
    fig.tight_layout()
    return fig


def mean_image_per_digit(images, labels) -> np.ndarray:
    """The average image of each digit, shape (10, 28, 28), float32, on the scale of `images`."""
    images, labels = _images_and_labels(images, labels)
    missing = [d for d in range(10) if not np.any(labels == d)]
    if missing:
        raise ValueError(f"no image of digit(s) {missing}: every digit needs at least one image")
    return np.stack([images[labels == d].mean(axis=0, dtype=np.float64) for d in range(10)]).astype(np.float32)


def plot_mean_images(mean_images) -> plt.Figure:
    """Ten average digits side by side (from `mean_image_per_digit`)."""
    mean_images = as_image_batch(mean_images, "mean_images")
    if len(mean_images) != 10:
        raise ValueError(f"expected 10 mean images (one per digit), got {len(mean_images)}")
    fig, axes = plt.subplots(1, 10, figsize=(10, 1.5))
    for digit, ax in enumerate(axes):
        ax.imshow(mean_images[digit], cmap=DIGIT_CMAP)
        ax.set_title(str(digit))
        ax.axis("off")
    fig.suptitle("The average image of each digit", y=1.05)
    return fig


def plot_normalization_comparison(histories: Mapping, test_accuracies: Mapping[str, float]) -> plt.Figure:
    """Raw vs scaled pixels (or any runs): loss per epoch (log scale), accuracy per epoch, test accuracy.

    `histories` maps a run's name to its Keras `History` (or dict of lists);
    training curves are solid, validation curves dashed, one colour per run.
    `test_accuracies` maps the same names to accuracy on the test set.
    """
    if not isinstance(histories, Mapping) or not histories:
        raise ValueError("histories must be a non-empty dict {run name: History from model.fit}")
    runs = {name: history_dict(history) for name, history in histories.items()}
    if set(test_accuracies) != set(runs):
        raise ValueError(f"test_accuracies must name the same runs as histories: {sorted(runs)}")
    for name, values in runs.items():
        needed = {"loss", "accuracy"} - set(values)
        if needed:
            raise ValueError(f"run {name!r} did not record {sorted(needed)}: compile with metrics=['accuracy']")
    fig, axes = plt.subplots(1, 3, figsize=(12, 3.6), gridspec_kw={"width_ratios": (1, 1, 0.6)})
    for index, (name, values) in enumerate(runs.items()):
        colour = f"C{index}"
        for ax, metric in zip(axes[:2], ("loss", "accuracy"), strict=True):
            epochs = np.arange(1, len(values[metric]) + 1)
            ax.plot(epochs, values[metric], color=colour, marker="o", ms=3, label=f"{name}: training")
            if f"val_{metric}" in values:
                ax.plot(
                    epochs,
                    values[f"val_{metric}"],
                    color=colour,
                    ls="--",
                    marker="o",
                    ms=3,
                    label=f"{name}: validation",
                )
    axes[0].set_yscale("log")
    for ax, metric in zip(axes[:2], ("loss (log scale)", "accuracy"), strict=True):
        ax.set_xlabel("epoch")
        ax.set_ylabel(metric)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.legend(fontsize=8)
    names = list(runs)
    scores = [float(test_accuracies[name]) for name in names]
    bars = axes[2].bar(range(len(names)), scores, color=[f"C{i}" for i in range(len(names))])
    axes[2].bar_label(bars, labels=[format_percent(s) for s in scores], fontsize=9)
    axes[2].set_xticks(range(len(names)), names)
    axes[2].set_ylim(0, 1.08)
    axes[2].set_ylabel("test accuracy")
    axes[2].set_title("on 10,000 unseen images" if len(scores) else "")
    fig.tight_layout()
    return fig


def plot_examples_by_class(images, labels, per_class: int = 10) -> plt.Figure:
    """A grid with one row per digit 0-9, showing its first `per_class` images."""
    images, labels = _images_and_labels(images, labels)
    if per_class < 1:
        raise ValueError(f"per_class must be at least 1, got {per_class}")
    fig, axes = plt.subplots(10, per_class, figsize=(0.8 * per_class + 0.4, 8.4), squeeze=False)
    vmax = 1.0 if images.max() <= 1.0 else 255
    for digit in range(10):
        chosen = np.flatnonzero(labels == digit)[:per_class]
        for column, ax in enumerate(axes[digit]):
            ax.axis("off")
            if column < len(chosen):
                ax.imshow(images[chosen[column]], cmap=DIGIT_CMAP, vmin=0, vmax=vmax)
        axes[digit, 0].text(-8, 14, str(digit), fontsize=12, ha="right", va="center")
    fig.subplots_adjust(wspace=0.05, hspace=0.05, left=0.06, right=0.99, top=0.99, bottom=0.01)
    return fig


def class_browser_figure(images, labels, digit: int, page: int = 0, per_page: int = 20) -> plt.Figure:
    """The widget's picture: page `page` of the training images of one digit (a pure function).

    Each image is titled with its index in the training set, so you can find
    it again (`x_train[index]`).
    """
    images, labels = _images_and_labels(images, labels)
    digit = int(as_labels([digit], name="digit")[0])
    if per_page < 1 or page < 0:
        raise ValueError(f"page must be >= 0 and per_page >= 1, got page={page}, per_page={per_page}")
    indices = np.flatnonzero(labels == digit)
    pages = max(1, int(np.ceil(len(indices) / per_page)))
    if page >= pages:
        raise ValueError(
            f"digit {digit} has {len(indices)} images, {pages} page(s) of {per_page}; page {page} is past the end"
        )
    shown = indices[page * per_page : (page + 1) * per_page]
    columns = 10
    rows = max(1, int(np.ceil(per_page / columns)))
    fig, axes = plt.subplots(rows, columns, figsize=(10, 1.2 * rows + 0.4), squeeze=False)
    vmax = 1.0 if images.max() <= 1.0 else 255
    for ax, index in zip(axes.flat, list(shown) + [None] * (rows * columns - len(shown)), strict=True):
        ax.axis("off")
        if index is not None:
            ax.imshow(images[index], cmap=DIGIT_CMAP, vmin=0, vmax=vmax)
            ax.set_title(f"#{index}", fontsize=8)
    fig.suptitle(
        f"digit {digit}: images {page * per_page + 1}-{page * per_page + len(shown)} "
        f"of {len(indices):,} (page {page + 1} of {pages})"
    )
    fig.tight_layout()
    return fig


def make_class_browser(images, labels, per_page: int = 20, pages: int = 20) -> widgets.interactive:
    """Two sliders, digit (0-9) and page, that redraw `class_browser_figure`.

    Only the first `pages` pages of each digit are offered, which is plenty
    for browsing and keeps the slider short.
    """
    images, labels = _images_and_labels(images, labels)
    fewest = int(class_counts(labels).min())
    if fewest == 0:
        raise ValueError("every digit needs at least one image to browse")
    last_page = min(pages, int(np.ceil(fewest / per_page))) - 1
    digit_slider = widgets.IntSlider(value=0, min=0, max=9, description="digit", continuous_update=False)
    page_slider = widgets.IntSlider(value=0, min=0, max=last_page, description="page", continuous_update=False)

    def show(digit: int, page: int) -> plt.Figure:
        return class_browser_figure(images, labels, digit, page, per_page)

    return widgets.interactive(show, digit=digit_slider, page=page_slider)
