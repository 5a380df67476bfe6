"""Lesson 05's plumbing: the pictures and tables of what the lesson measures inside the trained network.

The lesson loads the network lesson 04 saved, rebuilds its untrained twin and
computes its measures in plain sight: weight changes, class means, digits per
unit, dead units, PCA, nearest class mean and the softmax probe. This module
draws them (weight mosaics with numbered tiles, weights before and after
training, the images that excite a unit, heatmaps, PCA maps, the unit
explorer), prints them with their seed spread, holds the one measure too
fiddly for a lesson cell (`best_patch_share`), reads the seed study's choice
of the probe's weight penalty, and re-exports the shared helpers the lesson
calls, so that every call reads ``lesson.name(...)``.
"""

import functools
import statistics
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from helpers import reference, report, study
from helpers.checks import as_image_batch, as_labels, pixel_max
from helpers.data import load_mnist, scale_pixels
from helpers.models import predict_in_batches
from helpers.plots import plot_learning_curves
from helpers.report import Measured, print_table
from helpers.style import DIGIT_CMAP, DIVERGING_CMAP, OKABE_ITO, SEQUENTIAL_CMAP, WRONG_COLOUR, digit_colour
from helpers.widgets import explorer, slider

__all__ = [
    "best_patch_share",
    "chosen_penalty",
    "load_mnist",
    "measured",
    "plot_class_heatmaps",
    "plot_digits_per_unit",
    "plot_first_layer_weights",
    "plot_firing_and_change",
    "plot_learning_curves",
    "plot_projections",
    "plot_top_images",
    "plot_weight_change",
    "predict_in_batches",
    "print_measured",
    "print_penalty_table",
    "print_scores",
    "saved_reference_model",
    "scale_pixels",
    "unit_explorer",
    "unit_view",
]

measured = functools.partial(report.measured, "05")
print_measured = functools.partial(report.print_measured, "05")

N_CLASSES = 10
PENALTY_STUDY = "probe_penalty"


def saved_reference_model(seed: int) -> Path:
    """The file of the reference model lesson 04 trained and saved with `seed`.

    On a machine where lesson 04 has not run yet, the model is first trained
    exactly as lesson 04 does (15-20 s on a laptop) and saved, so that
    `keras.models.load_model` can read it.
    """
    return reference.saved_model_file(seed)


# --- input checks ------------------------------------------------------------------------------


def _as_weight_images(weights, name: str = "weights") -> np.ndarray:
    array = np.asarray(weights)
    if array.dtype == object or not np.issubdtype(array.dtype, np.number):
        raise TypeError(f"{name} must be numbers, got dtype {array.dtype}")
    if array.ndim != 3 or array.shape[1:] != (28, 28) or len(array) == 0:
        raise ValueError(
            f"{name} must have shape (units, 28, 28), one weight image per unit, got {array.shape}: "
            "take the kernel's transpose and reshape it, kernel.T.reshape(-1, 28, 28)"
        )
    if np.isnan(array).any():
        raise ValueError(f"{name} contain NaN values")
    return array.astype(np.float32, copy=False)


def _as_activations(activations, n: int | None = None, name: str = "activations") -> np.ndarray:
    """A layer's activations: a non-empty 2-D (images, units) numeric array without NaN."""
    array = np.asarray(activations)
    if array.dtype == object or not np.issubdtype(array.dtype, np.number):
        raise TypeError(f"{name} must be numbers, got dtype {array.dtype}")
    if array.ndim != 2 or array.size == 0:
        raise ValueError(f"{name} must have shape (images, units) with at least one of each, got {array.shape}")
    if np.isnan(array).any():
        raise ValueError(f"{name} contain NaN values")
    if n is not None and len(array) != n:
        raise ValueError(f"{name} has {len(array)} rows but there are {n} images")
    return array.astype(np.float32, copy=False)


def _as_class_means(means, name: str) -> np.ndarray:
    array = np.asarray(means, dtype=np.float64)
    if array.ndim != 2 or array.shape[0] != N_CLASSES:
        raise ValueError(
            f"{name}: expected shape (10, units), one row of mean activations per digit; got {array.shape}"
        )
    return array


def _check_unit(unit, n_units: int) -> int:
    if isinstance(unit, bool) or not isinstance(unit, (int, np.integer)) or not 0 <= unit < n_units:
        raise ValueError(f"unit must be a whole number from 0 to {n_units - 1}, got {unit!r}")
    return int(unit)


def _top_images(activations: np.ndarray, unit: int, k: int) -> np.ndarray:
    """Indices of the `k` images that excite `unit` most, strongest first (ties: lower index first)."""
    return np.argsort(-activations[:, unit], kind="stable")[:k]


# --- weights -----------------------------------------------------------------------------------


def _mosaic(weights: np.ndarray, ncols: int, gap: int, label_gap: int) -> np.ndarray:
    """Tiles scaled to [-1, 1] by their own largest |weight|, with `label_gap` rows above each for its number."""
    scale = np.abs(weights).max(axis=(1, 2), keepdims=True)
    scaled = weights / np.where(scale > 0, scale, 1)
    nrows = -(-len(weights) // ncols)
    row_step, col_step = 28 + label_gap, 28 + gap
    mosaic = np.full((nrows * row_step, ncols * col_step - gap), np.nan, dtype=np.float32)
    for index, image in enumerate(scaled):
        row, col = divmod(index, ncols)
        top, left = row * row_step + label_gap, col * col_step
        mosaic[top : top + 28, left : left + 28] = image
    return mosaic


def plot_first_layer_weights(weights, title: str | None = None, ncols: int = 16) -> plt.Figure:
    """Every unit's 784 weights as a numbered 28 x 28 tile: red where ink excites the unit, blue where it inhibits.

    Each tile is scaled to its own largest |weight| (so a weak unit is as
    visible as a strong one) and the colours are centred at 0 (white).
    """
    weights = _as_weight_images(weights)
    if isinstance(ncols, bool) or not isinstance(ncols, int) or ncols < 1:
        raise ValueError(f"ncols must be a whole number >= 1, got {ncols!r}")
    gap, label_gap = 2, 9
    mosaic = _mosaic(weights, ncols, gap, label_gap)
    cmap = plt.get_cmap(DIVERGING_CMAP).with_extremes(bad="white")
    width = 8.0
    fig, ax = plt.subplots(figsize=(width, width * mosaic.shape[0] / mosaic.shape[1] + 1.0))
    image = ax.imshow(mosaic, cmap=cmap, vmin=-1, vmax=1, interpolation="nearest")
    for index in range(len(weights)):
        row, col = divmod(index, ncols)
        ax.text(col * (28 + gap) + 14, row * (28 + label_gap) + label_gap - 1.5, str(index),
                ha="center", va="bottom", fontsize=6.5)  # fmt: skip
    ax.axis("off")
    label = "weight ÷ that unit's largest |weight|  (red: ink here excites the unit, blue: inhibits it)"
    fig.colorbar(image, ax=ax, orientation="horizontal", fraction=0.04, pad=0.02, aspect=50, label=label)
    ax.set_title(title or f"The {len(weights)} first-layer units, numbered; each tile scaled to its own maximum")
    return fig


def plot_weight_change(initial, trained, units: Sequence[int]) -> plt.Figure:
    """For each unit (a column): its weights at the start, after training, and the change between the two.

    All three images of a unit share one colour scale, centred at 0, set by
    the largest |weight| among them, so their strengths can be compared.
    """
    initial, trained = _as_weight_images(initial, "initial"), _as_weight_images(trained, "trained")
    if initial.shape != trained.shape:
        raise ValueError(f"initial and trained weights differ in shape: {initial.shape} and {trained.shape}")
    units = [_check_unit(unit, len(trained)) for unit in units]
    if not units:
        raise ValueError("units is empty: pick at least one unit")
    rows = {"at the start": initial, "after training": trained, "change": trained - initial}
    fig, axes = plt.subplots(3, len(units), figsize=(1.15 * len(units) + 1.2, 3.9), squeeze=False)
    for col, unit in enumerate(units):
        limit = max(float(np.abs(images[unit]).max()) for images in rows.values()) or 1.0
        for row, (name, images) in enumerate(rows.items()):
            ax = axes[row, col]
            ax.imshow(images[unit], cmap=DIVERGING_CMAP, vmin=-limit, vmax=limit, interpolation="nearest")
            ax.set_xticks([])
            ax.set_yticks([])
            ax.grid(False)
            ax.spines[:].set_visible(False)
            if row == 0:
                ax.set_title(f"unit {unit}", fontsize=9)
            if col == 0:
                ax.set_ylabel(name, fontsize=9)
    fig.suptitle("First-layer weights before and after training (red +, blue −, one scale per unit)")
    fig.tight_layout()
    return fig


def best_patch_share(images, size: int = 7) -> np.ndarray:
    """For each image, the share of its energy (sum of squares) inside its best `size` x `size` window.

    Near 1: the pattern sits in one small patch, as a stroke detector's
    weights would. Near size**2 / 784: spread evenly over the whole image.
    """
    images = _as_weight_images(images, "images").astype(np.float64)
    if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or not 1 <= size <= 28:
        raise ValueError(f"size must be a whole number from 1 to 28, got {size!r}")
    energy = images**2
    total = energy.sum(axis=(1, 2))
    if np.any(total == 0):
        raise ValueError("an image is all zeros: its energy cannot be shared out")
    cumulative = np.pad(energy, ((0, 0), (1, 0), (1, 0))).cumsum(axis=1).cumsum(axis=2)
    windows = (
        cumulative[:, size:, size:]
        - cumulative[:, :-size, size:]
        - cumulative[:, size:, :-size]
        + cumulative[:, :-size, :-size]
    )
    return windows.max(axis=(1, 2)) / total


# --- single units ----------------------------------------------------------------------------------


def _draw_weights(ax, image: np.ndarray, title: str) -> None:
    limit = float(np.abs(image).max()) or 1.0
    ax.imshow(image, cmap=DIVERGING_CMAP, vmin=-limit, vmax=limit)
    ax.set_title(title, fontsize=8)
    ax.axis("off")


STRIP_GAP = 4  # pixels of white between the images of a strip


def _draw_top_row(ax, images: np.ndarray, activations: np.ndarray, unit: int, k: int) -> None:
    """The `k` images that excite `unit` most, side by side on one axis, each titled with % of the strongest."""
    top = _top_images(activations, unit, k)
    step = 28 + STRIP_GAP
    strip = np.full((28, k * step - STRIP_GAP), np.nan, dtype=np.float32)
    for position, index in enumerate(top):
        strip[:, position * step : position * step + 28] = images[index]
    cmap = plt.get_cmap(DIGIT_CMAP).with_extremes(bad="white")
    ax.imshow(strip, cmap=cmap, vmin=0, vmax=pixel_max(images), interpolation="nearest")
    peak = float(activations[top[0], unit]) or 1.0
    for position, index in enumerate(top):
        ax.text(position * step + 14, -2, f"{activations[index, unit] / peak:.0%}", ha="center", va="bottom",
                fontsize=8)  # fmt: skip
    ax.axis("off")


def plot_top_images(images, activations, units: Sequence[int], k: int = 8, weights=None,
                    layer_name: str = "layer") -> plt.Figure:  # fmt: skip
    """For each unit, a row of the `k` images that excite it most (titled with % of the top activation).

    With `weights` (the first layer's (units, 28, 28) images) each row starts
    with the unit's weight image.
    """
    images = as_image_batch(images)
    activations = _as_activations(activations, len(images))
    units = [_check_unit(unit, activations.shape[1]) for unit in units]
    if not units:
        raise ValueError("units is empty: pick at least one unit")
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= len(images):
        raise ValueError(f"k must be a whole number from 1 to the number of images ({len(images)}), got {k!r}")
    if weights is not None:
        weights = _as_weight_images(weights)
        if len(weights) != activations.shape[1]:
            raise ValueError(f"{len(weights)} weight images but activations for {activations.shape[1]} units")
    columns = 2 if weights is not None else 1
    ratios = [28, k * (28 + STRIP_GAP)][-columns:]
    fig, axes = plt.subplots(len(units), columns, figsize=(0.85 * (k + columns - 1) + 0.9, 1.0 * len(units) + 0.4),
                             squeeze=False, gridspec_kw={"width_ratios": ratios})  # fmt: skip
    for row, unit in zip(axes, units, strict=True):
        if weights is not None:
            _draw_weights(row[0], weights[unit], "weights")
        _draw_top_row(row[-1], images, activations, unit, k)
        row[0].text(-0.05, 0.5, f"unit {unit}", transform=row[0].transAxes, ha="right", va="center", fontsize=9)
    fig.suptitle(f"{layer_name}: the test images that excite each unit most")
    fig.tight_layout()
    return fig


def unit_view(unit: int, weights, images, activations, labels, k: int = 8) -> Figure:
    """The unit explorer's pure view: a first-layer unit's weights, its mean activation per digit, its top `k` images.

    Returns a Matplotlib `Figure` not registered with pyplot, so nothing leaks between calls.
    """
    weights = _as_weight_images(weights)
    images = as_image_batch(images)
    activations = _as_activations(activations, len(images))
    labels = as_labels(labels, len(images))
    if activations.shape[1] != len(weights):
        raise ValueError(f"{len(weights)} weight images but activations for {activations.shape[1]} units")
    unit = _check_unit(unit, len(weights))
    means = [activations[labels == digit, unit].mean() if np.any(labels == digit) else 0.0 for digit in range(10)]
    fig = Figure(figsize=(8.0, 3.8), layout="constrained")
    top, bottom = fig.subfigures(2, 1, height_ratios=[1.7, 1])
    ax_weights, ax_means = top.subplots(1, 2, width_ratios=[1, 3])
    _draw_weights(ax_weights, weights[unit], f"unit {unit}: weights")
    ax_means.bar(range(N_CLASSES), means, color=[digit_colour(d) for d in range(N_CLASSES)])
    if max(means) > 0:
        ax_means.axhline(0.5 * max(means), color="grey", lw=0.8, ls="--", label="half its peak")
        ax_means.legend(fontsize=8, loc="upper right")
    ax_means.set_xticks(range(N_CLASSES))
    ax_means.set_xlabel("digit")
    ax_means.set_ylabel("mean activation")
    dead = " (dead: never fires)" if not np.any(activations[:, unit]) else ""
    ax_means.set_title(f"how strongly it fires, per digit{dead}", fontsize=9)
    _draw_top_row(bottom.subplots(), images, activations, unit, k)
    bottom.suptitle("the test images that excite it most (% of the top activation)", fontsize=9)
    return fig


def unit_explorer(weights, images, activations, labels, k: int = 8) -> widgets.VBox:
    """A widget: a slider picks a first-layer unit and `unit_view` shows it."""
    weights = _as_weight_images(weights)
    images = as_image_batch(images)
    activations = _as_activations(activations, len(images))
    labels = as_labels(labels, len(images))
    view = functools.partial(unit_view, weights=weights, images=images, activations=activations, labels=labels, k=k)
    return explorer(view, unit=slider("unit", 0, len(weights) - 1))


# --- layers ------------------------------------------------------------------------------------------


def plot_class_heatmaps(class_means: Mapping[str, np.ndarray]) -> plt.Figure:
    """One heatmap per layer: digits down, units across, mean activation ÷ the unit's largest mean.

    Units are sorted by the digit they respond to most, so a layer of digit
    detectors would show a clean staircase and a layer of shared features a
    smear. Dead units (all means 0) are drawn as 0.
    """
    if not class_means:
        raise ValueError("class_means is empty: pass {layer name: (10, units) array}")
    fig, axes = plt.subplots(len(class_means), 1, figsize=(8.0, 2.3 * len(class_means)), squeeze=False)
    for ax, (name, means) in zip(axes.flat, class_means.items(), strict=True):
        means = _as_class_means(means, name)
        peak = means.max(axis=0)
        scaled = means / np.where(peak > 0, peak, 1)
        order = np.lexsort((-scaled.std(axis=0), means.argmax(axis=0)))
        image = ax.imshow(scaled[:, order], aspect="auto", cmap=SEQUENTIAL_CMAP, vmin=0, vmax=1,
                          interpolation="nearest")  # fmt: skip
        ax.set_yticks(range(N_CLASSES))
        ax.set_ylabel("digit")
        ax.set_xlabel(f"{name}: its {means.shape[1]} units, sorted by the digit they prefer")
        ax.grid(False)
        fig.colorbar(image, ax=ax, pad=0.01, label="mean ÷ unit's max")
    fig.tight_layout()
    return fig


def plot_digits_per_unit(counts: Mapping[str, np.ndarray]) -> plt.Figure:
    """For each layer, the share of its living units that answer to 1, 2, ..., 10 digits (one line per layer).

    `counts` maps a layer's name to one whole number (1-10) per living unit.
    Names that start with "untrained" are drawn dashed.
    """
    if not counts:
        raise ValueError("counts is empty: pass {layer name: digits per unit}")
    fig, ax = plt.subplots(figsize=(6.4, 3.4))
    colours = {}
    for name, values in counts.items():
        values = np.asarray(values)
        if values.ndim != 1 or values.size == 0 or values.min() < 1 or values.max() > N_CLASSES:
            raise ValueError(f"{name}: expected one count from 1 to 10 per unit, got {values!r}")
        layer = name.removeprefix("untrained").removeprefix("trained").strip()
        colour = colours.setdefault(layer, OKABE_ITO[len(colours) % len(OKABE_ITO)])
        shares = np.bincount(values.astype(int), minlength=N_CLASSES + 1)[1:] / len(values)
        style = "--" if name.startswith("untrained") else "-"
        label = f"{name} (mean {values.mean():.1f})"
        ax.plot(range(1, N_CLASSES + 1), 100 * shares, marker="o", ms=4, color=colour, ls=style, label=label)
    ax.set_xticks(range(1, N_CLASSES + 1))
    ax.set_xlabel("digits whose mean activation reaches half the unit's peak")
    ax.set_ylabel("share of the layer's units (%)")
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def plot_firing_and_change(firing_at_start, firing_after, change_size) -> plt.Figure:
    """Two views of every first-layer unit: how often it fires before vs after training, and how far its weights moved.

    `firing_at_start` and `firing_after` are each unit's share of images
    with activation > 0 (untrained and trained network); `change_size` is
    the length of the change of its weight vector. Dead units (never firing
    after training) are drawn in vermillion.
    """
    start = np.asarray(firing_at_start, dtype=float)
    after = np.asarray(firing_after, dtype=float)
    change = np.asarray(change_size, dtype=float)
    if not (start.ndim == after.ndim == change.ndim == 1) or not (len(start) == len(after) == len(change) > 0):
        raise ValueError(
            f"expected three 1-D arrays, one number per unit, of equal length; got shapes {start.shape}, "
            f"{after.shape}, {change.shape}"
        )
    if min(start.min(), after.min()) < 0 or max(start.max(), after.max()) > 1:
        raise ValueError("firing shares must lie in [0, 1]: the share of images on which a unit's activation is > 0")
    dead = after == 0
    colours = np.where(dead, WRONG_COLOUR, OKABE_ITO[0])
    fig, (left, right) = plt.subplots(1, 2, figsize=(8.4, 3.4))
    left.scatter(100 * start, 100 * after, s=14, c=colours)
    left.plot([0, 100], [0, 100], color="grey", lw=0.8, ls=":")
    left.set_xlabel("fires on (% of images), at the start")
    left.set_ylabel("fires on (% of images), after training")
    right.scatter(100 * after, change, s=14, c=colours)
    right.set_xlabel("fires on (% of images), after training")
    right.set_ylabel("how far its weights moved")
    for ax in (left, right):
        ax.set_xlim(-3, 103)
    left.set_title(f"{int(dead.sum())} dead after training (vermillion)", fontsize=9)
    right.set_title("size of the change of its 784 weights", fontsize=9)
    fig.tight_layout()
    return fig


def plot_projections(projections: Mapping[str, tuple], labels, title: str | None = None) -> plt.Figure:
    """Side-by-side 2-D maps of the same images, each point drawn as its digit in that digit's colour.

    `projections` maps a name to (points of shape (n, 2), the share of the
    variance the two directions hold, as two numbers).
    """
    if not projections:
        raise ValueError("projections is empty: pass {name: (points (n, 2), variance shares)}")
    labels = as_labels(labels)
    fig, axes = plt.subplots(1, len(projections), figsize=(3.4 * len(projections), 3.7), squeeze=False)
    for ax, (name, (points, shares)) in zip(axes.flat, projections.items(), strict=True):
        points = _as_activations(points, len(labels), name=name)
        if points.shape[1] != 2:
            raise ValueError(f"{name}: expected points of shape (n, 2), got {points.shape}")
        for digit in range(N_CLASSES):
            chosen = labels == digit
            ax.scatter(points[chosen, 0], points[chosen, 1], marker=f"${digit}$", s=22, linewidths=0.3,
                       color=digit_colour(digit), alpha=0.8, rasterized=True)  # fmt: skip
        ax.set_title(f"{name}\n(the 2 directions hold {float(np.sum(shares)):.0%} of the variance)", fontsize=9)
        ax.set_xticks([])
        ax.set_yticks([])
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


# --- tables --------------------------------------------------------------------------------------------


NETWORKS = ("trained", "untrained")


def print_scores(scores: Mapping[str, Measured]) -> None:
    """A table of scores with one row per representation and a pair of columns per network.

    `scores` maps names such as "pixels", "trained hidden_1" or "untrained
    hidden_2" to measured scores. A name without a network (the pixels) is
    the same for both, so it fills both columns. Each column pair shows this
    run's score and its spread over the seed study's seeds.
    """
    if not scores or not all(isinstance(score, Measured) for score in scores.values()):
        raise ValueError("scores must map a representation's name to lesson.measured(...) of its score")
    table: dict[str, dict[str, Measured]] = {}
    for name, score in scores.items():
        network, _, layer = name.partition(" ")
        if network in NETWORKS and layer:
            table.setdefault(layer, {})[network] = score
        else:
            table[name] = dict.fromkeys(NETWORKS, score)
    headers = ["representation"]
    for network in NETWORKS:
        headers += [f"{network} network", "over the seeds"]
    rows = []
    for name, cells in table.items():
        row = [name]
        for network in NETWORKS:
            score = cells.get(network)
            row += [score.value_text, score.spread_text] if score is not None else ["-", ""]
        rows.append(row)
    print_table(rows, headers)


def _penalty_results() -> dict[tuple[str, float], list[dict[str, float]]]:
    """{(representation, penalty): [the study's numbers for each seed]}."""
    results = defaultdict(list)
    for row in study.read_table(PENALTY_STUDY):
        results[row["representation"], float(row["penalty"])].append(
            {key: float(value) for key, value in row.items() if key not in ("representation", "penalty")}
        )
    return dict(results)


def _mean_validation_accuracy(results, penalty: float) -> float:
    return statistics.fmean(run["val_accuracy"] for (_, p), runs in results.items() if p == penalty for run in runs)


def chosen_penalty() -> float:
    """The probe's weight penalty: of the positive penalties the seed study tried, the one with the best mean
    validation accuracy (on held-out images, never the test set) over every representation and seed."""
    results = _penalty_results()
    penalties = sorted({p for _, p in results if p > 0})
    return max(penalties, key=lambda penalty: _mean_validation_accuracy(results, penalty))


def print_penalty_table() -> None:
    """Print the seed study's probe validation accuracy for each representation and penalty, and how settled it is.

    Below the table: how much the chosen penalty's validation accuracy still
    changes when the probe trains as long again (the largest change over every
    representation and seed), and how much the loss still falls without a penalty.
    """
    results = _penalty_results()
    names = list(dict.fromkeys(name for name, _ in results))
    penalties = sorted({p for _, p in results})
    runs = [run for values in results.values() for run in values]
    seeds, epochs = len(next(iter(results.values()))), int(runs[0]["epochs"])

    def mean_accuracy(name: str, penalty: float) -> str:
        return report.format_percent(statistics.fmean(r["val_accuracy"] for r in results[name, penalty]))

    rows = [[name] + [mean_accuracy(name, p) for p in penalties] for name in names]
    rows.append(["mean"] + [report.format_percent(_mean_validation_accuracy(results, p)) for p in penalties])
    print(f"validation accuracy after {epochs} epochs, mean over {seeds} seeds (fitted on 5,000 held-out images, "
          "scored on the other 1,000):")  # fmt: skip
    print_table(rows, ["representation"] + [f"penalty {p:g}" for p in penalties])
    chosen = chosen_penalty()
    settled = [run for (_, p), values in results.items() if p == chosen for run in values]
    accuracy_change = max(abs(r["val_accuracy_doubled"] - r["val_accuracy"]) for r in settled)
    unpenalised = [run for (_, p), values in results.items() if p == 0 for run in values]
    falling = statistics.fmean((r["loss"] - r["loss_doubled"]) / r["loss"] for r in unpenalised)
    print(f"chosen: penalty {chosen:g}. With it, {epochs} more epochs change the validation accuracy by at most "
          f"{100 * accuracy_change:.1f} points;")  # fmt: skip
    print(f"without a penalty the training loss is still falling ({100 * falling:.0f} % lower on average after "
          f"{epochs} more epochs).")  # fmt: skip
