"""Figures used across the series: digit grids, learning curves, saving for the README."""

import io
from collections.abc import Mapping, Sequence
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

from helpers.style import DIGIT_CMAP
from helpers.validation import as_image_batch, as_labels

FIGURES_DIR = Path(__file__).resolve().parents[1] / "figures"


def show_digit_grid(
    images,
    labels=None,
    predictions=None,
    ncols: int = 10,
    title: str | None = None,
    size: float = 1.0,
) -> plt.Figure:
    """Draw images in a grid, each titled with its label (and prediction, if given).

    A wrong prediction is titled in red as "true -> predicted". Accepts raw
    (0-255) or scaled ([0, 1]) pixels, shaped (n, 28, 28) or (n, 784).
    """
    images = as_image_batch(images)
    n = len(images)
    labels = None if labels is None else as_labels(labels, n, "labels")
    predictions = None if predictions is None else as_labels(predictions, n, "predictions")
    if ncols < 1:
        raise ValueError(f"ncols must be at least 1, got {ncols}")
    ncols = min(ncols, n)
    nrows = int(np.ceil(n / ncols))
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(size * ncols, size * 1.15 * nrows + (0.3 if title else 0)),
        squeeze=False,
    )
    vmax = 1.0 if images.max() <= 1.0 else 255
    for index, ax in enumerate(axes.flat):
        ax.axis("off")
        if index >= n:
            continue
        ax.imshow(images[index], cmap=DIGIT_CMAP, vmin=0, vmax=vmax)
        ax.set_title(_digit_caption(index, labels, predictions), **_caption_style(index, labels, predictions))
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def _digit_caption(index: int, labels, predictions) -> str:
    if labels is None and predictions is None:
        return ""
    if predictions is None:
        return str(labels[index])
    if labels is None:
        return f"pred {predictions[index]}"
    return f"{labels[index]} → {predictions[index]}"


def _caption_style(index: int, labels, predictions) -> dict:
    wrong = labels is not None and predictions is not None and labels[index] != predictions[index]
    return {"fontsize": 9, "color": "#D55E00" if wrong else "black"}


def history_dict(history) -> dict[str, list[float]]:
    """The metric lists of a Keras `History` (or a plain dict of lists)."""
    values = getattr(history, "history", history)
    if not isinstance(values, Mapping) or not values:
        raise ValueError("expected a Keras History from model.fit(...) or a dict of metric lists")
    return {key: list(map(float, series)) for key, series in values.items()}


def plot_learning_curves(
    histories,
    metrics: Sequence[str] = ("loss", "accuracy"),
    validation: bool = True,
    title: str | None = None,
) -> plt.Figure:
    """Plot loss and accuracy per epoch, training solid and validation dashed.

    `histories` is one Keras `History` or a dict {name: History} to compare
    several runs on the same axes (one colour per run).
    """
    if isinstance(histories, Mapping) and all(not isinstance(v, list) for v in histories.values()):
        runs = {name: history_dict(h) for name, h in histories.items()}
    else:
        runs = {"": history_dict(histories)}
    fig, axes = plt.subplots(1, len(metrics), figsize=(5.2 * len(metrics), 3.6), squeeze=False)
    for ax, metric in zip(axes.flat, metrics, strict=True):
        for colour_index, (name, values) in enumerate(runs.items()):
            if metric not in values:
                raise ValueError(f"metric {metric!r} not recorded; available: {sorted(values)}")
            colour = f"C{colour_index}"
            epochs = np.arange(1, len(values[metric]) + 1)
            prefix = f"{name}: " if name else ""
            ax.plot(epochs, values[metric], color=colour, marker="o", ms=3, label=f"{prefix}training")
            if validation and f"val_{metric}" in values:
                ax.plot(epochs, values[f"val_{metric}"], color=colour, ls="--", marker="o", ms=3,
                        label=f"{prefix}validation")
        ax.set_xlabel("epoch")
        ax.set_ylabel(metric)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.legend(fontsize=8)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def figure_png(fig: plt.Figure) -> bytes:
    """Render a Matplotlib figure to PNG bytes (what the explorer widgets show in an `Image`)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def save_figure(fig: plt.Figure, name: str, folder: Path | None = None) -> Path:
    """Save `fig` as figures/NAME.png (for the README) and return the path.

    Saved with fixed metadata so that an unchanged figure gives an unchanged file.
    """
    if not name or "/" in name or "\\" in name:
        raise ValueError(f"figure name must be a plain file name, got {name!r}")
    folder = FIGURES_DIR if folder is None else Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    fig.savefig(path, metadata={"Software": None})
    return path
