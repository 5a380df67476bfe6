"""Lesson 07's plumbing: shifting images, counting multiply-adds, and drawing what the lesson measures.

The lesson trains its models and runs its shift loop in plain sight. This
module only moves images (`shift_images`), counts a model's multiply-adds
from its layer shapes (`multiply_adds`), prints and draws the results (with
their spread over the seed study's seeds) and wires the shift explorer. It
also re-exports the shared helpers the lesson calls, so that every call
reads ``lesson.name(...)``.

Pixel scale: every model of the lesson scales its own input (its first
layer is ``Rescaling(1 / 255)``), so images stay raw uint8 pixels throughout
and are never converted here. Drawing follows the series' policy (uint8 is
0-255, floats are [0, 1]).
"""

import functools
from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from helpers import report, study
from helpers.checks import as_image_batch, as_labels, pixel_max
from helpers.data import FASHION_CLASS_NAMES, load_fashion_mnist, load_mnist
from helpers.models import batches, predict_in_batches, require_model
from helpers.plots import plot_digit_grid
from helpers.reference import saved_model_file
from helpers.report import format_percent, format_seconds, print_table
from helpers.style import DIGIT_CMAP, OKABE_ITO, WRONG_COLOUR
from helpers.tf_quiet import keras
from helpers.widgets import explorer, slider

__all__ = [
    "FASHION_CLASS_NAMES",
    "batches",
    "format_percent",
    "format_seconds",
    "load_fashion_mnist",
    "load_mnist",
    "measured",
    "multiply_adds",
    "plot_digit_grid",
    "plot_fashion_study",
    "plot_shift_curves",
    "plot_shift_strip",
    "plot_shifted_readings",
    "predict_in_batches",
    "print_fashion_study",
    "print_measured",
    "print_shift_study",
    "print_shift_table",
    "print_table",
    "saved_model_file",
    "shift_explorer",
    "shift_images",
]

measured = functools.partial(report.measured, "07")
print_measured = functools.partial(report.print_measured, "07")

IMAGE_SIZE = 28
MAX_SHIFT = 4  # the explorer's sliders go from -4 to 4 pixels
SHIFT_STUDY, FASHION_STUDY = "shift_study", "fashion_study"


# --- moving images ---------------------------------------------------------------------------


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
    size = IMAGE_SIZE
    shifted = np.zeros_like(array)
    shifted[:, max(dy, 0) : size + min(dy, 0), max(dx, 0) : size + min(dx, 0)] = array[
        :, max(-dy, 0) : size + min(-dy, 0), max(-dx, 0) : size + min(-dx, 0)
    ]
    return shifted


# --- what a model costs -----------------------------------------------------------------------


def multiply_adds(model) -> int:
    """Multiply-adds per image in the model's Dense and Conv2D layers, counted from their shapes.

    A Dense layer does (inputs × units) of them; a Conv2D layer does
    (output height × output width × filters) × (filter height × filter width
    × input channels). Biases, activations and pooling are left out: they
    cost little next to these. A model with weights in any other kind of
    layer is refused, since its count would be incomplete.
    """
    model = require_model(model)
    total = 0
    for layer in model.layers:
        if isinstance(layer, keras.layers.Conv2D):
            if layer.groups != 1:
                raise ValueError(f"layer {layer.name!r} is a grouped convolution; this counts only groups=1")
            _, height, width, filters = layer.output.shape
            kernel_height, kernel_width, channels, _ = layer.kernel.shape
            total += height * width * filters * kernel_height * kernel_width * channels
        elif isinstance(layer, keras.layers.Dense):
            inputs, units = layer.kernel.shape
            total += int(np.prod(layer.input.shape[1:-1], dtype=int)) * inputs * units
        elif layer.weights:
            raise ValueError(
                f"layer {layer.name!r} ({type(layer).__name__}) has weights; "
                "multiply_adds counts only Dense and Conv2D layers"
            )
    if total == 0:
        raise ValueError("the model has no Dense or Conv2D layer, so nothing to count")
    return int(total)


# --- accuracy against the shift ---------------------------------------------------------------


def _as_curves(curves, name: str = "curves") -> dict[str, np.ndarray]:
    """{direction: accuracies for shifts 0, 1, ...} as float arrays of one common length, fractions in [0, 1]."""
    if not isinstance(curves, Mapping) or not curves:
        raise ValueError(f"{name} must be a dict {{direction: [accuracy at 0 px, 1 px, ...]}}, got {curves!r}")
    arrays = {str(direction): np.asarray(values, dtype=float) for direction, values in curves.items()}
    lengths = {len(values) for values in arrays.values()}
    if len(lengths) != 1 or min(lengths) < 2 or any(values.ndim != 1 for values in arrays.values()):
        raise ValueError(f"{name}: every direction needs the same number (at least 2) of accuracies, one per shift")
    if any(np.isnan(values).any() or values.min() < 0 or values.max() > 1 for values in arrays.values()):
        raise ValueError(f"{name}: accuracies must be fractions between 0 and 1 (0.97, not 97)")
    return arrays


def _as_models_curves(curves_by_model) -> dict[str, dict[str, np.ndarray]]:
    if not isinstance(curves_by_model, Mapping) or not curves_by_model:
        raise ValueError("give the curves as {model name: {direction: [accuracy per shift]}}")
    checked = {str(name): _as_curves(curves, f"curves of {name}") for name, curves in curves_by_model.items()}
    if len({len(next(iter(c.values()))) for c in checked.values()}) != 1:
        raise ValueError("every model needs accuracies for the same shifts")
    return checked


def plot_shift_curves(curves_by_model, title: str | None = None) -> plt.Figure:
    """Accuracy against the shift, one line per model (the mean over directions), the range over directions shaded."""
    models = _as_models_curves(curves_by_model)
    fig, ax = plt.subplots(figsize=(6.4, 3.9))
    for index, (name, curves) in enumerate(models.items()):
        stacked = 100 * np.array(list(curves.values()))
        shifts = np.arange(stacked.shape[1])
        colour = OKABE_ITO[index % len(OKABE_ITO)]
        ax.fill_between(shifts, stacked.min(axis=0), stacked.max(axis=0), color=colour, alpha=0.18, lw=0)
        ax.plot(shifts, stacked.mean(axis=0), marker="o", color=colour, lw=2, label=name)
    ax.set_xticks(shifts)
    ax.set_xlabel("shift (pixels)")
    ax.set_ylabel("test accuracy (%)")
    ax.set_ylim(0, 100)
    ax.set_title(title or "Accuracy on shifted test digits")
    ax.legend(title=f"mean of the {len(curves)} directions; band: their range", fontsize=8, title_fontsize=8,
              loc="lower left")  # fmt: skip
    fig.tight_layout()
    return fig


def _spread_cell(result: report.Measured) -> str:
    """The study's mean ± sd without 'over N seeds' (the table's header says it once)."""
    return result.spread_text.split(" over ")[0]


def _seeds_header(result: report.Measured) -> str:
    """The header of a spread column: 'mean ± sd, 5 seeds'."""
    return "mean ± sd" if result.spread is None else f"mean ± sd, {result.spread.seeds} seeds"


def print_shift_table(curves_by_model) -> None:
    """Print each model's accuracy at every shift (the mean of the directions) and its worst direction.

    Every number is reported through `measured`, so it is printed next to
    its spread over the seed study's seeds and collected by the study.
    """
    models = _as_models_curves(curves_by_model)
    shifts = len(next(iter(next(iter(models.values())).values())))
    rows = [[f"{k} px"] for k in range(shifts)] + [[f"worst direction, {shifts - 1} px"]]
    headers = ["shift"]
    for name, curves in models.items():
        stacked = np.array(list(curves.values()))
        results = [measured(f"{name}, {k} px", stacked[:, k].mean()) for k in range(shifts)]
        results.append(measured(f"{name}, {shifts - 1} px, worst direction", stacked[:, -1].min()))
        for row, result in zip(rows, results, strict=True):
            row += [result.value_text, _spread_cell(result)]
        headers += [name, _seeds_header(results[0])]
    print_table(rows, headers)


# --- the seed study's tables ---------------------------------------------------------------------


def _grouped(rows: list[dict[str, str]]) -> list[tuple[str, str, list[dict[str, str]]]]:
    """The study's rows grouped by model and budget: (model, epochs, runs), shorter budgets first."""
    groups: dict[tuple[str, str], list[dict[str, str]]] = {}
    for row in rows:
        groups.setdefault((row["model"], row["epochs"]), []).append(row)
    ordered = sorted(groups.items(), key=lambda item: int(item[0][1]))
    return [(model, epochs, runs) for (model, epochs), runs in ordered]


def _study_table(rows: list[dict[str, str]], columns: Sequence[str]) -> tuple[list[list[str]], int]:
    """One line per model and budget, in the table's order: each column's mean ± sd over the seeds (in %)."""
    table = []
    for model, epochs, runs in _grouped(rows):
        cells = []
        for column in columns:
            values = 100 * np.array([float(run[column]) for run in runs])
            cells.append(f"{values.mean():.1f} ± {values.std(ddof=1) if len(values) > 1 else 0.0:.1f}")
        table.append([model, f"{epochs} epoch{'' if epochs == '1' else 's'}", *cells])
    return table, len({row["seed"] for row in rows})


def print_shift_study() -> None:
    """Print the seed study's shift table: DNN and CNN, each with and without random shifts, at two budgets."""
    rows = study.read_table(SHIFT_STUDY)
    columns = {"accuracy_0px": "0 px", "accuracy_2px": "2 px", "accuracy_4px": "4 px",
               "worst_4px": "4 px, worst direction"}  # fmt: skip
    table, seeds = _study_table(rows, list(columns))
    print(f"The seed study: accuracy (%) on the first {int(rows[0]['probe_images']):,} test digits, moved; "
          f"mean ± sd over {seeds} seeds")  # fmt: skip
    print_table(table, ["model", "training", *columns.values()])


def print_fashion_study(classes: Sequence[str] = ("T-shirt/top", "Pullover", "Coat", "Shirt")) -> None:
    """Print the seed study's Fashion-MNIST table: test accuracy overall and for `classes`, at two budgets.

    The last column names each model's hardest class: the lowest mean
    accuracy over the seeds, among all ten classes.
    """
    if isinstance(classes, str) or not all(isinstance(name, str) for name in classes):
        raise TypeError(f"give the classes as a list of names, e.g. ['Shirt', 'Coat']; got {classes!r}")
    unknown = [name for name in classes if name not in FASHION_CLASS_NAMES]
    if unknown:
        raise ValueError(f"unknown classes {unknown}; the classes are {list(FASHION_CLASS_NAMES)}")
    rows = study.read_table(FASHION_STUDY)
    table, seeds = _study_table(rows, ["test_accuracy", *classes])
    for line, (_, _, runs) in zip(table, _grouped(rows), strict=True):
        line.append(min(FASHION_CLASS_NAMES, key=lambda name: np.mean([float(run[name]) for run in runs])))
    print(f"The seed study: Fashion-MNIST test accuracy (%), mean ± sd over {seeds} seeds")
    print_table(table, ["model", "training", "all classes", *classes, "hardest class"])


# --- single digits -----------------------------------------------------------------------------


def _framed_digit(ax, image: np.ndarray, vmax: float) -> None:
    """One digit in a thin grey frame (the edge of the 28 × 28 field), so that a shift shows."""
    ax.imshow(image, cmap=DIGIT_CMAP, vmin=0, vmax=vmax)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color("0.75")


def plot_shift_strip(images, label: int, readings, step: str = "px") -> plt.Figure:
    """One digit in successive positions (`images`), each titled "true → read"; red where the reading is wrong.

    The k-th image is labelled "k px": pass the digit moved 0, 1, 2, ... pixels.
    """
    images = as_image_batch(images)
    [label] = as_labels([label])
    readings = as_labels(readings, len(images), "readings")
    vmax = pixel_max(images)
    fig, axes = plt.subplots(1, len(images), figsize=(1.3 * len(images), 1.9), squeeze=False)
    for k, ax in enumerate(axes[0]):
        _framed_digit(ax, images[k], vmax)
        wrong = readings[k] != label
        ax.set_title(f"{label} → {readings[k]}", fontsize=9, color=WRONG_COLOUR if wrong else "black")
        ax.set_xlabel(f"{k} {step}", fontsize=9)
    fig.suptitle("true → read; red where the reading is wrong", fontsize=9)
    fig.tight_layout()
    return fig


def plot_shifted_readings(models: Mapping[str, keras.Model], images, labels, dx: int = 0, dy: int = 0) -> Figure:
    """The explorer's view: `images` moved (dx, dy), each captioned with every model's reading.

    A pure function: it shifts, asks each model for its readings (raw pixels
    in, as the models scale their own input) and draws, without pyplot, so
    it leaves no open figures behind. Red marks a wrong reading.
    """
    images = as_image_batch(images)
    labels = as_labels(labels, len(images))
    if not isinstance(models, Mapping) or not models:
        raise ValueError("give the models as a dict, e.g. {'DNN': dnn, 'CNN': cnn}")
    moved = shift_images(images, dx, dy)
    readings = {name: predict_in_batches(model, moved).argmax(axis=1) for name, model in models.items()}
    fig = Figure(figsize=(1.2 * len(images) + 0.4, 2.3))
    axes = fig.subplots(1, len(images), squeeze=False)[0]
    vmax = pixel_max(images)
    for index, ax in enumerate(axes):
        _framed_digit(ax, moved[index], vmax)
        ax.set_title(f"true {labels[index]}", fontsize=9)
        wrong = [name for name, predictions in readings.items() if predictions[index] != labels[index]]
        caption = " · ".join(str(predictions[index]) for predictions in readings.values())
        ax.set_xlabel(caption, fontsize=10, color=WRONG_COLOUR if wrong else "black")
    correct = ", ".join(f"{name} {int(np.sum(p == labels))}/{len(labels)}" for name, p in readings.items())
    order = " · ".join(readings)
    fig.suptitle(f"moved dx={dx}, dy={dy}; under each digit: {order}\nread correctly: {correct}", fontsize=9)
    fig.tight_layout()
    return fig


def shift_explorer(models: Mapping[str, keras.Model], images, labels):
    """Two sliders (dx right, dy down, -4 to 4 pixels) that move `images` and show each model's reading."""
    images = as_image_batch(images)
    labels = as_labels(labels, len(images))
    if not isinstance(models, Mapping) or not models:
        raise ValueError("give the models as a dict, e.g. {'DNN': dnn, 'CNN': cnn}")
    for name, model in models.items():
        require_model(model, input_shape=(IMAGE_SIZE, IMAGE_SIZE), output_units=10, name=f"model {name!r}")
    view = functools.partial(plot_shifted_readings, dict(models), images, labels)
    return explorer(
        view,
        dx=slider("dx (right)", -MAX_SHIFT, MAX_SHIFT, 0),
        dy=slider("dy (down)", -MAX_SHIFT, MAX_SHIFT, 0),
    )


# --- Fashion-MNIST, class by class -------------------------------------------------------------


def plot_fashion_study(epochs: int = 1) -> plt.Figure:
    """The seed study's Fashion-MNIST accuracy per class after `epochs` epochs: one bar per model (mean over the
    seeds) with a line from the lowest to the highest seed; classes sorted from hardest to easiest for the first
    model."""
    rows = [row for row in study.read_table(FASHION_STUDY) if row["epochs"] == str(epochs)]
    if not rows:
        budgets = sorted({int(row["epochs"]) for row in study.read_table(FASHION_STUDY)})
        raise ValueError(f"the study trained for {budgets} epochs, not {epochs!r}")
    by_model: dict[str, np.ndarray] = {}
    for row in rows:
        values = [100 * float(row[name]) for name in FASHION_CLASS_NAMES]
        by_model[row["model"]] = np.vstack([by_model.get(row["model"], np.empty((0, 10))), values])
    order = np.argsort(next(iter(by_model.values())).mean(axis=0), kind="stable")
    width = 0.8 / len(by_model)
    fig, ax = plt.subplots(figsize=(7.2, 3.8))
    for index, (name, runs) in enumerate(by_model.items()):
        positions = np.arange(len(order)) + (index - (len(by_model) - 1) / 2) * width
        colour = OKABE_ITO[index % len(OKABE_ITO)]
        ax.bar(positions, runs.mean(axis=0)[order], width, color=colour, label=name)
        ax.vlines(positions, runs.min(axis=0)[order], runs.max(axis=0)[order], color="black", linewidth=1)
    ax.set_xticks(np.arange(len(order)), [FASHION_CLASS_NAMES[k] for k in order], rotation=30, ha="right")
    ax.set_ylabel("test accuracy (%)")
    ax.set_ylim(0, 112)
    ax.set_yticks(range(0, 101, 20))
    ax.grid(axis="x", visible=False)
    seeds = len({row["seed"] for row in rows})
    ax.set_title(f"Fashion-MNIST, accuracy per class after {epochs} epoch{'' if epochs == 1 else 's'}: "
                 f"mean and range over {seeds} seeds", fontsize=10)  # fmt: skip
    ax.legend(fontsize=8, loc="upper left", ncols=len(by_model))
    fig.tight_layout()
    return fig
