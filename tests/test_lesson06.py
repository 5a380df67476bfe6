"""Lesson 06's plumbing: batches, run results with their spread, the study's sweeps, slices and ablation."""

import csv
import json
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest
from matplotlib.figure import Figure

from benchmarks.experiments import lesson06 as experiments
from helpers import lesson06 as lesson
from helpers import study
from helpers.tf_quiet import keras

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "06_overfitting_and_remedies.ipynb"
SEEDS = (0, 1, 2)


def history(val_accuracy, epochs=None):
    """A History-like dict whose validation accuracy follows `val_accuracy`."""
    val_accuracy = list(val_accuracy)
    n = len(val_accuracy)
    return {
        "loss": list(np.linspace(1.0, 0.01, n)),
        "accuracy": list(np.linspace(0.7, 1.0, n)),
        "cross_entropy": list(np.linspace(1.0, 0.01, n)),
        "val_loss": list(np.linspace(0.5, 0.7, n)),
        "val_accuracy": val_accuracy,
        "val_cross_entropy": list(np.linspace(0.5, 0.7, n)),
    }


def scores(test_accuracy=0.9, test_ce=0.5):
    split = lambda acc, ce: {"loss": ce + 0.01, "accuracy": acc, "cross_entropy": ce}  # noqa: E731
    return {"training": split(1.0, 0.01), "validation": split(0.89, 0.4), "test": split(test_accuracy, test_ce)}


# --- batches ------------------------------------------------------------------------------------------------


def tiny_images(n=10):
    return np.arange(n * 784, dtype=np.int64).reshape(n, 28, 28).astype(np.uint8), np.arange(n) % 10


def labels_of(dataset):
    return [int(v) for _, labels in dataset for v in np.asarray(labels)]


def test_batches_keep_the_order_without_a_seed_and_reshuffle_every_epoch_with_one():
    images, labels = tiny_images()
    in_order = lesson.batches(images, labels, 4)
    assert labels_of(in_order) == labels_of(in_order) == list(labels)  # every pass, kept after the first
    assert [len(y) for _, y in in_order] == [4, 4, 2]
    shuffled = lesson.batches(images, labels, 10, seed=3)
    first, second = labels_of(shuffled), labels_of(shuffled)
    assert sorted(first) == sorted(labels) and first != second  # a new order every epoch
    assert labels_of(lesson.batches(images, labels, 10, seed=3)) == first  # the same seed, the same orders


def test_batches_say_what_is_wrong():
    images, labels = tiny_images()
    with pytest.raises(ValueError, match="batch_size must be a whole number"):
        lesson.batches(images, labels, 0)
    with pytest.raises(ValueError, match="has 3 entries but there are 10 images"):
        lesson.batches(images, labels[:3], 4)
    with pytest.raises(ValueError, match="shape"):
        lesson.batches(images[:, :10], labels, 4)


# --- run results --------------------------------------------------------------------------------------------


def test_settling_compares_the_last_ten_epochs_with_the_ten_before():
    flat = [0.5] * 10 + [0.9] * 20
    assert lesson.settling_points(history(flat)) == pytest.approx(0.0)
    rising = [0.8] * 30 + [0.9] * 10
    assert lesson.settling_points(history(rising)) == pytest.approx(10.0)
    assert lesson.settling_points(history([0.8, 0.8, 0.9, 0.9])) == pytest.approx(10.0)  # short: halves
    with pytest.raises(ValueError, match="fit with validation_data"):
        lesson.settling_points({"loss": [1.0, 0.5]})


def test_a_run_result_measures_its_numbers_for_the_study(tmp_path, monkeypatch):
    record = tmp_path / "record.jsonl"
    monkeypatch.setenv("DNN_DIGITS_RECORD", str(record))
    run = lesson.run_result("dropout 0.5", history([0.9] * 30), scores())
    assert run.epochs == 30 and run.test_accuracy.value == 0.9 and run.test_cross_entropy.value_text == "0.500"
    measures = [json.loads(line)["measure"] for line in record.read_text().splitlines()]
    assert "dropout 0.5: test accuracy" in measures and len(measures) == 5
    text = str(run)
    assert text.startswith("dropout 0.5, 30 epochs: accuracy on training 100.0 %, validation 89.0 %, test 90.0 %")
    assert "test cross-entropy: 0.500 in this run" in text


def test_run_result_explains_scores_without_the_cross_entropy_metric():
    bad = scores()
    del bad["test"]["cross_entropy"]
    with pytest.raises(ValueError, match="SparseCategoricalCrossentropy"):
        lesson.run_result("x", history([0.9] * 20), bad)
    with pytest.raises(ValueError, match="one evaluate"):
        lesson.run_result("x", history([0.9] * 20), {"test": scores()["test"]})


@pytest.fixture
def runs():
    return {
        "no remedy": lesson.run_result("no remedy", history([0.9] * 50), scores(0.90, 0.60)),
        "dropout": lesson.run_result("dropout 0.5", history([0.9] * 50), scores(0.91, 0.40)),
        "early stopping": lesson.run_result("early stopping", history([0.9] * 15), scores(0.88, 0.35)),
    }


def test_the_remedy_table_shows_every_run_and_what_validation_chose(runs, capsys):
    lesson.print_remedy_table(runs)
    out = capsys.readouterr().out
    assert "dropout 0.5" in out and "the rate" in out and "the epoch whose weights it kept" in out
    assert re.search(r"early stopping\s+15\s+0\.0\s", out) and "5 seeds" not in out  # this run only
    with pytest.raises(ValueError, match="non-empty dict"):
        lesson.print_remedy_table({})
    with pytest.raises(TypeError, match="lesson.run_result"):
        lesson.print_remedy_table({"no remedy": 0.9})


# --- the committed study ------------------------------------------------------------------------------------


def write_csv(folder: Path, name: str, rows: list[dict]) -> None:
    with (folder / f"{name}.csv").open("w", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def seed_study_rows():
    values = {
        "no remedy": ([0.90, 0.89, 0.91], [0.60, 0.62, 0.58]),
        "dropout 0.5": ([0.91, 0.90, 0.92], [0.40, 0.41, 0.39]),
        "early stopping": ([0.88, 0.88, 0.89], [0.35, 0.36, 0.35]),
    }
    rows = []
    for name, (accuracy, cross_entropy) in values.items():
        for quantity, numbers, unit in (("test accuracy", accuracy, "%"), ("test cross-entropy", cross_entropy, "")):
            rows.append({"lesson": "06", "measure": f"{name}: {quantity}", "unit": unit, "decimals": 1, "seeds": 3,
                         "mean": np.mean(numbers), "sd": np.std(numbers, ddof=1), "min": min(numbers),
                         "max": max(numbers), "values": " ".join(map(str, numbers))})  # fmt: skip
    return rows


def sweep_rows():
    rows = []
    points = [("no remedy", 0.0, 0.89, 0.40), ("dropout", 0.2, 0.89, 0.35), ("dropout", 0.5, 0.88, 0.33)]
    others = (("L2 penalty (Adam)", 1e-4), ("L2 penalty (Adam)", 1e-3), ("weight decay (AdamW)", 1.0),
              ("smaller network", 64), ("augmentation", 3))  # fmt: skip
    points += [(remedy, value, 0.88, 0.38) for remedy, value in others]
    for remedy, value, accuracy, cross_entropy in points:
        for seed in SEEDS:
            rows.append({"remedy": remedy, "value": value, "seed": seed, "epochs": 3, "train_accuracy": 1.0,
                         "val_accuracy": accuracy + 0.001 * seed, "val_cross_entropy": cross_entropy,
                         "test_accuracy": accuracy + 0.01, "test_cross_entropy": cross_entropy - 0.05,
                         "val_accuracy_change": 0.1, "fit_seconds": 1.0,
                         "val_accuracy_curve": "0.8 0.85 0.88", "val_cross_entropy_curve": "0.5 0.45 0.4"})  # fmt: skip
    return rows


def slice_rows():
    rows = []
    for seed in SEEDS:
        for first in (0, 30_000):
            for file, size, count in (("training", 2000, 30), ("test", 1000, 10)):
                for block in range(count):
                    start = block * size
                    holds = int(file == "training" and start <= first < start + size)
                    rows.append({"seed": seed, "trained_on_first": first, "file": file, "first": start,
                                 "last": start + size - 1, "holds_training_images": holds,
                                 "accuracy": 0.9 + 0.001 * block})  # fmt: skip
    return rows


def full_data_rows():
    return [
        {"recipe": recipe, "seed": seed, "parameters": parameters, "history_train_accuracy": 0.99,
         "train_accuracy": train, "val_accuracy": 0.98, "test_accuracy": 0.979, "val_loss": 0.07,
         "lowest_val_loss_epoch": 9, "fit_seconds": 30.0}
        for recipe, parameters, train in (("lesson 04's reference recipe", 109_386, 0.99),
                                          ("full recipe", 535_818, 0.995))
        for seed in SEEDS
    ]  # fmt: skip


@pytest.fixture
def committed(monkeypatch, tmp_path):
    """A results folder with a small seed study and small copies of the lesson's three experiments."""
    write_csv(tmp_path, study.SEED_STUDY, seed_study_rows())
    write_csv(tmp_path, lesson.SWEEPS, sweep_rows())
    write_csv(tmp_path, lesson.SLICES, slice_rows())
    write_csv(tmp_path, lesson.FULL_DATA, full_data_rows())
    monkeypatch.setattr(study, "RESULTS_DIR", tmp_path)
    study._spreads.cache_clear()
    lesson._sweep_points.cache_clear()
    yield tmp_path
    study._spreads.cache_clear()
    lesson._sweep_points.cache_clear()


def test_runs_print_their_spread_and_their_paired_differences(committed, runs, capsys):
    assert str(runs["dropout"].test_accuracy) == "91.0 % in this run; 91.0 ± 1.0 % over 3 seeds"
    lesson.print_paired_differences(runs)
    out = capsys.readouterr().out
    assert re.search(r"no remedy\s+90\.0 ± 1\.0 %\s+0\.600 ± 0\.020\n", out)
    assert re.search(
        r"dropout 0\.5\s+91\.0 ± 1\.0 %\s+0\.400 ± 0\.010\s+\+1\.0 ± 0\.0\s+3 of 3\s+-0\.200 ± 0\.010\s+3 of 3", out
    )
    assert re.search(r"early stopping\s+88\.3 ± 0\.6 %\s+0\.353 ± 0\.006\s+-1\.7 ± 0\.6\s+0 of 3", out)
    assert "mean ± sd over 3 seeds of the study" in out
    with pytest.raises(ValueError, match="'no remedy' run"):
        lesson.print_paired_differences({"dropout": runs["dropout"]})


def test_a_run_the_study_does_not_know_says_so(committed, capsys):
    odd = {
        "no remedy": lesson.run_result("no remedy", history([0.9] * 20), scores()),
        "dropout": lesson.run_result("dropout 0.3", history([0.9] * 20), scores()),
    }
    lesson.print_paired_differences(odd)
    assert "not in the study" in capsys.readouterr().out
    assert isinstance(lesson.plot_seed_spread(odd), Figure)


def test_the_seed_spread_figure_has_a_row_per_run(committed, runs):
    fig = lesson.plot_seed_spread(runs)
    left, right = fig.axes
    assert [t.get_text() for t in left.get_yticklabels()] == ["no remedy", "dropout 0.5", "early stopping"]
    assert right.get_xlabel() == "test cross-entropy"


def test_sweeps_choose_the_lowest_validation_cross_entropy(committed, capsys):
    choices = lesson.sweep_choices()
    assert choices["dropout"] == 0.5 and choices["augmentation"] == 3 and "no remedy" not in choices
    fig = lesson.plot_sweeps()
    assert len(fig.axes) == 10
    assert fig.axes[0].get_xscale() == "linear" and fig.axes[1].get_xscale() == "log"  # dropout, then L2
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["0", "0.2", "0.5"]  # a true numeric axis
    lesson.print_sweep_choices()
    out = capsys.readouterr().out
    assert re.search(r"dropout\s+0\.2 0\.5\s+0\.5", out) and "lowest mean validation cross-entropy" in out


def test_the_sweep_view_and_its_explorer(committed):
    fig = lesson.sweep_view("dropout 0.5")
    assert isinstance(fig, Figure) and "dropout 0.5" in fig.texts[0].get_text()
    with pytest.raises(ValueError, match="not a point of the sweeps"):
        lesson.sweep_view("dropout 0.9")
    widget = lesson.sweep_explorer()
    control, picture = widget.children[0].children[0], widget.children[1]
    before = picture.value
    control.value = "augmentation 3"
    assert picture.value != before


def test_accuracy_along_the_files_rings_the_training_block(committed):
    fig = lesson.plot_accuracy_along_files()
    training_axis = fig.axes[0]
    ringed = [line for line in training_axis.lines if line.get_markersize() == 12]
    assert len(ringed) == 2  # one per training block
    assert training_axis.get_xlabel() == "position in the training file (image number)"


def test_the_full_data_ablation_table(committed, capsys):
    lesson.print_full_data_ablation()
    out = capsys.readouterr().out
    assert re.search(
        r"full recipe\s+535,818\s+98\.0 ± 0\.0\s+97\.9 ± 0\.0\s+99\.5 ± 0\.0\s+99\.0 ± 0\.0\s+1\.5 ± 0\.0", out
    )
    assert "mean ± sd over 3 seeds" in out


def test_missing_study_tables_say_how_to_make_them(monkeypatch, tmp_path):
    monkeypatch.setattr(study, "RESULTS_DIR", tmp_path)
    lesson._sweep_points.cache_clear()
    with pytest.raises(FileNotFoundError, match="python -m benchmarks.seeds"):
        lesson.print_full_data_ablation()
    with pytest.raises(FileNotFoundError, match="python -m benchmarks.seeds"):
        lesson.plot_sweeps()
    lesson._sweep_points.cache_clear()


# --- the experiments and the notebook agree -----------------------------------------------------------------


def notebook_code() -> dict[str, str]:
    """{first line: source} of the lesson's code cells."""
    cells = nbformat.read(NOTEBOOK, as_version=4).cells
    return {c.source.splitlines()[0]: c.source for c in cells if c.cell_type == "code" and c.source}


def notebook_source() -> str:
    return "\n".join(notebook_code().values())


def test_the_experiments_use_the_lessons_setup():
    source = notebook_source()
    assert f"EPOCHS, BATCH_SIZE = {experiments.EPOCHS}, {experiments.BATCH_SIZE}" in source
    assert f"x_train[:{experiments.TRAINING_IMAGES}]" in source
    assert f"x_train[{experiments.TRAINING_IMAGES}::{experiments.VALIDATION_STEP}]" in source
    assert f"steps_per_execution={experiments.STEPS_PER_EXECUTION}" in source
    [builder] = [s for s in notebook_code().values() if s.startswith("def build_network")]
    namespace = {"keras": keras}
    exec(builder, namespace)  # noqa: S102  (the notebook's own cell)
    for settings in ({}, {"units": 64, "dropout_rate": 0.5}, {"l2_strength": 1e-4}, {"max_shift": 3}):
        ours, theirs = namespace["build_network"](**settings), experiments.build_network(**settings)
        assert [layer.get_config() | {"name": ""} for layer in ours.layers] == [
            layer.get_config() | {"name": ""} for layer in theirs.layers
        ], settings


def test_the_lessons_strengths_are_the_ones_validation_chose():
    source = "\n".join(cell.source for cell in nbformat.read(NOTEBOOK, as_version=4).cells)  # prose too
    choices = lesson.sweep_choices()
    constants = {
        "dropout": r"DROPOUT_RATE = ([\d.e-]+)",
        "L2 penalty (Adam)": r"L2_STRENGTH = ([\d.e-]+)",
        "weight decay (AdamW)": r"AdamW\(weight_decay=([\d.e-]+)\)",  # shown in the prose, not trained
        "smaller network": r"SMALL_UNITS = ([\d.e-]+)",
        "augmentation": r"MAX_SHIFT = ([\d.e-]+)",
    }
    for remedy, pattern in constants.items():
        assert float(re.search(pattern, source).group(1)) == choices[remedy], remedy
