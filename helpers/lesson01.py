"""Small synthetic problems for lesson 01, and the pictures that go with them.

Everything here is made with NumPy from a seed, so the data and the figures
are the same on every run:

* the "hours studied -> exam score" data of the one-neuron recap;
* two 2-D data sets no straight line can separate: interleaved spirals and a
  disc inside a ring;
* decision-boundary pictures of trained Keras classifiers;
* a grid of classifiers with 0-3 hidden layers and a few widths, trained
  once, and the widget that flips through their boundaries.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LinearSegmentedColormap

from helpers.report import format_percent, format_table
from helpers.style import OKABE_ITO
from helpers.tf_quiet import keras

# The rule behind the made-up exam data: score = 30 + 6 x hours + noise.
STUDY_INTERCEPT = 30.0
STUDY_SLOPE = 6.0
STUDY_NOISE = 6.0

CLASS_COLOURS = (OKABE_ITO[0], OKABE_ITO[1])  # class 0 blue, class 1 orange
CLASS_MARKERS = ("o", "^")  # shapes too, so the classes differ without colour
BOUNDARY_CMAP = LinearSegmentedColormap.from_list("two_classes", [OKABE_ITO[0], "#FFFFFF", OKABE_ITO[1]])


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
    (n,) of 0s and 1s. `turns` is how often each arm winds around the centre;
    `noise` is the standard deviation of the Gaussian jitter added to each point.
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


# ---------------------------------------------------------------- the one-neuron recap


def plot_line_fit(hours, scores, slope: float, intercept: float) -> plt.Figure:
    """The students as points and the line ``score = slope * hours + intercept`` over them."""
    hours = np.asarray(hours, dtype=np.float64).reshape(-1)
    scores = np.asarray(scores, dtype=np.float64).reshape(-1)
    if hours.shape != scores.shape or hours.size == 0:
        raise ValueError(
            f"hours and scores must hold the same number of values (at least one); got {hours.size} and {scores.size}"
        )
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


# ---------------------------------------------------------------- decision boundaries


@dataclass(frozen=True)
class ProbabilityGrid:
    """A classifier's probability of class 1 at every point of a regular grid."""

    xx: np.ndarray  # (resolution, resolution) x coordinates
    yy: np.ndarray  # (resolution, resolution) y coordinates
    probability: np.ndarray  # (resolution, resolution), values in [0, 1]


def _check_binary_classifier(model) -> None:
    """A Keras model that maps 2-D points to one probability, or a clear error."""
    if not isinstance(model, keras.Model):
        raise TypeError(f"expected a Keras model, got {type(model).__name__}")
    try:
        in_shape, out_shape = tuple(model.input_shape), tuple(model.output_shape)
    except (AttributeError, ValueError) as error:
        raise ValueError("the model has no input shape: start it with keras.Input(shape=(2,))") from error
    if in_shape[1:] != (2,) or out_shape[1:] != (1,):
        raise ValueError(
            f"expected a model from 2-D points to one probability, input (None, 2) and output (None, 1); "
            f"this one maps {in_shape} to {out_shape}"
        )


def probability_grid(model, points, resolution: int = 150, margin: float = 0.2) -> ProbabilityGrid:
    """Ask `model` for P(class 1) on a square grid that covers `points` plus a margin."""
    _check_binary_classifier(model)
    points = np.asarray(points)
    if points.ndim != 2 or points.shape[1] != 2 or len(points) == 0:
        raise ValueError(f"points must have shape (n, 2) with n >= 1, got {points.shape}")
    if resolution < 2:
        raise ValueError(f"resolution must be at least 2, got {resolution}")
    low = points.min(axis=0) - margin
    high = points.max(axis=0) + margin
    xx, yy = np.meshgrid(np.linspace(low[0], high[0], resolution), np.linspace(low[1], high[1], resolution))
    grid = np.column_stack([xx.ravel(), yy.ravel()]).astype(np.float32)
    probability = np.asarray(model(grid, training=False)).reshape(xx.shape)
    return ProbabilityGrid(xx, yy, probability)


def classifier_accuracy(model, points, labels) -> float:
    """Fraction of `points` whose label `model` gets right (probability >= 0.5 means class 1)."""
    _check_binary_classifier(model)
    points, labels = _as_points_and_labels(points, labels)
    probability = np.asarray(model(points, training=False)).reshape(-1)
    return float(np.mean((probability >= 0.5) == labels))


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
            color=CLASS_COLOURS[label],
            marker=CLASS_MARKERS[label],
            edgecolors="0.35",
            linewidths=0.2,
            label=f"class {label}",
        )
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color("0.6")
    if title:
        ax.set_title(title)
    return fig


def _draw_boundary(ax: plt.Axes, grid: ProbabilityGrid, points, labels, title: str, size: float = 6) -> None:
    """Shade P(class 1) on `ax`, draw the 0.5 line and the points on top."""
    ax.contourf(
        grid.xx, grid.yy, grid.probability, levels=np.linspace(0, 1, 11), cmap=BOUNDARY_CMAP, vmin=0, vmax=1, alpha=0.45
    )
    if grid.probability.min() < 0.5 < grid.probability.max():
        ax.contour(grid.xx, grid.yy, grid.probability, levels=[0.5], colors="black", linewidths=1.2)
    plot_points(points, labels, ax=ax, size=size)
    ax.set_title(title, fontsize=10)


def plot_decision_boundaries(models: Mapping[str, "keras.Model"], points, labels) -> plt.Figure:
    """Side-by-side decision boundaries of several trained classifiers on the same points.

    Each panel shades the model's probability of class 1 (blue = class 0,
    orange = class 1), draws its decision boundary (probability 0.5) in black
    and titles it with the name and the accuracy on `points`.
    """
    if not isinstance(models, Mapping) or not models:
        raise ValueError("models must be a non-empty dict {name: trained Keras model}")
    points, labels = _as_points_and_labels(points, labels)
    fig, axes = plt.subplots(1, len(models), figsize=(4.2 * len(models), 4.4), squeeze=False)
    for ax, (name, model) in zip(axes.flat, models.items(), strict=True):
        accuracy = classifier_accuracy(model, points, labels)
        _draw_boundary(
            ax, probability_grid(model, points), points, labels, f"{name}\naccuracy {format_percent(accuracy)}"
        )
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------- a grid of depths and widths


def build_toy_classifier(hidden_layers: int, units: int, learning_rate: float = 0.02) -> keras.Sequential:
    """A compiled classifier for 2-D points: `hidden_layers` Dense(units, ReLU) layers, then Dense(1, sigmoid)."""
    if isinstance(hidden_layers, bool) or not isinstance(hidden_layers, (int, np.integer)) or hidden_layers < 0:
        raise ValueError(f"hidden_layers must be a whole number >= 0, got {hidden_layers!r}")
    if hidden_layers and (isinstance(units, bool) or not isinstance(units, (int, np.integer)) or units < 1):
        raise ValueError(f"units must be a whole number >= 1, got {units!r}")
    model = keras.Sequential(
        [keras.Input(shape=(2,))]
        + [keras.layers.Dense(int(units), activation="relu") for _ in range(hidden_layers)]
        + [keras.layers.Dense(1, activation="sigmoid")]
    )
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate), loss="binary_crossentropy")
    return model


@dataclass(frozen=True)
class BoundaryResult:
    """One trained setting of the grid: its size, its held-out accuracy and its boundary."""

    hidden_layers: int
    units: int  # 0 when there is no hidden layer
    parameters: int
    accuracy: float
    grid: ProbabilityGrid


def _settings(hidden_layers: Iterable[int], units: Iterable[int]) -> list[tuple[int, int]]:
    layer_options, unit_options = sorted(set(hidden_layers)), sorted(set(units))
    if not layer_options or not unit_options:
        raise ValueError("give at least one number of hidden layers and one number of units")
    if min(layer_options) < 0 or min(unit_options) < 1:
        raise ValueError("hidden layers must be >= 0 and units >= 1")
    return [(0, 0)] * (0 in layer_options) + [(n, u) for n in layer_options if n > 0 for u in unit_options]


def train_boundary_grid(
    train_points,
    train_labels,
    test_points,
    test_labels,
    hidden_layers: Iterable[int] = (0, 1, 2, 3),
    units: Iterable[int] = (2, 4, 8, 16),
    epochs: int = 15,
    batch_size: int = 32,
    seed: int = 42,
) -> dict[tuple[int, int], BoundaryResult]:
    """Train one classifier per (hidden layers, units) setting and keep what the figures need.

    Every model is built by `build_toy_classifier`, seeded with `seed` right
    before it is built and fitted the same way (Adam, `epochs`, `batch_size`).
    The result maps ``(hidden_layers, units)`` to a `BoundaryResult`, with the
    accuracy measured on the held-out test points; the setting without hidden
    layers is stored once, under ``(0, 0)``. Takes about a second per model.
    """
    train_points, train_labels = _as_points_and_labels(train_points, train_labels)
    test_points, test_labels = _as_points_and_labels(test_points, test_labels)
    if epochs < 1 or batch_size < 1:
        raise ValueError(f"epochs and batch_size must be >= 1, got {epochs} and {batch_size}")
    both = np.concatenate([train_points, test_points])
    results = {}
    for n_layers, n_units in _settings(hidden_layers, units):
        keras.utils.set_random_seed(seed)
        model = build_toy_classifier(n_layers, n_units)
        model.fit(train_points, train_labels, epochs=epochs, batch_size=batch_size, verbose=0)
        results[(n_layers, n_units)] = BoundaryResult(
            hidden_layers=n_layers,
            units=n_units,
            parameters=model.count_params(),
            accuracy=classifier_accuracy(model, test_points, test_labels),
            grid=probability_grid(model, both),
        )
    return results


def _check_results(results) -> None:
    if (
        not isinstance(results, Mapping)
        or not results
        or not all(isinstance(r, BoundaryResult) for r in results.values())
    ):
        raise ValueError("results must be the non-empty dict returned by train_boundary_grid(...)")


def format_boundary_table(results: Mapping[tuple[int, int], BoundaryResult]) -> str:
    """Held-out accuracy of each setting as a table: one row per depth, one column per width."""
    _check_results(results)
    unit_options = sorted({u for (_, u) in results if u > 0})
    rows = []
    for n_layers in sorted({n for (n, _) in results}):
        if n_layers == 0:
            rows.append([0] + [format_percent(results[(0, 0)].accuracy)] * len(unit_options))
        else:
            rows.append([n_layers] + [format_percent(results[(n_layers, u)].accuracy) for u in unit_options])
    return format_table(rows, ["hidden layers"] + [f"{u} units" for u in unit_options])


def _result_title(result: BoundaryResult) -> str:
    shape = "no hidden layer" if result.hidden_layers == 0 else f"{result.hidden_layers} × {result.units} units"
    return f"{shape}: {format_percent(result.accuracy)}\n{result.parameters} parameters"


def plot_boundary_grid(results: Mapping[tuple[int, int], BoundaryResult], points, labels) -> plt.Figure:
    """Small multiples: one decision boundary per setting with hidden layers (rows: depth, columns: width)."""
    _check_results(results)
    points, labels = _as_points_and_labels(points, labels)
    depths = sorted({n for (n, _) in results if n > 0})
    widths = sorted({u for (_, u) in results if u > 0})
    if not depths:
        raise ValueError("results hold no setting with hidden layers to draw")
    fig, axes = plt.subplots(len(depths), len(widths), figsize=(2.6 * len(widths), 2.75 * len(depths)), squeeze=False)
    for row, n_layers in enumerate(depths):
        for col, n_units in enumerate(widths):
            _draw_boundary(
                axes[row, col],
                results[(n_layers, n_units)].grid,
                points,
                labels,
                _result_title(results[(n_layers, n_units)]),
                size=2.5,
            )
            axes[row, col].title.set_fontsize(9)
    fig.suptitle("More units (→) and more layers (↓): held-out accuracy and boundary", y=1.0)
    fig.tight_layout()
    return fig


def boundary_explorer_figure(
    results: Mapping[tuple[int, int], BoundaryResult], points, labels, hidden_layers: int, units: int
) -> plt.Figure:
    """The widget's picture: the boundary of one setting of the grid (a pure function of its inputs)."""
    _check_results(results)
    key = (0, 0) if hidden_layers == 0 else (hidden_layers, units)
    if key not in results:
        raise ValueError(f"no model was trained with {hidden_layers} hidden layers of {units} units")
    points, labels = _as_points_and_labels(points, labels)
    fig, ax = plt.subplots(figsize=(4.6, 4.6))
    _draw_boundary(ax, results[key].grid, points, labels, _result_title(results[key]), size=6)
    fig.tight_layout()
    return fig


def make_boundary_explorer(results: Mapping[tuple[int, int], BoundaryResult], points, labels) -> widgets.interactive:
    """Two sliders (hidden layers, units per layer) that redraw `boundary_explorer_figure`.

    The models were all trained by `train_boundary_grid`, so moving a slider
    only redraws a picture. Display the returned widget in a notebook.
    """
    _check_results(results)
    points, labels = _as_points_and_labels(points, labels)
    depths = sorted({n for (n, _) in results})
    widths = sorted({u for (_, u) in results if u > 0}) or [0]
    if depths != list(range(depths[0], depths[-1] + 1)):
        raise ValueError(f"the slider needs consecutive numbers of hidden layers, got {depths}")
    start = 1 if depths[0] <= 1 <= depths[-1] else depths[0]  # start with a hidden layer, so both sliders matter
    layer_slider = widgets.IntSlider(
        value=start,
        min=depths[0],
        max=depths[-1],
        description="hidden layers",
        style={"description_width": "initial"},
        continuous_update=False,
    )
    unit_slider = widgets.SelectionSlider(
        options=widths,
        value=widths[0],
        description="units per layer",
        style={"description_width": "initial"},
        continuous_update=False,
    )

    def show(hidden_layers: int, units: int) -> plt.Figure:
        return boundary_explorer_figure(results, points, labels, hidden_layers, units)

    return widgets.interactive(show, hidden_layers=layer_slider, units=unit_slider)
