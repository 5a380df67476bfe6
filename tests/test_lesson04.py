"""Lesson 04's plumbing: confusion matrix, mistakes, run tables and the prediction explorer."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from helpers import lesson04 as evaluation
from helpers.plots import figure_png  # noqa: E402
from helpers.reference import build_reference_model  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


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
    images = rng.random((12, 28, 28)).astype(np.float32)
    labels = np.array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 4, 5])
    predictions = labels.copy()
    predictions[[3, 10, 11]] = [5, 9, 3]
    probabilities = one_hot_probabilities(predictions)
    probabilities[10] = one_hot_probabilities([9], confidence=0.99)[0]  # the most confident mistake
    probabilities[11] = one_hot_probabilities([3], confidence=0.6)[0]  # the least confident one
    return images, labels, probabilities


# --- confusion matrix ------------------------------------------------------------------


def test_confusion_matrix_counts_truth_by_row_and_prediction_by_column():
    matrix = evaluation.confusion_matrix([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 2, 0])
    assert matrix.shape == (10, 10)
    assert matrix[0, 0] == 1 and matrix[0, 1] == 1
    assert matrix[2, 2] == 2 and matrix[2, 0] == 1
    assert matrix.sum() == 6
    np.testing.assert_array_equal(matrix.sum(axis=1)[:3], [2, 1, 3])


def test_confusion_matrix_rejects_bad_labels():
    with pytest.raises(ValueError, match="0-9"):
        evaluation.confusion_matrix([0, 10], [0, 1])
    with pytest.raises(ValueError, match="3 entries but there are 2"):
        evaluation.confusion_matrix([0, 1], [0, 1, 2])
    with pytest.raises(ValueError, match="empty"):
        evaluation.confusion_matrix([], [])


def test_confusion_matrix_plot_writes_every_count():
    matrix = evaluation.confusion_matrix(np.arange(10), np.arange(10))
    fig = evaluation.plot_confusion_matrix(matrix)
    texts = [text.get_text() for text in fig.axes[0].texts]
    assert len(texts) == 100 and texts.count("1") == 10


@pytest.mark.parametrize(("matrix", "message"), [(np.zeros((9, 10), int), r"shape \(10, 10\)"),
                                                 (-np.ones((10, 10), int), "non-negative"),
                                                 (np.full((10, 10), 0.5), "whole numbers")])
def test_confusion_matrix_plot_rejects_non_matrices(matrix, message):
    with pytest.raises(ValueError, match=message):
        evaluation.plot_confusion_matrix(matrix)


def test_most_confused_pairs_are_largest_first_with_stable_ties():
    matrix = np.diag(np.full(10, 50))
    matrix[4, 9], matrix[7, 2], matrix[2, 7], matrix[3, 5] = 6, 3, 3, 9
    assert evaluation.most_confused_pairs(matrix, k=3) == [(3, 5, 9), (4, 9, 6), (2, 7, 3)]
    assert len(evaluation.most_confused_pairs(matrix, k=10)) == 4  # pairs never confused are left out
    with pytest.raises(ValueError, match="positive int"):
        evaluation.most_confused_pairs(matrix, k=0)


def test_confused_pairs_table_gives_the_share_of_each_digit(capsys):
    labels = np.repeat(np.arange(10), 10)
    evaluation.print_confused_pairs([(4, 9, 3)], labels)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["true", "digit", "read", "as", "images", "share", "of", "that", "digit"]
    assert lines[2].split() == ["4", "9", "3", "30.0", "%"]


# --- probabilities and mistakes ----------------------------------------------------------


@pytest.mark.parametrize(("probabilities", "message"), [
    (np.zeros((3, 9)), r"shape \(n, 10\)"),
    (np.full((3, 10), 2.0), "sum to 1"),
    (np.full((3, 10), np.nan), "NaN"),
    (np.zeros((0, 10)), "empty"),
])
def test_probabilities_are_validated(probabilities, message):
    with pytest.raises(ValueError, match=message):
        evaluation.as_probabilities(probabilities)


def test_misread_indices_put_the_most_confident_mistake_first(small_test_set):
    _, labels, probabilities = small_test_set
    np.testing.assert_array_equal(evaluation.misread_indices(labels, probabilities), [10, 3, 11])
    np.testing.assert_array_equal(evaluation.misread_indices(labels, probabilities, n=1), [10])


def test_misread_grid_captions_truth_prediction_and_confidence(small_test_set):
    images, labels, probabilities = small_test_set
    fig = evaluation.plot_misread_digits(images, labels, probabilities, n=2, ncols=2)
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ["4 → 9 · 99%", "3 → 5 · 90%"]


def test_misread_grid_refuses_when_nothing_is_wrong():
    labels = np.arange(10)
    with pytest.raises(ValueError, match="no mistakes"):
        evaluation.plot_misread_digits(np.zeros((10, 28, 28)), labels, one_hot_probabilities(labels))


def test_misread_grid_rejects_raw_scores(small_test_set):
    images, labels, _ = small_test_set
    with pytest.raises(ValueError, match="raw scores"):
        evaluation.plot_misread_digits(images, labels, np.random.default_rng(0).normal(size=(12, 10)))


# --- architecture and tables ------------------------------------------------------------------


def test_layer_structure_describes_the_reference_model():
    assert evaluation.layer_structure(build_reference_model()) == [
        ("Flatten", None, None), ("Dense", 128, "relu"), ("Dense", 64, "relu"), ("Dense", 10, "softmax"),
    ]
    with pytest.raises(TypeError, match="Keras model"):
        evaluation.layer_structure("not a model")


def test_run_comparison_table(capsys):
    histories = {"Adam": {"accuracy": [0.9, 0.98], "val_accuracy": [0.95, 0.975]},
                 "SGD": {"accuracy": [0.8, 0.94], "val_accuracy": [0.9, 0.95]}}
    evaluation.print_run_comparison(histories, {"Adam": 0.976, "SGD": 0.948}, {"Adam": 15.04, "SGD": 14.0})
    lines = capsys.readouterr().out.splitlines()
    assert lines[2].split() == ["Adam", "98.0", "%", "97.5", "%", "97.6", "%", "15.0", "s"]
    assert lines[3].split()[-2:] == ["14.0", "s"]


def test_run_comparison_needs_every_test_accuracy():
    with pytest.raises(ValueError, match="no test accuracy given for run 'SGD'"):
        evaluation.print_run_comparison({"SGD": {"accuracy": [0.9]}}, {})
    with pytest.raises(ValueError, match="empty"):
        evaluation.print_run_comparison({}, {})


def test_batch_size_table_counts_updates_per_epoch(capsys):
    evaluation.print_batch_size_table([(32, 3.71, 0.958), (512, 1.7, 0.931)], n_images=60_000)
    lines = capsys.readouterr().out.splitlines()
    assert lines[2].split() == ["32", "1,875", "3.7", "s", "95.8", "%"]
    assert lines[3].split() == ["512", "118", "1.7", "s", "93.1", "%"]


@pytest.mark.parametrize("results", [[], [(0, 1.0, 0.5)], [(32, 1.0, 97.0)]])
def test_batch_size_table_rejects_bad_results(results):
    with pytest.raises(ValueError):
        evaluation.print_batch_size_table(results, n_images=100)


# --- the prediction explorer ----------------------------------------------------------------


def test_static_prediction_figure_has_an_image_and_bars_per_index(small_test_set):
    fig = evaluation.plot_predictions(*small_test_set, indices=[0, 3])
    assert len(fig.axes) == 4
    assert fig.axes[3].get_title() == "true 3, predicted 5 (90.0%): wrong"
    with pytest.raises(ValueError, match="image positions 0-11"):
        evaluation.plot_predictions(*small_test_set, indices=[12])


def test_prediction_view_is_pure_and_shows_the_chosen_image(small_test_set):
    before = plt.get_fignums()
    fig = evaluation.prediction_view(2, False, *small_test_set)
    assert isinstance(fig, Figure) and plt.get_fignums() == before  # not registered with pyplot
    image_ax, bars_ax = fig.axes
    assert image_ax.get_title() == "test image 2"
    np.testing.assert_allclose([bar.get_height() for bar in bars_ax.patches], small_test_set[2][2])


def test_prediction_view_steps_through_mistakes_and_clips(small_test_set):
    fig = evaluation.prediction_view(1, True, *small_test_set)
    assert fig.axes[0].get_title() == "test image 10\nmistake 2 of 3"
    fig = evaluation.prediction_view(99, True, *small_test_set)
    assert fig.axes[0].get_title() == "test image 11\nmistake 3 of 3"


def test_prediction_view_without_mistakes_says_so():
    labels = np.arange(10)
    fig = evaluation.prediction_view(0, True, np.zeros((10, 28, 28)), labels, one_hot_probabilities(labels))
    assert fig.texts[0].get_text() == "no mistakes: every prediction is right"


def test_figure_png_renders_png_bytes(small_test_set):
    assert figure_png(evaluation.prediction_view(0, False, *small_test_set))[:8] == b"\x89PNG\r\n\x1a\n"


def test_prediction_explorer_redraws_when_the_slider_or_the_checkbox_moves(small_test_set):
    explorer = evaluation.make_prediction_explorer(*small_test_set)
    (slider, mistakes_only), picture = explorer.children[0].children, explorer.children[1]
    assert type(slider).__name__ == "IntSlider" and slider.max == 11
    first = picture.value
    slider.value = 5
    assert picture.value != first
    mistakes_only.value = True
    assert slider.max == 2 and slider.value == 2 and slider.description == "mistake"
    assert picture.value == figure_png(evaluation.prediction_view(2, True, *small_test_set))
    mistakes_only.value = False
    assert slider.max == 11 and slider.description == "image"


def test_prediction_explorer_validates_its_inputs(small_test_set):
    images, labels, probabilities = small_test_set
    with pytest.raises(ValueError, match="12 rows but there are 11 images"):
        evaluation.make_prediction_explorer(images[:11], labels[:11], probabilities)
