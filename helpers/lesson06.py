"""Overfitting made visible, and its remedies measured side by side (lesson 06).

The notebook builds and fits the models; this module reads their histories
(the gap between training and validation accuracy, the epoch with the lowest
validation loss), evaluates finished runs, prints the comparison table, draws
the figures and wires the widget that browses a precomputed sweep of one
remedy's knob.
"""

import gc
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from helpers.checks import as_labels, require_scaled
from helpers.models import history_dict
from helpers.report import format_percent, format_seconds, format_table
from helpers.style import OKABE_ITO
from helpers.tf_quiet import keras

GAP_COLOUR = OKABE_ITO[3]  # vermillion: the gap is the warning sign
BEST_COLOUR = OKABE_ITO[2]  # bluish green: the best epoch


def _series(history, key: str) -> np.ndarray:
    """One metric of a History or dict of lists, as a float array; a clear error if it is missing."""
    values = history_dict(history)
    if key not in values:
        hint = " (fit with validation_data=... or validation_split=...)" if key.startswith("val_") else ""
        raise ValueError(f"the history has no {key!r}{hint}; it records {sorted(values)}")
    series = np.asarray(values[key], dtype=float)
    if series.size == 0:
        raise ValueError(f"the history's {key!r} is empty: was the model fitted for at least one epoch?")
    if np.isnan(series).any():
        raise ValueError(f"the history's {key!r} contains NaN: training diverged")
    return series


def generalization_gap(history) -> np.ndarray:
    """Training accuracy minus validation accuracy, per epoch (a fraction: 0.05 is 5 points)."""
    return _series(history, "accuracy") - _series(history, "val_accuracy")


def best_epoch(history, monitor: str = "val_loss") -> int:
    """The epoch (counted from 1, as in the figures) where `monitor` was lowest.

    For an accuracy (`"val_accuracy"`), the epoch where it was highest.
    """
    series = _series(history, monitor)
    index = np.argmax(series) if "accuracy" in monitor else np.argmin(series)
    return int(index) + 1


def plot_overfitting(history, title: str | None = None) -> plt.Figure:
    """Loss and accuracy per epoch, training vs validation, the gap shaded, the best epoch marked.

    The loss axis is logarithmic, so that the training loss heading for zero
    and a small rise of the validation loss are both visible.
    """
    loss, val_loss = _series(history, "loss"), _series(history, "val_loss")
    accuracy, val_accuracy = _series(history, "accuracy"), _series(history, "val_accuracy")
    epochs = np.arange(1, len(loss) + 1)
    best = best_epoch(history)
    fig, (left, right) = plt.subplots(1, 2, figsize=(10.4, 3.8))
    left.plot(epochs, loss, color=OKABE_ITO[0], label="training")
    left.plot(epochs, val_loss, color=OKABE_ITO[1], ls="--", label="validation")
    left.plot(best, val_loss[best - 1], "*", ms=14, color=BEST_COLOUR, label=f"lowest validation loss (epoch {best})")
    left.set_yscale("log")
    left.yaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
    left.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))  # 0.05, not 5 × 10⁻²
    left.yaxis.set_minor_formatter(NullFormatter())
    left.set_ylabel("loss (log scale)")
    right.plot(epochs, 100 * accuracy, color=OKABE_ITO[0], label="training")
    right.plot(epochs, 100 * val_accuracy, color=OKABE_ITO[1], ls="--", label="validation")
    right.fill_between(epochs, 100 * val_accuracy, 100 * accuracy, where=accuracy >= val_accuracy,
                       color=GAP_COLOUR, alpha=0.2, label="gap")  # fmt: skip
    right.set_ylabel("accuracy (%)")
    for ax in (left, right):
        ax.axvline(best, color=BEST_COLOUR, ls=":", lw=1.5)
        ax.set_xlabel("epoch")
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.legend(fontsize=8)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


@dataclass(frozen=True)
class RunResult:
    """One finished training run: its history, accuracies on the three splits and the fitting time."""

    name: str
    history: dict[str, list[float]]
    train_accuracy: float
    val_accuracy: float
    test_accuracy: float
    val_loss: float
    seconds: float

    @property
    def gap(self) -> float:
        """Training minus validation accuracy of the final model."""
        return self.train_accuracy - self.val_accuracy

    @property
    def epochs_run(self) -> int:
        """How many epochs `fit` ran (fewer than asked when early stopping stepped in)."""
        return len(self.history["loss"])

    def summary(self) -> str:
        """One line: the run's name, accuracies, gap and epochs (no timing, so it prints the same every run)."""
        return (
            f"{self.name}: training {format_percent(self.train_accuracy)}, "
            f"validation {format_percent(self.val_accuracy)} (loss {self.val_loss:.3f}), "
            f"test {format_percent(self.test_accuracy)}, gap {100 * self.gap:.1f} points, {self.epochs_run} epochs"
        )


Split = tuple[np.ndarray, np.ndarray]


def _checked_split(split, name: str) -> Split:
    if not isinstance(split, (tuple, list)) or len(split) != 2:
        raise TypeError(f"{name} must be a pair (images, labels)")
    images = require_scaled(split[0], f"{name} images")
    return images, as_labels(split[1], len(images), f"{name} labels")


def evaluate_model(model, images, labels) -> tuple[float, float]:
    """Accuracy and mean cross-entropy of a compiled `model` on `images` (dropout is off here).

    The cross-entropy is computed from the predicted probabilities alone, so
    unlike the loss Keras reports it never includes a regularization penalty:
    it compares fairly across models with and without L2.
    """
    if not isinstance(model, keras.Model):
        raise TypeError(f"expected a Keras model, got {type(model).__name__}")
    if not getattr(model, "compiled", False):
        raise ValueError("the model is not compiled: call model.compile(...) and model.fit(...) first")
    images, labels = _checked_split((images, labels), "evaluation")
    # Called directly, in chunks, rather than through model.predict: predict compiles a
    # function per input size (and warns about "retracing" when sizes vary), a direct
    # call does not. training=False switches dropout off.
    probabilities = np.concatenate([np.asarray(model(images[start : start + 1000], training=False))
                                    for start in range(0, len(images), 1000)])  # fmt: skip
    if probabilities.ndim != 2 or probabilities.shape[1] != 10:
        raise ValueError(f"the model must output 10 class probabilities; it outputs shape {probabilities.shape[1:]}")
    accuracy = float(np.mean(probabilities.argmax(axis=1) == labels))
    true_class = probabilities[np.arange(len(labels)), labels].astype(np.float64)
    cross_entropy = float(-np.mean(np.log(np.maximum(true_class, np.finfo(np.float32).tiny))))
    return accuracy, cross_entropy


def measure_run(name: str, model, history, seconds: float, train: Split, validation: Split, test: Split) -> RunResult:
    """Evaluate a fitted model on its training, validation and test data and bundle the results.

    The accuracies and the validation loss (plain cross-entropy, without any
    regularization penalty) are measured on the final model, with the best
    weights restored if early stopping did so and with dropout switched off,
    so they can differ from the last values in the history.

    It also runs Python's cycle collector: Keras models hold reference
    cycles, so the networks of earlier runs (no longer named in the
    notebook) are freed only then, which keeps a notebook of many runs small.
    """
    gc.collect()
    values = history_dict(history)
    _series(values, "val_accuracy")
    if not np.isfinite(seconds) or seconds < 0:
        raise ValueError(f"seconds must be a non-negative duration, got {seconds!r}")
    (train_accuracy, _), (val_accuracy, val_loss), (test_accuracy, _) = (
        evaluate_model(model, *_checked_split(split, label))
        for split, label in ((train, "train"), (validation, "validation"), (test, "test"))
    )
    return RunResult(name, values, train_accuracy, val_accuracy, test_accuracy, val_loss, float(seconds))


def _as_runs(results) -> list[RunResult]:
    runs = list(results.values()) if isinstance(results, Mapping) else list(results)
    if not runs:
        raise ValueError("no runs to compare")
    for run in runs:
        if not isinstance(run, RunResult):
            raise TypeError(f"expected RunResult objects from measure_run, got {type(run).__name__}")
    return runs


def remedy_table(results) -> str:
    """The comparison table: accuracies, gap (percentage points), validation loss, epochs run, fitting time.

    The time column comes last and left-aligned, so a run that takes 12.3 s
    instead of 9.8 s does not shift the other columns.
    """
    runs = _as_runs(results)
    rows = [[run.name, format_percent(run.train_accuracy), format_percent(run.val_accuracy),
             format_percent(run.test_accuracy), f"{100 * run.gap:.1f}", f"{run.val_loss:.3f}", run.epochs_run]
            for run in runs]  # fmt: skip
    headers = ["run", "train acc", "val acc", "test acc", "gap (points)", "val loss", "epochs"]
    table = format_table(rows, headers)
    header, rule, *lines = table.splitlines()
    width = max(len(line) for line in table.splitlines())
    times = ["fit time", "--------", *(format_seconds(run.seconds) for run in runs)]
    return "\n".join(f"{line.ljust(width)}  {time}" for line, time in zip([header, rule, *lines], times, strict=True))


VAL_CROSS_ENTROPY = "val_cross_entropy"  # the metric name the lesson compiles its models with


def _settled_limits(curves: Sequence[np.ndarray], margin: float) -> tuple[float, float]:
    """Axis limits that fit every curve after its first quarter of epochs (where runs differ most)."""
    tails = np.concatenate([curve[len(curve) // 4 :] for curve in curves])
    low, high = float(tails.min()), float(tails.max())
    pad = margin * max(high - low, 1e-9)
    return low - pad, high + pad


def plot_validation_curves(results) -> plt.Figure:
    """Every run's validation accuracy (left) and validation loss (right) per epoch, overlaid.

    The right panel uses the plain cross-entropy the models record as the
    metric "cross_entropy" when it is there (Keras' own validation loss
    includes any L2 penalty), else the validation loss. An X marks where a
    run stopped early. The first run, the reference, is drawn black and
    dashed. The axes zoom in on the epochs after the first quarter, where the
    runs settle and their differences show.
    """
    runs = _as_runs(results)
    fig, (left, right) = plt.subplots(1, 2, figsize=(10.4, 3.8))
    longest = max(run.epochs_run for run in runs)
    accuracies, losses = [], []
    for index, run in enumerate(runs):
        if index == 0:  # the reference: black, dashed and on top, so a run that follows it can't hide it
            style = {"color": OKABE_ITO[7], "ls": "--", "zorder": 3}
        else:
            style = {"color": OKABE_ITO[(index - 1) % 7]}
        colour = style["color"]
        epochs = np.arange(1, run.epochs_run + 1)
        loss_key = VAL_CROSS_ENTROPY if VAL_CROSS_ENTROPY in run.history else "val_loss"
        accuracies.append(100 * _series(run.history, "val_accuracy"))
        losses.append(_series(run.history, loss_key))
        for ax, values in ((left, accuracies[-1]), (right, losses[-1])):
            ax.plot(epochs, values, lw=1.8, label=run.name, **style)
            if run.epochs_run < longest:
                ax.plot(epochs[-1], values[-1], "X", color=colour, ms=9)
    left.set_ylim(*_settled_limits(accuracies, 0.15))
    right.set_ylim(*_settled_limits(losses, 0.15))
    left.set_ylabel("validation accuracy (%)")
    left.set_title("Validation accuracy (higher is better)")
    right.set_ylabel("validation loss (cross-entropy)")
    right.set_title("Validation loss (lower is better)")
    for ax in (left, right):
        ax.set_xlabel("epoch")
        ax.xaxis.get_major_locator().set_params(integer=True)
    right.legend(fontsize=8)
    fig.tight_layout()
    return fig


def _checked_sweep(sweep: Mapping[float, RunResult]) -> tuple[list[float], list[RunResult]]:
    if not isinstance(sweep, Mapping) or not sweep:
        raise ValueError("the sweep must be a non-empty dict {knob value: RunResult}")
    values = sorted(sweep)
    return values, _as_runs([sweep[value] for value in values])


def plot_sweep(sweep: Mapping[float, RunResult], knob: str = "dropout rate") -> plt.Figure:
    """Final training, validation and test accuracy against the knob's value; the gap shaded."""
    values, runs = _checked_sweep(sweep)
    train = 100 * np.array([run.train_accuracy for run in runs])
    val = 100 * np.array([run.val_accuracy for run in runs])
    test = 100 * np.array([run.test_accuracy for run in runs])
    fig, ax = plt.subplots(figsize=(6.4, 3.8))
    ax.fill_between(values, val, train, color=GAP_COLOUR, alpha=0.2, label="gap")
    ax.plot(values, train, "o-", color=OKABE_ITO[0], label="training")
    ax.plot(values, val, "s--", color=OKABE_ITO[1], label="validation")
    ax.plot(values, test, "^:", color=OKABE_ITO[7], label="test")
    ax.set_xticks(values)
    ax.set_xlabel(knob)
    ax.set_ylabel("accuracy after training (%)")
    ax.set_title(f"One knob, turned: {knob}")
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def sweep_figure(sweep: Mapping[float, RunResult], value: float, knob: str = "dropout rate") -> Figure:
    """The widget's picture: training and validation accuracy per epoch for one knob value.

    The other values' validation curves are drawn in light grey behind it.
    A pure function of its arguments; it builds a Figure without pyplot, so
    calling it never leaves open figures behind.
    """
    values, runs = _checked_sweep(sweep)
    if value not in sweep:
        raise ValueError(f"{knob} {value!r} was not part of the sweep; choose one of {values}")
    chosen = sweep[value]
    fig = Figure(figsize=(6.4, 3.8))
    ax = fig.subplots()
    for other, run in zip(values, runs, strict=True):
        if other != value:
            ax.plot(np.arange(1, run.epochs_run + 1), 100 * _series(run.history, "val_accuracy"), color="0.8", lw=1)
    epochs = np.arange(1, chosen.epochs_run + 1)
    accuracy, val_accuracy = _series(chosen.history, "accuracy"), _series(chosen.history, "val_accuracy")
    ax.plot(epochs, 100 * accuracy, color=OKABE_ITO[0], label="training")
    ax.plot(epochs, 100 * val_accuracy, color=OKABE_ITO[1], ls="--", label="validation")
    ax.fill_between(epochs, 100 * val_accuracy, 100 * accuracy, where=accuracy >= val_accuracy,
                    color=GAP_COLOUR, alpha=0.2, label="gap")  # fmt: skip
    everything = [100 * _series(run.history, key) for run in runs for key in ("accuracy", "val_accuracy")]
    ax.set_ylim(_settled_limits(everything, 0.1)[0], 100.5)  # the same axes for every value of the knob
    ax.set_xlabel("epoch")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_ylabel("accuracy (%)")
    ax.set_title(f"{knob} {value:g}: validation {format_percent(chosen.val_accuracy)}, "
                 f"gap {100 * chosen.gap:.1f} points")  # fmt: skip
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    return fig


def make_sweep_explorer(sweep: Mapping[float, RunResult], knob: str = "dropout rate") -> widgets.interactive:
    """A slider over the sweep's knob values that redraws `sweep_figure` (no training happens)."""
    values, _ = _checked_sweep(sweep)

    def show(value: float) -> Figure:
        return sweep_figure(sweep, value, knob)

    slider = widgets.SelectionSlider(
        options=[(f"{value:g}", value) for value in values], value=values[0],
        description=knob, continuous_update=False, style={"description_width": "initial"},
    )  # fmt: skip
    return widgets.interactive(show, value=slider)
