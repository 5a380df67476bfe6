"""Figures every lesson draws: grids of digits and learning curves (one function for every history)."""

import io
from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from helpers.checks import as_image_batch, as_labels, pixel_max
from helpers.models import history_dict
from helpers.style import DIGIT_CMAP, OKABE_ITO, WRONG_COLOUR

RUN_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")  # a shape per run, so overlapping runs stay apart


def plot_digit_grid(
    images,
    labels=None,
    predictions=None,
    *,
    captions: Sequence[str] | None = None,
    ncols: int = 10,
    title: str | None = None,
    size: float = 1.0,
) -> plt.Figure:
    """Draw images in a grid, each titled with its label (and prediction, if given).

    A wrong prediction is titled "true → predicted" in vermillion. `captions`
    replaces the titles. Pixels are drawn on the series' scale: uint8 as
    0-255, floats as [0, 1].
    """
    images = as_image_batch(images)
    n = len(images)
    vmax = pixel_max(images)
    labels = None if labels is None else as_labels(labels, n, "labels")
    predictions = None if predictions is None else as_labels(predictions, n, "predictions")
    if captions is not None and len(captions) != n:
        raise ValueError(f"give one caption per image: {len(captions)} captions for {n} images")
    if ncols < 1:
        raise ValueError(f"ncols must be at least 1, got {ncols}")
    ncols = min(ncols, n)
    nrows = -(-n // ncols)
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(size * ncols, size * 1.15 * nrows + (0.3 if title else 0)), squeeze=False
    )
    for index, ax in enumerate(axes.flat):
        ax.axis("off")
        if index >= n:
            continue
        ax.imshow(images[index], cmap=DIGIT_CMAP, vmin=0, vmax=vmax)
        wrong = labels is not None and predictions is not None and labels[index] != predictions[index]
        caption = captions[index] if captions is not None else _digit_caption(index, labels, predictions)
        ax.set_title(caption, fontsize=9, color=WRONG_COLOUR if wrong else "black")
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
        return f"read as {predictions[index]}"
    return f"{labels[index]} → {predictions[index]}"


def _runs(histories) -> dict[str, dict[str, list[float]]]:
    """{run name: metric lists} from one History, one dict of lists, or a mapping of named runs."""
    if hasattr(histories, "history"):
        return {"": history_dict(histories)}
    if (
        isinstance(histories, Mapping)
        and histories
        and all(isinstance(v, (list, tuple, np.ndarray)) for v in histories.values())
    ):
        return {"": history_dict(histories)}
    if not isinstance(histories, Mapping) or not histories:
        raise ValueError("expected a Keras History, a dict of metric lists, or {run name: History}")
    return {str(name): history_dict(history) for name, history in histories.items()}


def _is_loss(metric: str) -> bool:
    return "loss" in metric or "entropy" in metric


def _log_axis(ax) -> None:
    """A log-scale y axis with plain tick labels (0.05, 0.1, 0.2, not 5 × 10⁻²)."""
    ax.set_yscale("log")
    ax.yaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
    ax.yaxis.set_minor_formatter(NullFormatter())


def plot_learning_curves(
    histories,
    metrics: Sequence[str] = ("loss", "accuracy"),
    *,
    splits: Sequence[str] = ("training", "validation"),
    log_loss: bool = False,
    mark_best: bool = False,
    shade_gap: bool = False,
    title: str | None = None,
) -> plt.Figure:
    """One panel per metric, one colour per run, training solid and validation dashed.

    `histories` is a Keras `History`, a dict like `history.history`, or
    {run name: History} to compare runs. Accuracies are drawn in percent.
    `splits` picks the curves ("training", "validation" or both); `log_loss`
    puts loss panels on a log scale; `mark_best` stars each run's lowest
    validation loss; `shade_gap` shades the gap between training and
    validation accuracy (one run only). A run that stopped before the others
    ends with an X.
    """
    runs = _runs(histories)
    unknown = set(splits) - {"training", "validation"}
    if unknown or not splits:
        raise ValueError(f"splits must be 'training', 'validation' or both, got {list(splits)}")
    if shade_gap and len(runs) > 1:
        raise ValueError("shade_gap needs a single run: the gap of several runs would overlap")
    longest = max(len(next(iter(values.values()))) for values in runs.values())
    fig, axes = plt.subplots(1, len(metrics), figsize=(5.2 * len(metrics), 3.7), squeeze=False)
    for ax, metric in zip(axes.flat, metrics, strict=True):
        scale = 1 if _is_loss(metric) else 100
        for index, (name, values) in enumerate(runs.items()):
            _plot_run(ax, name, values, metric, splits, scale, index, longest, mark_best)
            if shade_gap and not _is_loss(metric) and f"val_{metric}" in values:
                train, val = scale * np.array(values[metric]), scale * np.array(values[f"val_{metric}"])
                epochs = np.arange(1, len(train) + 1)
                ax.fill_between(epochs, val, train, where=train >= val, color=WRONG_COLOUR, alpha=0.18, label="gap")
        if log_loss and _is_loss(metric):
            _log_axis(ax)
        ax.set_xlabel("epoch")
        ax.set_ylabel(metric.replace("_", " ") + ("" if _is_loss(metric) else " (%)"))
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.legend(fontsize=8)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def _plot_run(
    ax, name: str, values: dict, metric: str, splits, scale: float, index: int, longest: int, mark_best: bool
) -> None:
    """One run's curves of one metric on `ax`."""
    if metric not in values and f"val_{metric}" not in values:
        raise ValueError(f"metric {metric!r} was not recorded; the history has {sorted(values)}")
    colour, marker = OKABE_ITO[index % len(OKABE_ITO)], RUN_MARKERS[index % len(RUN_MARKERS)]
    prefix = f"{name}: " if name else ""
    for split, key, style in (("training", metric, "-"), ("validation", f"val_{metric}", "--")):
        if split not in splits or key not in values:
            continue
        series = scale * np.asarray(values[key])
        epochs = np.arange(1, len(series) + 1)
        ax.plot(
            epochs,
            series,
            ls=style,
            color=colour,
            marker=marker,
            ms=3.5,
            markevery=max(1, len(series) // 12),
            label=f"{prefix}{split}",
        )
        if len(series) < longest:
            ax.plot(epochs[-1], series[-1], "X", color=colour, ms=9)
        if mark_best and split == "validation" and _is_loss(metric):
            best = int(np.argmin(series))
            ax.plot(
                best + 1,
                series[best],
                "*",
                ms=14,
                color=colour,
                markeredgecolor="black",
                zorder=4,
                label=f"{prefix}lowest (epoch {best + 1})",
            )


def figure_png(fig: plt.Figure) -> bytes:
    """Render a Matplotlib figure to PNG bytes."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()
