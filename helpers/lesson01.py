"""Lesson 01's plumbing: made-up data sets, the pictures and tables of "From ANN to DNN".

* data: the "hours studied -> exam score" students of the one-neuron recap,
  and two 2-D data sets no straight line can separate (interleaved spirals,
  a disc inside a ring), all made with NumPy from a fixed seed;
* gradient descent: the fitted line and the path the weight and bias take
  over the loss (the loss curves use the series' `plot_learning_curves`);
* decision boundaries: of a few classifiers side by side, of the
  depth-by-width grid, and the explorer that flips through the grid;
* `network_facts` for the ANN-vs-DNN table; `print_grid_table` and
  `plot_grid_spread` for the grid's accuracies next to their spread over the
  seed study's seeds.

The notebook builds, compiles, fits and evaluates every model itself; the
functions here only make data, draw and format.
"""

import functools
from collections.abc import Mapping
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LinearSegmentedColormap, LogNorm

from helpers import report, study
from helpers.models import require_model
from helpers.plots import plot_learning_curves
from helpers.report import print_table
from helpers.style import OKABE_ITO
from helpers.tf_quiet import keras
from helpers.widgets import choice, explorer, slider

__all__ = [
    "STUDY_INTERCEPT",
    "STUDY_SLOPE",
    "NetworkFacts",
    "boundary_explorer",
    "classifier_accuracy",
    "make_circles",
    "make_spirals",
    "make_study_data",
    "measured",
    "network_facts",
    "plot_boundary_grid",
    "plot_decision_boundaries",
    "plot_descent_paths",
    "plot_grid_setting",
    "plot_grid_spread",
    "plot_learning_curves",
    "plot_line_fit",
    "plot_points",
    "print_grid_table",
    "print_measured",
    "print_table",
]

measured = functools.partial(report.measured, "01")
print_measured = functools.partial(report.print_measured, "01")

# The rule behind the made-up exam data: score = 30 + 6 x hours + noise.
STUDY_INTERCEPT = 30.0
STUDY_SLOPE = 6.0
STUDY_NOISE = 6.0

_CLASS_COLOURS = (OKABE_ITO[0], OKABE_ITO[1])  # class 0 blue, class 1 orange
_CLASS_MARKERS = ("o", "^")  # shapes too, so the classes differ without colour
_BOUNDARY_CMAP = LinearSegmentedColormap.from_list("two_classes", [OKABE_ITO[0], "#FFFFFF", OKABE_ITO[1]])


# ---------------------------------------------------------------- data


def _check_count(n: int, minimum: int = 2) -> None:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < minimum:
        raise ValueError(f"n must be a whole number of at least {minimum}, got {n!r}")


def _check_noise(noise: float) -> None:
    if not np.isfinite(noise) or noise < 0:
        raise ValueError(f"noise must be a finite number >= 0, got {noise!r}")


def make_study_data(n: int = 100, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Hours studied and exam scores of `n` made-up students.

    Hours are uniform in 0-10; each score is ``STUDY_INTERCEPT + STUDY_SLOPE *
    hours`` plus Gaussian noise (standard deviation ``STUDY_NOISE``), clipped to
    0-100. Returns ``hours`` shaped (n, 1) (one input per student) and
    ``scores`` shaped (n,), both float32.
    """
    _check_count(n)
    rng = np.random.default_rng(seed)
    hours = rng.uniform(0, 10, size=(n, 1))
    scores = STUDY_INTERCEPT + STUDY_SLOPE * hours[:, 0] + rng.normal(0, STUDY_NOISE, size=n)
    return hours.astype(np.float32), np.clip(scores, 0, 100).astype(np.float32)


def make_spirals(
    n: int = 1000, turns: float = 1.25, noise: float = 0.05, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved spiral arms in the plane, one per class.

    Returns ``points`` (n, 2) float32, roughly within [-1, 1]², and ``labels``
    (n,) of 0s and 1s in random order. `turns` is how often each arm winds
    around the centre; `noise` is the standard deviation of the Gaussian
    jitter added to each point.
    """
    _check_count(n)
    _check_noise(noise)
    if not turns > 0:
        raise ValueError(f"turns must be positive, got {turns!r}")
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 2, size=n)
    radius = np.sqrt(rng.uniform(0.02, 1, size=n))  # sqrt: points spread evenly along the arm
    angle = radius * turns * 2 * np.pi + labels * np.pi  # the second arm is the first turned by 180°
    points = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    points += rng.normal(0, noise, size=points.shape)
    return points.astype(np.float32), labels.astype(np.int64)


def make_circles(n: int = 500, noise: float = 0.05, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A disc of class 0 (radius up to 0.5) inside a ring of class 1 (radius 0.8 to 1.2).

    Returns ``points`` (n, 2) float32 and ``labels`` (n,) of 0s and 1s; `noise`
    is the standard deviation of the Gaussian jitter added to each point.
    """
    _check_count(n)
    _check_noise(noise)
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 2, size=n)
    radius = np.where(labels == 0, 0.5 * np.sqrt(rng.uniform(0, 1, n)), rng.uniform(0.8, 1.2, n))
    angle = rng.uniform(0, 2 * np.pi, size=n)
    points = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    points += rng.normal(0, noise, size=points.shape)
    return points.astype(np.float32), labels.astype(np.int64)


def _as_points_and_labels(points, labels) -> tuple[np.ndarray, np.ndarray]:
    """Validate a 2-D classification data set: points (n, 2), labels (n,) of 0/1."""
    points = np.asarray(points)
    labels = np.asarray(labels)
    if points.ndim != 2 or points.shape[1] != 2:
        raise ValueError(f"points must have shape (n, 2), got {points.shape}")
    if len(points) == 0:
        raise ValueError("points is empty: pass at least one point")
    if not np.issubdtype(points.dtype, np.number) or not np.all(np.isfinite(points)):
        raise ValueError("points must be finite numbers (no NaN or infinity)")
    if labels.shape != (len(points),):
        raise ValueError(f"labels must have shape ({len(points)},), one per point; got {labels.shape}")
    if not np.all(np.isin(labels, (0, 1))):
        raise ValueError(f"labels must be 0 or 1; found {sorted(set(np.unique(labels).tolist()) - {0, 1})[:5]}")
    return points.astype(np.float32, copy=False), labels.astype(np.int64)


# ---------------------------------------------------------------- the line and gradient descent


def _as_hours_and_scores(hours, scores) -> tuple[np.ndarray, np.ndarray]:
    hours = np.asarray(hours, dtype=np.float64).reshape(-1)
    scores = np.asarray(scores, dtype=np.float64).reshape(-1)
    if hours.shape != scores.shape or hours.size < 2:
        raise ValueError(
            f"hours and scores must hold the same number of values (at least two); got {hours.size} and {scores.size}"
        )
    return hours, scores


def plot_line_fit(hours, scores, slope: float, intercept: float) -> plt.Figure:
    """The students as points and the line ``score = slope * hours + intercept`` over them."""
    hours, scores = _as_hours_and_scores(hours, scores)
    if not (np.isfinite(slope) and np.isfinite(intercept)):
        raise ValueError(f"slope and intercept must be finite numbers, got {slope!r} and {intercept!r}")
    fig, ax = plt.subplots(figsize=(6.4, 4.0))
    ax.scatter(hours, scores, s=18, color=OKABE_ITO[0], alpha=0.7, label="students (made-up data)")
    line_x = np.array([0.0, max(10.0, hours.max())])
    ax.plot(
        line_x,
        slope * line_x + intercept,
        color=OKABE_ITO[3],
        lw=2.5,
        label=f"the neuron's line: score = {slope:.2f} × hours + {intercept:.2f}",
    )
    ax.set_xlabel("hours studied")
    ax.set_ylabel("exam score")
    ax.set_title("One input, one neuron, one straight line")
    ax.legend(loc="upper left")
    fig.tight_layout()
    return fig


def _weight_and_bias_paths(histories) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """{run name: (weights, biases)} from {run name: {"weight": [...], "bias": [...], ...}}."""
    if not isinstance(histories, Mapping) or not histories:
        raise ValueError('histories must be a non-empty dict {run name: {"weight": [...], "bias": [...]}}')
    paths = {}
    for name, history in histories.items():
        if not isinstance(history, Mapping) or "weight" not in history or "bias" not in history:
            raise ValueError(f'the history of {name!r} must record "weight" and "bias" after every epoch')
        weights, biases = np.asarray(history["weight"], float), np.asarray(history["bias"], float)
        if weights.shape != biases.shape or weights.ndim != 1:
            raise ValueError(f"the history of {name!r} has {weights.size} weights but {biases.size} biases")
        paths[str(name)] = (weights, biases)
    return paths


def plot_descent_paths(hours, scores, histories, start: tuple[float, float] = (0.0, 0.0)) -> plt.Figure:
    """Where gradient descent takes the weight and bias: each run's path over a map of the loss.

    The background shades the mean squared error of the line ``weight ×
    hours + bias`` for every (weight, bias) in view (darker is lower); the
    star marks the best line (least squares). Each run in `histories`
    ({name: {"weight": [...], "bias": [...]}}, one value per epoch) is drawn
    from `start` through its value after every epoch; a run that leaves the
    picture is cut off at its edge.
    """
    hours, scores = _as_hours_and_scores(hours, scores)
    paths = _weight_and_bias_paths(histories)
    best_weight, best_bias = np.polyfit(hours, scores, 1)
    weight_span = max(abs(best_weight), 1.0)
    bias_span = max(abs(best_bias), 1.0)
    weights = np.linspace(
        min(start[0], best_weight) - 0.6 * weight_span, max(start[0], best_weight) + 1.0 * weight_span
    )
    biases = np.linspace(min(start[1], best_bias) - 0.25 * bias_span, max(start[1], best_bias) + 0.4 * bias_span)
    ww, bb = np.meshgrid(weights, biases)
    loss = np.mean((ww[..., None] * hours + bb[..., None] - scores) ** 2, axis=-1)
    fig, ax = plt.subplots(figsize=(6.4, 4.6))
    levels = _round_levels(loss.min(), loss.max())
    shading = ax.contourf(ww, bb, loss, levels=levels, norm=LogNorm(), cmap="Greys_r", alpha=0.75)
    ax.contour(ww, bb, loss, levels=levels, colors="white", linewidths=0.4)
    fig.colorbar(shading, ax=ax, label="loss (mean squared error)", format="%g")
    for index, (name, (run_weights, run_biases)) in enumerate(paths.items()):
        ax.plot(
            np.r_[start[0], run_weights],
            np.r_[start[1], run_biases],
            "-o",
            ms=3,
            lw=1.5,
            color=OKABE_ITO[index % len(OKABE_ITO)],
            label=name,
            zorder=3 + len(paths) - index,  # the first run on top: later, faster runs cover less of it
        )
    ax.plot(*start, "s", color="black", ms=7, label="start", zorder=10)
    ax.plot(
        best_weight,
        best_bias,
        "*",
        color=OKABE_ITO[6],
        mec="black",
        ms=16,
        label="best line (least squares)",
        zorder=10,
    )
    ax.set_xlim(weights[0], weights[-1])
    ax.set_ylim(biases[0], biases[-1])
    ax.set_xlabel("weight (slope)")
    ax.set_ylabel("bias (intercept)")
    ax.set_title("Gradient descent's path: one dot per epoch")
    ax.grid(False)
    ax.legend(loc="upper left", fontsize=8, frameon=True)
    fig.tight_layout()
    return fig


def _round_levels(low: float, high: float) -> np.ndarray:
    """Contour levels at round numbers (1, 2, 5 times a power of ten) from just below `low` to above `high`."""
    exponents = range(int(np.floor(np.log10(low))), int(np.ceil(np.log10(high))) + 1)
    candidates = np.array([m * 10.0**e for e in exponents for m in (1, 2, 5)])
    first = candidates[candidates <= low].max()
    last = candidates[candidates >= high].min()
    return candidates[(candidates >= first) & (candidates <= last)]


# ---------------------------------------------------------------- decision boundaries


@dataclass(frozen=True)
class _ProbabilityGrid:
    """A classifier's probability of class 1 at every point of a regular grid."""

    xx: np.ndarray  # (resolution, resolution) x coordinates
    yy: np.ndarray  # (resolution, resolution) y coordinates
    probability: np.ndarray  # (resolution, resolution), values in [0, 1]


def _binary_classifier(model, name: str = "model") -> keras.Model:
    """A Keras model from 2-D points to one probability, or an error that says what to do."""
    return require_model(model, input_shape=(2,), output_units=1, name=name)


def _probability_grid(model, points: np.ndarray, resolution: int = 150, margin: float = 0.2) -> _ProbabilityGrid:
    """P(class 1) from `model` on a square grid that covers `points` plus a margin."""
    low = points.min(axis=0) - margin
    high = points.max(axis=0) + margin
    xx, yy = np.meshgrid(np.linspace(low[0], high[0], resolution), np.linspace(low[1], high[1], resolution))
    grid = np.column_stack([xx.ravel(), yy.ravel()]).astype(np.float32)
    probability = np.asarray(model(grid, training=False)).reshape(xx.shape)
    return _ProbabilityGrid(xx, yy, probability)


def classifier_accuracy(model, points, labels) -> float:
    """Fraction of `points` whose label `model` gets right (probability above 0.5 means class 1, as in Keras)."""
    _binary_classifier(model)
    points, labels = _as_points_and_labels(points, labels)
    probability = np.asarray(model(points, training=False)).reshape(-1)
    return float(np.mean((probability > 0.5) == labels))


def plot_points(points, labels, ax: plt.Axes | None = None, title: str | None = None, size: float = 10) -> plt.Figure:
    """Scatter a 2-D data set, class 0 as blue circles and class 1 as orange triangles."""
    points, labels = _as_points_and_labels(points, labels)
    if ax is None:
        fig, ax = plt.subplots(figsize=(4.6, 4.4))
    else:
        fig = ax.figure
    for label in (0, 1):
        chosen = points[labels == label]
        ax.scatter(
            chosen[:, 0],
            chosen[:, 1],
            s=size,
            color=_CLASS_COLOURS[label],
            marker=_CLASS_MARKERS[label],
            edgecolors="0.35",
            linewidths=0.2,
            label=f"class {label}",
        )
    _plain_square(ax)
    if title:
        ax.set_title(title)
    return fig


def _plain_square(ax: plt.Axes) -> None:
    """A square panel with a thin frame and no ticks (the coordinates of these made-up points mean nothing)."""
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color("0.6")


def _draw_boundary(ax: plt.Axes, model, points, labels, title: str, size: float = 6) -> None:
    """Shade the model's P(class 1) on `ax`, draw its 0.5 line and the points on top."""
    grid = _probability_grid(model, points)
    ax.contourf(
        grid.xx,
        grid.yy,
        grid.probability,
        levels=np.linspace(0, 1, 11),
        cmap=_BOUNDARY_CMAP,
        vmin=0,
        vmax=1,
        alpha=0.45,
    )
    if grid.probability.min() < 0.5 < grid.probability.max():
        ax.contour(grid.xx, grid.yy, grid.probability, levels=[0.5], colors="black", linewidths=1.2)
    plot_points(points, labels, ax=ax, size=size)
    ax.set_title(title, fontsize=10)


def plot_decision_boundaries(models: Mapping[str, keras.Model], points, labels) -> plt.Figure:
    """Side-by-side decision boundaries of several trained classifiers on the same points.

    Each panel shades the model's probability of class 1 (blue = class 0,
    orange = class 1, pale = unsure), draws its decision boundary
    (probability 0.5) in black and is titled with the name and the accuracy
    on `points`.
    """
    if not isinstance(models, Mapping) or not models:
        raise ValueError("models must be a non-empty dict {name: trained Keras model}")
    for name, model in models.items():
        _binary_classifier(model, name=str(name))
    points, labels = _as_points_and_labels(points, labels)
    fig, axes = plt.subplots(1, len(models), figsize=(4.2 * len(models), 4.4), squeeze=False)
    for ax, (name, model) in zip(axes.flat, models.items(), strict=True):
        accuracy = classifier_accuracy(model, points, labels)
        _draw_boundary(ax, model, points, labels, f"{name}\naccuracy {report.format_percent(accuracy)}")
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------- the depth-by-width grid


def _check_grid(models) -> dict[tuple[int, int], keras.Model]:
    """{(hidden layers, units): classifier}, with 0 units for the setting without hidden layers."""
    if not isinstance(models, Mapping) or not models:
        raise ValueError("models must be a non-empty dict {(hidden layers, units per layer): trained model}")
    checked = {}
    for key, model in models.items():
        if not (isinstance(key, tuple) and len(key) == 2 and all(isinstance(k, (int, np.integer)) for k in key)):
            raise ValueError(f"each key must be a pair (hidden layers, units per layer) such as (2, 8), got {key!r}")
        checked[(int(key[0]), int(key[1]))] = _binary_classifier(model, name=f"the model {key}")
    return checked


def _setting_name(hidden_layers: int, units: int) -> str:
    return "no hidden layer" if hidden_layers == 0 else f"{hidden_layers} × {units}"


def _panel_title(model, hidden_layers: int, units: int, points, labels) -> str:
    accuracy = report.format_percent(classifier_accuracy(model, points, labels))
    return f"{_setting_name(hidden_layers, units)}: {accuracy}\n{model.count_params()} parameters"


def plot_boundary_grid(models: Mapping[tuple[int, int], keras.Model], points, labels) -> plt.Figure:
    """Small multiples of the grid's decision boundaries: one row per depth, one column per width.

    `models` maps (hidden layers, units per layer) to a trained classifier;
    settings without hidden layers are left out (they have no width), and a
    depth-width pair that was not trained leaves its panel empty. Each title
    gives the accuracy on `points` and the number of parameters.
    """
    grid = {key: model for key, model in _check_grid(models).items() if key[0] > 0}
    if not grid:
        raise ValueError("models hold no setting with hidden layers to draw")
    points, labels = _as_points_and_labels(points, labels)
    depths, widths = sorted({n for n, _ in grid}), sorted({u for _, u in grid})
    fig, axes = plt.subplots(len(depths), len(widths), figsize=(2.6 * len(widths), 2.75 * len(depths)), squeeze=False)
    for row, depth in enumerate(depths):
        for col, width in enumerate(widths):
            ax = axes[row, col]
            if (depth, width) not in grid:
                ax.axis("off")
                continue
            model = grid[(depth, width)]
            _draw_boundary(ax, model, points, labels, _panel_title(model, depth, width, points, labels), size=2.5)
            ax.title.set_fontsize(9)
    fig.suptitle("More units per layer (→) and more layers (↓): test accuracy and boundary", y=1.0)
    fig.tight_layout()
    return fig


def plot_grid_setting(
    models: Mapping[tuple[int, int], keras.Model], points, labels, hidden_layers: int, units: int
) -> plt.Figure:
    """The boundary of one setting of the grid, for the explorer (a pure function of its inputs).

    Without hidden layers the number of units does not matter. A setting
    that was not trained shows a note instead of a boundary.
    """
    grid = _check_grid(models)
    points, labels = _as_points_and_labels(points, labels)
    key = (0, 0) if hidden_layers == 0 else (int(hidden_layers), int(units))
    fig, ax = plt.subplots(figsize=(4.6, 4.6))
    if key in grid:
        _draw_boundary(ax, grid[key], points, labels, _panel_title(grid[key], *key, points, labels))
    else:
        _plain_square(ax)
        ax.text(0.5, 0.5, f"{_setting_name(*key)} units\nwas not trained:\nadd it to the grid's loop", ha="center",
                va="center", transform=ax.transAxes)  # fmt: skip
        ax.set_title(_setting_name(*key), fontsize=10)
    fig.tight_layout()
    return fig


def boundary_explorer(models: Mapping[tuple[int, int], keras.Model], points, labels):
    """Two sliders, hidden layers and units per layer, that redraw `plot_grid_setting`.

    The models are trained already, so moving a slider only redraws a picture.
    """
    grid = _check_grid(models)
    points, labels = _as_points_and_labels(points, labels)
    depths = sorted({n for n, _ in grid})
    widths = sorted({u for _, u in grid if u > 0}) or [0]
    view = functools.partial(plot_grid_setting, grid, points, labels)
    return explorer(
        view,
        hidden_layers=slider("hidden layers", depths[0], depths[-1], value=min(max(1, depths[0]), depths[-1])),
        units=choice("units per layer", widths),
    )


def _grid_and_accuracies(models, accuracies) -> dict[tuple[int, int], tuple[keras.Model, report.Measured]]:
    """{setting: (model, measured accuracy)} in the grid's order, or an error that says what is missing."""
    grid = _check_grid(models)
    if not isinstance(accuracies, Mapping) or set(accuracies) != set(grid):
        raise ValueError("accuracies must hold one lesson.measured(...) result for every model of the grid")
    for key, accuracy in accuracies.items():
        if not isinstance(accuracy, report.Measured):
            raise TypeError(f"the accuracy of {key} must come from lesson.measured(...), got {type(accuracy).__name__}")
    return {key: (grid[key], accuracies[key]) for key in sorted(grid)}


def print_grid_table(
    models: Mapping[tuple[int, int], keras.Model], accuracies: Mapping[tuple[int, int], report.Measured]
) -> None:
    """One row per setting: its parameters, this run's test accuracy and its mean ± sd over the seed study's seeds."""
    rows = [
        [_setting_name(*key), model.count_params(), accuracy.value_text, accuracy.spread_text]
        for key, (model, accuracy) in _grid_and_accuracies(models, accuracies).items()
    ]
    print_table(rows, ["hidden layers × units", "parameters", "this run", "mean ± sd"])


def _seed_values(measured: report.Measured) -> list[float]:
    """The value of `measured` under each seed of the committed seed study (empty before the first study)."""
    try:
        rows = study.read_table(study.SEED_STUDY)
    except FileNotFoundError:
        return []
    for row in rows:
        if (row["lesson"], row["measure"]) == (measured.lesson, measured.measure):
            return [float(value) for value in row["values"].split()]
    return []


def plot_grid_spread(
    models: Mapping[tuple[int, int], keras.Model], accuracies: Mapping[tuple[int, int], report.Measured]
) -> plt.Figure:
    """Each setting's test accuracy under every seed of the seed study (dots) and in this run (a ring).

    One row per setting, labelled with its parameter count; a short bar marks
    the mean over the seeds. Before the first seed study only this run is drawn.
    """
    settings = _grid_and_accuracies(models, accuracies)
    fig, ax = plt.subplots(figsize=(6.4, 0.34 * len(settings) + 1.3))
    for row, (_, accuracy) in enumerate(settings.values()):
        values = 100 * np.array(_seed_values(accuracy))
        if values.size:
            offsets = np.linspace(-0.18, 0.18, values.size)  # spread the dots a little, so equal values stay visible
            ax.scatter(values, row + offsets, s=22, color=OKABE_ITO[0], alpha=0.7, zorder=2,
                       label="a seed of the study" if row == 0 else None)  # fmt: skip
            ax.plot([values.mean()] * 2, [row - 0.32, row + 0.32], color=OKABE_ITO[0], lw=2,
                    label="mean over the seeds" if row == 0 else None)  # fmt: skip
        ax.scatter(100 * accuracy.value, row, s=90, facecolors="none", edgecolors="black", lw=1.4, zorder=3,
                   label="this run" if row == 0 else None)  # fmt: skip
    labels = [f"{_setting_name(*key)}  ({model.count_params()} parameters)" for key, (model, _) in settings.items()]
    ax.set_yticks(range(len(settings)), labels)
    ax.set_ylim(len(settings) - 0.5, -0.5)
    ax.set_xlabel("test accuracy (%)")
    ax.grid(axis="y", alpha=0)
    ax.set_title("Every seed of the study, and this run")
    ax.legend(loc="lower left", fontsize=8, frameon=True)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------- ANN or DNN?


@dataclass(frozen=True)
class NetworkFacts:
    """What the ANN-vs-DNN comparison needs to know about a model."""

    inputs: int  # numbers fed in per example (784 for a 28 x 28 image)
    outputs: int  # numbers coming out per example
    hidden_layers: int  # layers with weights between the input and the output layer
    parameters: int


def network_facts(model) -> NetworkFacts:
    """Count a model's inputs, outputs, hidden layers and parameters.

    Hidden layers are the layers that carry weights (Dense, ...) except the
    last one, which is the output layer; Flatten or Dropout have no weights
    and do not count.
    """
    model = require_model(model)
    weighted = [layer for layer in model.layers if layer.weights]
    if not weighted:
        raise ValueError("the model has no layer with weights, so no output layer: add a Dense layer")
    return NetworkFacts(
        inputs=int(np.prod(model.inputs[0].shape[1:])),
        outputs=int(np.prod(model.outputs[0].shape[1:])),
        hidden_layers=len(weighted) - 1,
        parameters=int(model.count_params()),
    )
