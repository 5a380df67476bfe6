"""Lesson 06's plumbing: overfitting measured, and its remedies compared fairly.

The notebook builds, compiles, fits and evaluates every model in plain sight.
This module feeds `fit` its batches (`batches`), collects each run's scores
with their seed spread (`run_result`), prints the comparisons, draws the
figures, and reads the seed study's committed experiments: the remedies'
sweeps, the accuracy along the data files and the full-data ablation
(`benchmarks/experiments/lesson06.py` computes them). It also re-exports the
shared helpers the lesson calls, so that every call reads ``lesson.name(...)``.
"""

import functools
import statistics
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from helpers import report, study
from helpers.data import load_mnist
from helpers.models import batches, history_dict
from helpers.plots import RUN_MARKERS, plot_digit_grid, plot_learning_curves
from helpers.report import Measured, format_percent, format_seconds, print_table
from helpers.style import OKABE_ITO
from helpers.widgets import choice, explorer

__all__ = [
    "RunResult",
    "batches",
    "format_percent",
    "format_seconds",
    "load_mnist",
    "measured",
    "plot_accuracy_along_files",
    "plot_digit_grid",
    "plot_learning_curves",
    "plot_remedy_curves",
    "plot_seed_spread",
    "plot_sweeps",
    "print_full_data_ablation",
    "print_measured",
    "print_paired_differences",
    "print_remedy_table",
    "print_sweep_choices",
    "run_result",
    "sweep_choices",
    "sweep_explorer",
    "sweep_view",
]

measured = functools.partial(report.measured, "06")
print_measured = functools.partial(report.print_measured, "06")

BASELINE = "no remedy"  # the name of the run every remedy is compared with
SWEEPS = "lesson06_remedy_sweeps"
SLICES = "lesson06_validation_slices"
FULL_DATA = "lesson06_full_data"
SETTLING_EPOCHS = 10  # the flatness check compares the last 10 epochs with the 10 before
# What the validation set decided for each run of the lesson, by the key of the notebook's `results`.
VALIDATION_CHOSE = {
    "no remedy": "the number of epochs (every run)",
    "dropout": "the rate",
    "L2 penalty": "the strength λ",
    "early stopping": "the epoch whose weights it kept",
    "smaller network": "the width",
    "augmentation": "the largest shift",
}


# --- one run's results --------------------------------------------------------------------------------------

SPLIT_NAMES = ("training", "validation", "test")


@dataclass(frozen=True)
class RunResult:
    """One training run: its history, its scores on the three splits and the measured numbers the lesson quotes."""

    name: str
    history: dict[str, list[float]]
    scores: dict[str, dict[str, float]]
    training_accuracy: Measured
    validation_accuracy: Measured
    test_accuracy: Measured
    test_cross_entropy: Measured
    settling: Measured  # validation accuracy: last 10 epochs minus the 10 before, in points

    @property
    def epochs(self) -> int:
        """How many epochs `fit` ran (fewer than asked when early stopping stepped in)."""
        return len(self.history["val_accuracy"])

    def __str__(self) -> str:
        return (
            f"{self.name}, {self.epochs} epochs: accuracy on training {self.training_accuracy.value_text}, "
            f"validation {self.validation_accuracy.value_text}, test {self.test_accuracy.value_text}\n"
            f"  test accuracy:      {self.test_accuracy}\n"
            f"  test cross-entropy: {self.test_cross_entropy}"
        )


def _checked_scores(scores) -> dict[str, dict[str, float]]:
    if not isinstance(scores, Mapping) or set(scores) != set(SPLIT_NAMES):
        raise ValueError(
            "scores must be {'training': ..., 'validation': ..., 'test': ...}, one evaluate(..., return_dict=True) "
            f"result per split; got {sorted(scores) if isinstance(scores, Mapping) else type(scores).__name__}"
        )
    for split, values in scores.items():
        missing = {"accuracy", "cross_entropy"} - set(values)
        if missing:
            raise ValueError(
                f"the {split} scores lack {sorted(missing)}: compile with metrics=['accuracy', "
                "keras.metrics.SparseCategoricalCrossentropy(name='cross_entropy')] and evaluate with return_dict=True"
            )
    return {split: {key: float(value) for key, value in values.items()} for split, values in scores.items()}


def settling_points(history) -> float:
    """Mean validation accuracy of the last 10 epochs minus that of the 10 before, in points (near 0: flat).

    A run shorter than 20 epochs compares its last half with the half before.
    """
    accuracy = history_dict(history).get("val_accuracy")
    if not accuracy or len(accuracy) < 2:
        raise ValueError("the history needs validation accuracy for at least 2 epochs: fit with validation_data")
    window = min(SETTLING_EPOCHS, len(accuracy) // 2)
    return 100 * (statistics.fmean(accuracy[-window:]) - statistics.fmean(accuracy[-2 * window : -window]))


def run_result(name: str, history, scores) -> RunResult:
    """Collect a finished run: its History and its `evaluate` scores per split, measured for the seed study.

    `scores` is {"training": ..., "validation": ..., "test": ...}, each an
    `evaluate(..., return_dict=True)` result with "accuracy" and
    "cross_entropy". The run's numbers are reported to the seed study under
    `name`, which must be unique within the notebook.
    """
    values = history_dict(history)
    scores = _checked_scores(scores)
    return RunResult(
        name=name,
        history=values,
        scores=scores,
        training_accuracy=measured(f"{name}: training accuracy", scores["training"]["accuracy"]),
        validation_accuracy=measured(f"{name}: validation accuracy", scores["validation"]["accuracy"]),
        test_accuracy=measured(f"{name}: test accuracy", scores["test"]["accuracy"]),
        test_cross_entropy=measured(
            f"{name}: test cross-entropy", scores["test"]["cross_entropy"], unit="", decimals=3
        ),
        settling=measured(
            f"{name}: validation accuracy, last 10 epochs minus the 10 before",
            settling_points(values),
            unit="points",
            decimals=1,
        ),  # fmt: skip
    )


def _as_runs(results) -> dict[str, RunResult]:
    if not isinstance(results, Mapping) or not results:
        raise ValueError("results must be a non-empty dict {key: lesson.run_result(...)}")
    for run in results.values():
        if not isinstance(run, RunResult):
            raise TypeError(f"expected results of lesson.run_result(...), got {type(run).__name__}")
    return dict(results)


def print_remedy_table(results: Mapping[str, RunResult]) -> None:
    """Every run of this notebook side by side: flatness, accuracy on each split, test cross-entropy, what it chose.

    Only this run's numbers: their spread over the seeds is what
    `print_paired_differences` and `plot_seed_spread` show.
    """
    runs = _as_runs(results)
    rows = [
        [run.name, run.epochs, f"{run.settling.value:.1f}", run.training_accuracy.value_text,
         run.validation_accuracy.value_text, run.test_accuracy.value_text, run.test_cross_entropy.value_text,
         VALIDATION_CHOSE.get(key, "")]
        for key, run in runs.items()
    ]  # fmt: skip
    print_table(rows, ["run", "epochs", "Δ", "training", "validation", "test", "test CE", "validation chose"])
    print("Δ: validation accuracy, mean of the last 10 epochs minus the 10 before (points); CE: cross-entropy")


def plot_remedy_curves(results: Mapping[str, RunResult], title: str | None = None) -> Figure:
    """Every run's validation cross-entropy (log scale) and accuracy, drawn by the shared `plot_learning_curves`.

    One colour and marker shape per run, a star at each run's lowest
    validation cross-entropy, an X where a run stopped early. The accuracy
    panel zooms in on the epochs after the fifth, where the runs settle, and
    one legend on the right names the runs.
    """
    runs = _as_runs(results)
    fig = plot_learning_curves(
        {run.name: run.history for run in runs.values()},
        ("cross_entropy", "accuracy"),
        splits=("validation",),
        log_loss=True,
        mark_best=True,
    )
    loss_ax, accuracy_ax = fig.axes
    settled = [100 * value for run in runs.values() for value in run.history["val_accuracy"][5:]]
    if settled:
        accuracy_ax.set_ylim(min(settled) - 1, max(settled) + 1)
    handles, labels = accuracy_ax.get_legend_handles_labels()
    for ax in fig.axes:
        ax.get_legend().remove()
    loss_ax.set_title("star: lowest validation cross-entropy; X: stopped early", fontsize=9)
    accuracy_ax.set_title("zoomed in on epochs 6 and later", fontsize=9)
    fig.legend(handles, [label.removesuffix(": validation") for label in labels], loc="center right", fontsize=8)
    if title:
        fig.suptitle(title)
    fig.tight_layout(rect=(0, 0, 0.79, 1))
    return fig


# --- the seed study's view of the runs ----------------------------------------------------------------------


def _seed_values(measure: str) -> list[float] | None:
    """The study's value of one of this lesson's measures under each seed, or None when it has none."""
    try:
        rows = study.read_table(study.SEED_STUDY)
    except FileNotFoundError:
        return None
    for row in rows:
        if row["lesson"] == "06" and row["measure"] == measure:
            return [float(v) for v in row["values"].split()]
    return None


def _paired(results, quantity: str) -> dict[str, list[float]]:
    """{run name: per-seed (run − no remedy) of `quantity`} for the runs the study knows."""
    runs = _as_runs(results)
    base = _seed_values(f"{runs[BASELINE].name}: {quantity}") if BASELINE in runs else None
    differences = {}
    for key, run in runs.items():
        values = _seed_values(f"{run.name}: {quantity}")
        if key != BASELINE and base and values and len(values) == len(base):
            differences[run.name] = [v - b for v, b in zip(values, base, strict=True)]
    return differences


def print_paired_differences(results: Mapping[str, RunResult]) -> None:
    """Every run's test numbers over the study's seeds, and each remedy minus no remedy seed by seed.

    Mean ± sd of each run's test accuracy and cross-entropy; then the paired
    differences (remedy minus no remedy under the same seed): mean ± sd and
    on how many seeds the remedy came out better.
    """
    runs = _as_runs(results)
    if BASELINE not in runs:
        raise ValueError(f"results need a {BASELINE!r} run to compare with")
    accuracy, cross_entropy = _paired(runs, "test accuracy"), _paired(runs, "test cross-entropy")
    rows = []
    for run in runs.values():
        own_accuracy, own_ce = (
            _seed_values(f"{run.name}: test accuracy"),
            _seed_values(f"{run.name}: test cross-entropy"),
        )
        if not own_accuracy or not own_ce:
            rows.append([run.name, "not in the study", "", "", "", "", ""])
            continue
        row = [run.name, _mean_sd([100 * v for v in own_accuracy], 1) + " %", _mean_sd(own_ce, 3)]
        if run.name in accuracy and run.name in cross_entropy:
            acc, ce = [100 * d for d in accuracy[run.name]], cross_entropy[run.name]
            row += [_mean_sd(acc, 1, signed=True), f"{sum(d > 0 for d in acc)} of {len(acc)}",
                    _mean_sd(ce, 3, signed=True), f"{sum(d < 0 for d in ce)} of {len(ce)}"]  # fmt: skip
        rows.append(row + [""] * (7 - len(row)))
    print_table(rows, ["run", "test accuracy", "test CE", "minus no remedy", "higher on", "CE minus no remedy",
                       "lower on"])  # fmt: skip
    seeds = len(next(iter(accuracy.values()), [])) or "the"
    print(f"mean ± sd over {seeds} seeds of the study; 'minus no remedy': the run minus {BASELINE!r} under the "
          "same seed; CE: cross-entropy")  # fmt: skip


def _mean_sd(values: Sequence[float], decimals: int, signed: bool = False) -> str:
    mean, sd = statistics.fmean(values), statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{mean:{'+' if signed else ''}.{decimals}f} ± {sd:.{decimals}f}"


def plot_seed_spread(results: Mapping[str, RunResult]) -> Figure:
    """Test accuracy and cross-entropy of every run under each of the study's seeds (dots), this run ringed."""
    runs = _as_runs(results)
    fig, axes = plt.subplots(1, 2, figsize=(10.4, 0.45 * len(runs) + 1.4), sharey=True)
    for ax, quantity, scale in ((axes[0], "test accuracy", 100), (axes[1], "test cross-entropy", 1)):
        for row, run in enumerate(runs.values()):
            colour = OKABE_ITO[row % len(OKABE_ITO)]
            values = _seed_values(f"{run.name}: {quantity}") or []
            ax.plot([scale * v for v in values], [row] * len(values), RUN_MARKERS[row % len(RUN_MARKERS)],
                    color=colour, alpha=0.7, label="seeds of the study" if row == 0 else None)  # fmt: skip
            mine = run.test_accuracy.value if quantity == "test accuracy" else run.test_cross_entropy.value
            ax.plot(scale * mine, row, "o", ms=12, mfc="none", mec="black", label="this run" if row == 0 else None)
        ax.set_xlabel(quantity + (" (%)" if scale == 100 else ""))
        ax.grid(True, axis="x")
    axes[0].set_yticks(range(len(runs)), [run.name for run in runs.values()])
    axes[0].invert_yaxis()
    axes[1].set_title("lower is better", fontsize=9)
    axes[0].set_title("higher is better", fontsize=9)
    axes[0].legend(fontsize=8, loc="lower left")
    fig.tight_layout()
    return fig


# --- the sweeps ---------------------------------------------------------------------------------------------

# How each remedy's knob is shown: axis label, axis scale, and the knob's value without the remedy (None: off axis).
KNOBS = {
    "dropout": ("dropout rate", "linear", 0.0),
    "L2 penalty (Adam)": ("L2 strength λ", "log", None),
    "weight decay (AdamW)": ("weight decay", "log", None),
    "smaller network": ("units per hidden layer", "log", 128),
    "augmentation": ("largest shift (pixels)", "linear", 0),
}


@dataclass(frozen=True)
class SweepPoint:
    """One remedy at one strength over the study's seeds."""

    remedy: str
    value: float
    rows: tuple[dict[str, str], ...]

    def mean(self, column: str) -> float:
        return statistics.fmean(float(row[column]) for row in self.rows)

    def sd(self, column: str) -> float:
        values = [float(row[column]) for row in self.rows]
        return statistics.stdev(values) if len(values) > 1 else 0.0

    def curves(self, column: str) -> np.ndarray:
        """(seeds, epochs) array of a curve column."""
        return np.array([[float(v) for v in row[column].split()] for row in self.rows])

    @property
    def label(self) -> str:
        return BASELINE if self.remedy == BASELINE else f"{self.remedy} {self.value:g}"


@functools.cache
def _sweep_points() -> dict[str, list[SweepPoint]]:
    """{remedy: its points in the order of their values}, the run without a remedy under its own name."""
    grouped: dict[tuple[str, float], list[dict[str, str]]] = defaultdict(list)
    for row in study.read_table(SWEEPS):
        grouped[(row["remedy"], float(row["value"]))].append(row)
    points: dict[str, list[SweepPoint]] = defaultdict(list)
    for (remedy, value), rows in sorted(grouped.items()):
        points[remedy].append(SweepPoint(remedy, value, tuple(rows)))
    return dict(points)


def sweep_choices() -> dict[str, float]:
    """{remedy: the value with the lowest mean validation cross-entropy over the study's seeds}."""
    return {
        remedy: min(points, key=lambda point: point.mean("val_cross_entropy")).value
        for remedy, points in _sweep_points().items()
        if remedy != BASELINE
    }


def _with_baseline(remedy: str) -> list[SweepPoint]:
    """A remedy's sweep points, plus the run without a remedy where it is a point of the knob's axis."""
    points = _sweep_points()
    sweep = list(points.get(remedy, []))
    off_value = KNOBS[remedy][2]
    if off_value is not None:
        sweep.append(SweepPoint(remedy, off_value, points[BASELINE][0].rows))
    return sorted(sweep, key=lambda point: point.value)


def plot_sweeps() -> Figure:
    """Each remedy's validation and test accuracy (top) and cross-entropy (bottom) against its strength.

    Mean ± sd over the study's seeds; dotted lines: the run without a remedy;
    ringed: the value validation chose (lowest validation cross-entropy).
    Dropout rates and shifts lie on a linear axis, the others on a log axis.
    """
    baseline = _sweep_points()[BASELINE][0]
    chosen = sweep_choices()
    fig, axes = plt.subplots(2, len(KNOBS), figsize=(3.1 * len(KNOBS), 6.2), sharey="row")
    for column_axes, (remedy, (label, scale, _)) in zip(axes.T, KNOBS.items(), strict=True):
        sweep = _with_baseline(remedy)
        xs = [point.value for point in sweep]
        best = next(point for point in sweep if point.value == chosen[remedy])
        for ax, quantity, factor in ((column_axes[0], "accuracy", 100), (column_axes[1], "cross_entropy", 1)):
            for split, colour, marker, style in (("val", OKABE_ITO[1], "s", "--"), ("test", OKABE_ITO[0], "o", "-")):
                key = f"{split}_{quantity}"
                ax.errorbar(xs, [factor * p.mean(key) for p in sweep], yerr=[factor * p.sd(key) for p in sweep],
                            color=colour, marker=marker, ms=4, capsize=3, ls=style,
                            label="validation" if split == "val" else "test")  # fmt: skip
                ax.axhline(factor * baseline.mean(key), color=colour, lw=0.8, ls=":")
            ax.plot(best.value, factor * best.mean(f"val_{quantity}"), "o", ms=13, mfc="none", mec="black")
            ax.set_xscale(scale)
            ax.set_xticks(xs, [f"{x:g}" for x in xs], fontsize=8)
            ax.minorticks_off()
        column_axes[0].set_title(remedy, fontsize=10)
        column_axes[1].set_xlabel(label)
    axes[0, 0].set_ylabel("accuracy (%)")
    axes[1, 0].set_ylabel("cross-entropy")
    axes[0, 0].legend(fontsize=8, loc="lower left", title="dotted: no remedy", title_fontsize=8)
    fig.suptitle("Each remedy's knob: mean ± sd over the seeds; ringed: chosen on validation")
    fig.tight_layout()
    return fig


def print_sweep_choices() -> None:
    """The value validation chose for each remedy, its validation and test numbers beside no remedy's."""
    points = _sweep_points()
    baseline = points[BASELINE][0]
    rows = [[BASELINE, "", "", _mean_sd_ce(baseline, "val"), _mean_sd_percent(baseline, "val_accuracy"),
             _mean_sd_ce(baseline, "test"), _mean_sd_percent(baseline, "test_accuracy")]]  # fmt: skip
    for remedy, value in sweep_choices().items():
        point = next(p for p in points[remedy] if p.value == value)
        rows.append([remedy, " ".join(f"{p.value:g}" for p in points[remedy]), f"{value:g}",
                     _mean_sd_ce(point, "val"), _mean_sd_percent(point, "val_accuracy"),
                     _mean_sd_ce(point, "test"), _mean_sd_percent(point, "test_accuracy")])  # fmt: skip
    print_table(rows, ["remedy", "values tried", "chosen", "validation CE", "validation accuracy", "test CE",
                       "test accuracy"])  # fmt: skip
    print(f"mean ± sd over {len(baseline.rows)} seeds; chosen: the lowest mean validation cross-entropy (CE)")


def _mean_sd_percent(point: SweepPoint, column: str) -> str:
    return f"{100 * point.mean(column):.1f} ± {100 * point.sd(column):.1f} %"


def _mean_sd_ce(point: SweepPoint, split: str) -> str:
    key = f"{split}_cross_entropy"
    return f"{point.mean(key):.3f} ± {point.sd(key):.3f}"


def _sweep_labels() -> dict[str, SweepPoint]:
    return {point.label: point for points in _sweep_points().values() for point in points}


def sweep_view(run: str) -> Figure:
    """One sweep point's validation curves (mean over the seeds, their range shaded) against no remedy's (grey)."""
    labels = _sweep_labels()
    if run not in labels:
        raise ValueError(f"{run!r} is not a point of the sweeps; choose one of {sorted(labels)}")
    fig = Figure(figsize=(10.4, 3.6))
    axes = fig.subplots(1, 2)
    for ax, column, scale, title in ((axes[0], "val_accuracy_curve", 100, "validation accuracy (%)"),
                                     (axes[1], "val_cross_entropy_curve", 1, "validation cross-entropy")):  # fmt: skip
        for point, colour, name in ((labels[BASELINE], "0.55", BASELINE), (labels[run], OKABE_ITO[0], run)):
            curves = scale * point.curves(column)
            epochs = np.arange(1, curves.shape[1] + 1)
            ax.fill_between(epochs, curves.min(axis=0), curves.max(axis=0), color=colour, alpha=0.2, lw=0)
            ax.plot(epochs, curves.mean(axis=0), color=colour, label=name)
        ax.set_xlabel("epoch")
        ax.set_ylabel(title)
        ax.legend(fontsize=8)
    axes[0].set_ylim(80, 100)
    axes[1].set_yscale("log")
    fig.suptitle(f"{run}: mean of the study's seeds, their range shaded")
    fig.tight_layout()
    return fig


def sweep_explorer():
    """A widget: choose a point of the sweeps and see its validation curves (`sweep_view`); nothing trains."""
    return explorer(sweep_view, run=choice("run", list(_sweep_labels())))


# --- validation slices along the files ----------------------------------------------------------------------


def plot_accuracy_along_files() -> Figure:
    """Accuracy of the network without a remedy on each block of the training file and of the test file.

    One line per training block (mean over the study's seeds, ± sd shaded);
    the block that holds the training images is ringed.
    """
    rows = study.read_table(SLICES)
    fig, axes = plt.subplots(1, 2, figsize=(10.4, 3.6), sharey=True, gridspec_kw={"width_ratios": (3, 1.4)})
    for ax, file in zip(axes, ("training", "test"), strict=True):
        for index, first in enumerate(sorted({int(row["trained_on_first"]) for row in rows})):
            blocks: dict[int, list[dict[str, str]]] = defaultdict(list)
            for row in rows:
                if row["file"] == file and int(row["trained_on_first"]) == first:
                    blocks[int(row["first"])].append(row)
            starts = sorted(blocks)
            centres = np.array([(start + int(blocks[start][0]["last"]) + 1) / 2 for start in starts])
            values = [[100 * float(row["accuracy"]) for row in blocks[start]] for start in starts]
            mean, sd = np.array([statistics.fmean(v) for v in values]), np.array([np.std(v, ddof=1) for v in values])
            colour = OKABE_ITO[index]
            ax.fill_between(centres, mean - sd, mean + sd, color=colour, alpha=0.2, lw=0)
            ax.plot(centres, mean, marker=RUN_MARKERS[index], ms=4, color=colour,
                    label=f"trained on images {first:,} to {first + 999:,}")  # fmt: skip
            for start, centre, value in zip(starts, centres, mean, strict=True):
                if int(blocks[start][0]["holds_training_images"]):
                    ax.plot(centre, value, "o", ms=12, mfc="none", mec=colour)
        ax.set_xlabel(f"position in the {file} file (image number)")
        ax.set_title(f"{file} file, blocks of {int(blocks[starts[0]][0]['last']) + 1 - starts[0]:,} images")
    axes[0].set_ylabel("accuracy (%), mean ± sd over seeds")
    axes[0].legend(fontsize=8, loc="lower left", title="ringed: the block holding the training images",
                   title_fontsize=8)  # fmt: skip
    fig.tight_layout()
    return fig


# --- the full-data ablation -------------------------------------------------------------------------------------------


def print_full_data_ablation() -> None:
    """The full-data recipe, one ingredient changed per row: accuracies and gaps by `evaluate`, mean ± sd over seeds."""
    grouped: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in study.read_table(FULL_DATA):
        grouped[row["recipe"]].append(row)

    def column(rows, name, scale=100.0, decimals=1):
        values = [scale * float(row[name]) for row in rows]
        return _mean_sd(values, decimals)

    table = []
    for recipe, rows in grouped.items():
        gap = [100 * (float(r["train_accuracy"]) - float(r["val_accuracy"])) for r in rows]
        epochs = sorted({int(r["lowest_val_loss_epoch"]) for r in rows})
        table.append([recipe, f"{int(rows[0]['parameters']):,}", column(rows, "val_accuracy"),
                      column(rows, "test_accuracy"), column(rows, "train_accuracy"),
                      column(rows, "history_train_accuracy"), _mean_sd(gap, 1),
                      ", ".join(map(str, epochs))])  # fmt: skip
    seeds = len(next(iter(grouped.values())))
    print_table(table, ["recipe", "parameters", "validation %", "test %", "training %", "training % (fit)",
                        "gap (points)", "lowest val loss at epoch"])  # fmt: skip
    print(f"mean ± sd over {seeds} seeds; training % and gap by evaluate (dropout off); "
          "training % (fit): the last epoch as fit reported it (dropout on)")  # fmt: skip
