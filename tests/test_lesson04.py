"""Lesson 04's plumbing: the study's tables, the confusion matrix, the misread digits and the prediction explorer."""

import csv
import re

import matplotlib.pyplot as plt
import nbformat
import numpy as np
import pytest
from matplotlib.figure import Figure

from helpers import lesson04 as lesson
from helpers import study
from helpers.plots import figure_png
from tools.execute import NOTEBOOKS_DIR


def one_hot_probabilities(predictions, confidence=0.9):
    """Softmax-like rows that put `confidence` on the predicted digit."""
    predictions = np.asarray(predictions)
    rows = np.full((len(predictions), 10), (1 - confidence) / 9, dtype=np.float32)
    rows[np.arange(len(predictions)), predictions] = confidence
    return rows


@pytest.fixture
def small_test_set():
    """12 images: labels 0-9 then 4 and 5; the model misreads images 3 (3 -> 5), 10 (4 -> 9) and 11 (5 -> 3)."""
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (12, 28, 28), dtype=np.uint8)
    labels = np.array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 4, 5])
    predictions = labels.copy()
    predictions[[3, 10, 11]] = [5, 9, 3]
    probabilities = one_hot_probabilities(predictions)
    probabilities[10] = one_hot_probabilities([9], confidence=0.9997)[0]  # the most confident mistake
    probabilities[11] = one_hot_probabilities([3], confidence=0.6)[0]  # the least confident one
    return images, labels, probabilities


def write_table(folder, name, rows):
    with (folder / f"{name}.csv").open("w", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


# Two optimizers, three rates, two seeds. "Fast" is best at 0.1 on validation but best at 1.0 on test;
# "Slow" is within half a point of its best at two rates and falls below the plot's floor at 1.0.
GRID = {
    ("Fast", 0.01): ((0.950, 0.952), (0.940, 0.942)),
    ("Fast", 0.1): ((0.975, 0.977), (0.960, 0.962)),
    ("Fast", 1.0): ((0.960, 0.962), (0.990, 0.990)),
    ("Slow", 0.01): ((0.970, 0.972), (0.965, 0.967)),
    ("Slow", 0.1): ((0.966, 0.968), (0.960, 0.960)),
    ("Slow", 1.0): ((0.100, 0.300), (0.100, 0.300)),
}


@pytest.fixture
def study_tables(tmp_path, monkeypatch):
    """Committed-looking lr_grid and batch_sizes tables in a temporary results folder."""
    rows = [
        {"optimizer": name, "learning_rate": rate, "seed": seed, "train_accuracy": 0.99,
         "val_accuracy": val[seed], "val_loss": "nan" if val[seed] < 0.5 else 0.1, "test_accuracy": test[seed],
         "fit_seconds": 10.0}
        for (name, rate), (val, test) in GRID.items()
        for seed in (0, 1)
    ]  # fmt: skip
    write_table(tmp_path, "lr_grid", rows)
    batches = [
        {"batch_size": size, "updates_per_epoch": updates, "seed": seed, "val_accuracy": accuracy + seed / 500,
         "fit_seconds": 10.0}
        for size, updates, accuracy in ((32, 1688, 0.975), (512, 106, 0.960))
        for seed in (0, 1)
    ]  # fmt: skip
    write_table(tmp_path, "batch_sizes", batches)
    monkeypatch.setattr(study, "RESULTS_DIR", tmp_path)
    return tmp_path


# --- the saved model ----------------------------------------------------------------------------


def test_the_model_file_lies_in_the_cache_whose_folder_it_creates(monkeypatch, tmp_path):
    monkeypatch.setenv("DNN_DIGITS_CACHE", str(tmp_path / "new" / "cache"))
    path = lesson.reference_model_file(3)
    assert path == tmp_path / "new" / "cache" / "reference-seed3.keras"
    assert path.parent.is_dir() and not path.exists()


# --- the learning-rate grid -------------------------------------------------------------------------


def test_grid_rows_are_numbers(study_tables):
    rows = lesson.lr_grid_rows()
    assert len(rows) == 12
    assert rows[0] == {"optimizer": "Fast", "seed": 0, "learning_rate": 0.01, "train_accuracy": 0.99,
                       "val_accuracy": 0.95, "val_loss": 0.1, "test_accuracy": 0.94, "fit_seconds": 10.0}  # fmt: skip
    assert np.isnan(rows[-1]["val_loss"])


def test_rates_are_chosen_on_mean_validation_accuracy_never_on_test(study_tables):
    assert lesson.chosen_learning_rates() == {"Fast": 0.1, "Slow": 0.01}


def test_the_table_shows_best_against_best_with_the_spread(study_tables, capsys):
    lesson.print_learning_rate_table()
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["optimizer", "rates", "tried"]
    assert lines[2].split() == ["Fast", "0.01,", "0.1,", "1", "0.1", "97.6", "±", "0.1", "%", "96.1", "±", "0.1", "%",
                                "0.1"]  # fmt: skip
    assert lines[3].split()[-2:] == ["0.01,", "0.1"]  # both within half a point of Slow's best
    assert lines[4].startswith("(mean ± sd over 2 seeds")


def test_a_missing_study_table_says_how_to_make_it(tmp_path, monkeypatch):
    monkeypatch.setattr(study, "RESULTS_DIR", tmp_path)
    with pytest.raises(FileNotFoundError, match="python -m benchmarks.seeds"):
        lesson.print_learning_rate_table()


def test_sensitivity_plot_draws_each_optimizer_its_choice_and_this_run(study_tables):
    fig = lesson.plot_learning_rate_sensitivity(this_run={"Slow": (0.1, 0.969)})
    ax = fig.axes[0]
    assert ax.get_xscale() == "log"
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert labels == ["Fast", "Slow", "Slow: this notebook's run"]
    stars = [line for line in ax.lines if line.get_marker() == "*"]
    assert [tuple(line.get_xdata()) for line in stars] == [(0.1,), (0.01,)]
    below = [line for line in ax.lines if line.get_marker() == "v" and len(line.get_xdata())]
    assert [tuple(line.get_xdata()) for line in below] == [(1.0,)]  # Slow at 1.0 lies below the floor
    assert ax.get_ylim()[0] < 93 and ax.get_ylim()[1] == pytest.approx(100 * 0.977 + 0.8)  # room above the best seed


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"this_run": {"Adamax": (0.1, 0.9)}}, "no optimizer called"),
    ({"floor": 90}, "fraction between 0 and 1"),
])  # fmt: skip
def test_sensitivity_plot_rejects_bad_input(study_tables, kwargs, message):
    with pytest.raises(ValueError, match=message):
        lesson.plot_learning_rate_sensitivity(**kwargs)


def test_batch_size_table_gives_updates_and_accuracy_with_the_spread(study_tables, capsys):
    lesson.print_batch_size_table()
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["batch", "size", "updates", "per", "epoch", "validation", "accuracy"]
    assert lines[2].split() == ["32", "1,688", "97.6", "±", "0.1", "%"]
    assert lines[3].split() == ["512", "106", "96.1", "±", "0.1", "%"]
    assert lines[4] == "(after 5 epochs; mean ± sd over 2 seeds)"


# --- confusion matrix ------------------------------------------------------------------


def test_confusion_matrix_counts_truth_by_row_and_prediction_by_column():
    matrix = lesson.confusion_matrix([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 2, 0])
    assert matrix.shape == (10, 10)
    assert matrix[0, 0] == 1 and matrix[0, 1] == 1
    assert matrix[2, 2] == 2 and matrix[2, 0] == 1
    assert matrix.sum() == 6
    np.testing.assert_array_equal(matrix.sum(axis=1)[:3], [2, 1, 3])


def test_confusion_matrix_rejects_bad_labels():
    with pytest.raises(ValueError, match="0-9"):
        lesson.confusion_matrix([0, 10], [0, 1])
    with pytest.raises(ValueError, match="3 entries but there are 2"):
        lesson.confusion_matrix([0, 1], [0, 1, 2])
    with pytest.raises(ValueError, match="empty"):
        lesson.confusion_matrix([], [])


def test_confusion_matrix_plot_writes_every_count():
    matrix = lesson.confusion_matrix(np.arange(10), np.arange(10))
    fig = lesson.plot_confusion_matrix(matrix)
    texts = [text.get_text() for text in fig.axes[0].texts]
    assert len(texts) == 100 and texts.count("1") == 10


@pytest.mark.parametrize(("matrix", "message"), [(np.zeros((9, 10), int), r"shape \(10, 10\)"),
                                                 (-np.ones((10, 10), int), "non-negative"),
                                                 (np.full((10, 10), 0.5), "whole numbers")])  # fmt: skip
def test_confusion_matrix_plot_rejects_non_matrices(matrix, message):
    with pytest.raises(ValueError, match=message):
        lesson.plot_confusion_matrix(matrix)


def test_most_confused_pairs_are_largest_first_with_stable_ties():
    matrix = np.diag(np.full(10, 50))
    matrix[4, 9], matrix[7, 2], matrix[2, 7], matrix[3, 5] = 6, 3, 3, 9
    assert lesson.most_confused_pairs(matrix, k=3) == [(3, 5, 9), (4, 9, 6), (2, 7, 3)]
    assert len(lesson.most_confused_pairs(matrix, k=10)) == 4  # pairs never confused are left out
    with pytest.raises(ValueError, match="positive int"):
        lesson.most_confused_pairs(matrix, k=0)


def test_confused_pairs_table_gives_the_share_of_each_digit(capsys):
    labels = np.repeat(np.arange(10), 10)
    lesson.print_confused_pairs([(4, 9, 3)], labels)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["true", "digit", "read", "as", "images", "share", "of", "that", "digit"]
    assert lines[2].split() == ["4", "9", "3", "30.0", "%"]


# --- the misread digits ----------------------------------------------------------------------


@pytest.mark.parametrize(("probability", "text"), [
    (0.9, "90.0 %"), (0.6, "60.0 %"), (0.999, "99.9 %"), (0.9995, "99.95 %"), (0.9997, "99.97 %"),
    (0.99996, "99.996 %"), (0.999996, "99.9996 %"),
    (1.0, "100 %"), (0.0, "0.0 %"),
])  # fmt: skip
def test_confidence_is_written_with_enough_decimals_not_to_read_100(probability, text):
    assert lesson.confidence_text(probability) == text


def test_confidence_keeps_the_order_of_probabilities_below_one():
    values = [0.999, 0.9995, 0.99991, 0.99997, 0.999992]
    assert all(float(lesson.confidence_text(v)[:-2]) < 100 for v in values)
    assert [float(lesson.confidence_text(v)[:-2]) for v in values] == sorted(
        float(lesson.confidence_text(v)[:-2]) for v in values
    )
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        lesson.confidence_text(1.5)


def test_misread_grid_captions_truth_prediction_and_confidence(small_test_set):
    images, labels, probabilities = small_test_set
    fig = lesson.plot_misread_digits(images, labels, probabilities, n=2, ncols=2)
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ["4 → 9\n99.97 %", "3 → 5\n90.0 %"]


def test_misread_grid_refuses_when_nothing_is_wrong():
    labels = np.arange(10)
    with pytest.raises(ValueError, match="no mistakes"):
        lesson.plot_misread_digits(np.zeros((10, 28, 28), np.uint8), labels, one_hot_probabilities(labels))


def test_misread_grid_rejects_raw_scores(small_test_set):
    images, labels, _ = small_test_set
    with pytest.raises(ValueError, match="raw scores"):
        lesson.plot_misread_digits(images, labels, np.random.default_rng(0).normal(size=(12, 10)))


# --- single predictions and the explorer ------------------------------------------------------------


def test_static_prediction_figure_has_an_image_and_bars_per_index(small_test_set):
    fig = lesson.plot_predictions(*small_test_set, indices=[0, 3])
    assert len(fig.axes) == 4
    assert fig.axes[3].get_title() == "true 3, predicted 5 (90.0 %): wrong"
    assert fig.axes[0].images[0].get_clim() == (0, 255)  # raw uint8 pixels drawn on their own scale
    with pytest.raises(ValueError, match="image positions 0-11"):
        lesson.plot_predictions(*small_test_set, indices=[12])


def test_prediction_view_is_pure_and_shows_the_chosen_image(small_test_set):
    before = plt.get_fignums()
    fig = lesson.prediction_view(2, False, *small_test_set)
    assert isinstance(fig, Figure) and plt.get_fignums() == before  # not registered with pyplot
    image_ax, bars_ax = fig.axes
    assert image_ax.get_title() == "test image 2"
    np.testing.assert_allclose([bar.get_height() for bar in bars_ax.patches], small_test_set[2][2])


def test_prediction_view_steps_through_mistakes_and_clips(small_test_set):
    fig = lesson.prediction_view(1, True, *small_test_set)
    assert fig.axes[0].get_title() == "test image 10\nmistake 2 of 3"
    fig = lesson.prediction_view(99, True, *small_test_set)
    assert fig.axes[0].get_title() == "test image 11\nmistake 3 of 3"


def test_prediction_view_without_mistakes_says_so():
    labels = np.arange(10)
    fig = lesson.prediction_view(0, True, np.zeros((10, 28, 28), np.uint8), labels, one_hot_probabilities(labels))
    assert fig.texts[0].get_text() == "no mistakes: every prediction is right"


def test_prediction_explorer_redraws_when_the_slider_or_the_checkbox_moves(small_test_set):
    explorer = lesson.prediction_explorer(*small_test_set)
    (position, only_mistakes), picture = explorer.children[0].children, explorer.children[1]
    assert type(position).__name__ == "IntSlider" and position.max == 11
    first = picture.value
    position.value = 5
    assert picture.value != first
    only_mistakes.value = True
    assert position.max == 2 and position.value == 2 and position.description == "mistake"
    assert picture.value == figure_png(lesson.prediction_view(2, True, *small_test_set))
    only_mistakes.value = False
    assert position.max == 11 and position.description == "image"


def test_prediction_explorer_validates_its_inputs(small_test_set):
    images, labels, probabilities = small_test_set
    with pytest.raises(ValueError, match="12 rows but there are 11 images"):
        lesson.prediction_explorer(images[:11], labels[:11], probabilities)


def test_the_lessons_live_run_uses_the_rate_the_committed_study_chose():
    """Lesson 04 trains SGD with momentum live at the study's chosen rate: keep the two in step."""
    [path] = NOTEBOOKS_DIR.glob("04_*.ipynb")
    cells = nbformat.read(path, as_version=4).cells
    [live] = [c.source for c in cells if c.cell_type == "code" and "momentum=0.9)" in c.source]
    rate = float(re.search(r"^learning_rate = ([\d.e-]+)", live, re.MULTILINE).group(1))
    assert rate == lesson.chosen_learning_rates()["SGD + momentum 0.9"]
