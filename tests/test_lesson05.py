"""Lesson 05's plumbing: weight pictures, top images, layer figures, the unit explorer and the probe's study."""

import csv
import inspect

import matplotlib.pyplot as plt
import nbformat
import numpy as np
import pytest
from matplotlib.figure import Figure

from benchmarks.experiments import lesson05 as experiment
from helpers import lesson05 as lesson
from helpers import study
from helpers.report import Measured
from helpers.study import Spread
from tools.execute import NOTEBOOKS_DIR


@pytest.fixture
def weights():
    """Eight made-up first-layer weight images."""
    return np.random.default_rng(0).normal(size=(8, 28, 28)).astype(np.float32)


@pytest.fixture
def images_and_labels():
    """30 raw uint8 images with labels 0-9, three of each."""
    rng = np.random.default_rng(1)
    return rng.integers(0, 256, (30, 28, 28), dtype=np.uint8), np.arange(30) % 10


@pytest.fixture
def activations():
    """Activations of 8 units on the 30 images: unit 0 never fires, unit 1 grows with the image index."""
    acts = np.random.default_rng(2).random((30, 8)).astype(np.float32)
    acts[:, 0] = 0.0
    acts[:, 1] = np.arange(30)
    return acts


# --- the saved model ----------------------------------------------------------------------------------


def test_the_saved_reference_model_is_read_from_the_cache_when_lesson_04_saved_it(monkeypatch, tmp_path):
    monkeypatch.setenv("DNN_DIGITS_CACHE", str(tmp_path))
    (tmp_path / "reference-seed3.keras").write_bytes(b"saved by lesson 04")
    assert lesson.saved_reference_model(3) == tmp_path / "reference-seed3.keras"


# --- weights ------------------------------------------------------------------------------------------


def test_weight_mosaic_numbers_every_tile_and_scales_each_to_its_own_maximum(weights):
    weights[2] *= 100  # a strong unit must not wash out the others
    fig = lesson.plot_first_layer_weights(weights, ncols=4)
    ax = fig.axes[0]
    assert [text.get_text() for text in ax.texts] == [str(unit) for unit in range(8)]
    image = ax.images[0]
    assert image.get_clim() == (-1, 1) and image.get_cmap().name.startswith("RdBu_r")
    mosaic = np.ma.filled(image.get_array(), np.nan)
    tiles = [mosaic[row * 37 + 9 : row * 37 + 37, col * 30 : col * 30 + 28] for row in (0, 1) for col in range(4)]
    for tile, unit_weights in zip(tiles, weights, strict=True):
        np.testing.assert_allclose(tile, unit_weights / np.abs(unit_weights).max(), rtol=1e-6)
    assert "own maximum" in ax.get_title()


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (np.zeros((3, 784)), r"shape \(units, 28, 28\).*kernel.T.reshape"),
        (np.zeros((0, 28, 28)), r"shape \(units, 28, 28\)"),
        (np.full((2, 28, 28), np.nan), "NaN"),
        (np.array([["a"]]), "numbers"),
    ],
)
def test_weight_pictures_reject_what_is_not_a_stack_of_weight_images(bad, message):
    with pytest.raises((ValueError, TypeError), match=message):
        lesson.plot_first_layer_weights(bad)


def test_weight_mosaic_needs_a_positive_number_of_columns(weights):
    with pytest.raises(ValueError, match="ncols"):
        lesson.plot_first_layer_weights(weights, ncols=0)


def test_weight_change_shows_start_trained_and_change_on_one_scale_per_unit(weights):
    trained = weights + 3.0
    fig = lesson.plot_weight_change(weights, trained, [1, 6])
    axes = np.array(fig.axes).reshape(3, 2)
    assert [ax.get_ylabel() for ax in axes[:, 0]] == ["at the start", "after training", "change"]
    assert [ax.get_title() for ax in axes[0]] == ["unit 1", "unit 6"]
    limits = {ax.images[0].get_clim() for ax in axes[:, 1]}
    assert limits == {(-np.abs(trained[6]).max(), np.abs(trained[6]).max())}
    np.testing.assert_allclose(axes[2, 0].images[0].get_array(), np.full((28, 28), 3.0))


def test_weight_change_rejects_mismatched_weights_and_units(weights):
    with pytest.raises(ValueError, match="differ in shape"):
        lesson.plot_weight_change(weights, weights[:4], [0])
    with pytest.raises(ValueError, match="from 0 to 7"):
        lesson.plot_weight_change(weights, weights, [8])
    with pytest.raises(ValueError, match="units is empty"):
        lesson.plot_weight_change(weights, weights, [])


def test_best_patch_share_is_one_for_a_point_and_small_for_an_even_spread():
    images = np.zeros((2, 28, 28))
    images[0, 10, 10] = 3.0  # all its energy in one pixel
    images[1] = 1.0  # spread evenly
    np.testing.assert_allclose(lesson.best_patch_share(images, size=7), [1.0, 49 / 784])
    with pytest.raises(ValueError, match="all zeros"):
        lesson.best_patch_share(np.zeros((1, 28, 28)))
    with pytest.raises(ValueError, match="size must be a whole number from 1 to 28"):
        lesson.best_patch_share(images, size=29)


# --- single units --------------------------------------------------------------------------------------


def test_top_images_figure_has_a_weight_image_and_a_strip_per_unit(images_and_labels, activations, weights):
    images, _ = images_and_labels
    fig = lesson.plot_top_images(images, activations, [1, 2], k=3, weights=weights)
    assert len(fig.axes) == 2 * 2
    strip = fig.axes[1]
    assert [text.get_text() for text in strip.texts] == ["100%", "97%", "93%"]  # 29, 28, 27 of 29
    assert strip.images[0].get_clim() == (0, 255)  # raw uint8 pixels
    np.testing.assert_array_equal(strip.images[0].get_array()[:, :28], images[29])


def test_top_images_figure_rejects_bad_units_k_and_weights(images_and_labels, activations, weights):
    images, _ = images_and_labels
    with pytest.raises(ValueError, match="from 0 to 7"):
        lesson.plot_top_images(images, activations, [8])
    with pytest.raises(ValueError, match="k must be a whole number from 1"):
        lesson.plot_top_images(images, activations, [1], k=0)
    with pytest.raises(ValueError, match="8 weight images but activations for 3 units"):
        lesson.plot_top_images(images, activations[:, :3], [1], weights=weights)
    with pytest.raises(ValueError, match="has 29 rows but there are 30 images"):
        lesson.plot_top_images(images, activations[:29], [1])


def test_unit_view_is_pure_and_shows_the_chosen_unit(images_and_labels, activations, weights):
    images, labels = images_and_labels
    before = plt.get_fignums()
    fig = lesson.unit_view(1, weights, images, activations, labels, k=4)
    assert isinstance(fig, Figure) and plt.get_fignums() == before
    titles = [ax.get_title() for ax in fig.axes]
    assert "unit 1: weights" in titles
    assert [text.get_text() for text in fig.axes[-1].texts] == ["100%", "97%", "93%", "90%"]
    dead = lesson.unit_view(0, weights, images, activations, labels, k=4)
    assert any("dead" in ax.get_title() for ax in dead.axes)
    with pytest.raises(ValueError, match="8 weight images but activations for 3 units"):
        lesson.unit_view(0, weights, images, activations[:, :3], labels)


def test_unit_explorer_redraws_when_the_slider_moves(images_and_labels, activations, weights):
    images, labels = images_and_labels
    explorer = lesson.unit_explorer(weights, images, activations, labels)
    controls, picture = explorer.children
    [slider] = controls.children
    assert slider.max == 7 and slider.value == 0
    first = picture.value
    assert first[:4] == b"\x89PNG"
    slider.value = 3
    assert picture.value != first
    assert plt.get_fignums() == []


# --- layers --------------------------------------------------------------------------------------------


def test_class_heatmaps_one_panel_per_layer():
    means = np.random.default_rng(0).random((10, 6))
    fig = lesson.plot_class_heatmaps({"a": means, "b": means[:, :3]})
    assert len([ax for ax in fig.axes if ax.images]) == 2
    with pytest.raises(ValueError, match=r"expected shape \(10, units\)"):
        lesson.plot_class_heatmaps({"bad": means.T})
    with pytest.raises(ValueError, match="class_means is empty"):
        lesson.plot_class_heatmaps({})


def test_digits_per_unit_figure_draws_a_line_per_layer_untrained_dashed():
    counts = {"trained hidden_1": np.array([1, 1, 2, 3]), "untrained hidden_1": np.array([5, 10])}
    fig = lesson.plot_digits_per_unit(counts)
    trained, untrained = fig.axes[0].lines
    np.testing.assert_allclose(trained.get_ydata()[:3], [50, 25, 25])
    assert trained.get_linestyle() == "-" and untrained.get_linestyle() == "--"
    assert trained.get_color() == untrained.get_color()  # the same layer, one colour
    with pytest.raises(ValueError, match="one count from 1 to 10"):
        lesson.plot_digits_per_unit({"bad": np.array([0, 11])})


def test_firing_and_change_marks_the_dead_units():
    fig = lesson.plot_firing_and_change([0.5, 0.2, 0.9], [0.0, 0.3, 0.8], [0.1, 2.0, 2.5])
    left, right = fig.axes
    assert left.get_title().startswith("1 dead")
    colours = left.collections[0].get_facecolors()
    assert not np.allclose(colours[0], colours[1]) and np.allclose(colours[1], colours[2])
    with pytest.raises(ValueError, match="equal length"):
        lesson.plot_firing_and_change([0.5], [0.5, 0.1], [1.0])
    with pytest.raises(ValueError, match=r"must lie in \[0, 1\]"):
        lesson.plot_firing_and_change([50.0], [0.5], [1.0])


def test_projection_figure_draws_each_point_as_its_digit():
    labels = np.arange(20) % 10
    points = np.random.default_rng(0).normal(size=(20, 2))
    fig = lesson.plot_projections({"a": (points, [0.3, 0.1]), "b": (points, [0.2, 0.2])}, labels)
    assert len(fig.axes) == 2 and "40%" in fig.axes[0].get_title()
    assert len(fig.axes[0].collections) == 10
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        lesson.plot_projections({"a": (np.zeros((20, 3)), [0.1, 0.1])}, labels)
    with pytest.raises(ValueError, match="projections is empty"):
        lesson.plot_projections({}, labels)


# --- tables --------------------------------------------------------------------------------------------


def score(value, mean=None):
    spread = None if mean is None else Spread(5, mean, 0.002, mean - 0.003, mean + 0.003)
    return Measured("05", "test", value, "%", 1, spread)


def test_scores_table_puts_each_network_in_its_columns_and_pixels_in_both(capsys):
    lesson.print_scores(
        {"pixels": score(0.89, 0.888), "trained hidden_1": score(0.97, 0.969), "untrained hidden_1": score(0.87)}
    )
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["representation", "trained", "network"]
    assert lines[2].split()[:8] == ["pixels", "89.0", "%", "88.8", "±", "0.2", "%", "over"]
    assert lines[2].count("89.0 %") == 2
    assert lines[3].split()[:2] == ["hidden_1", "97.0"] and "not in the seed study yet" in lines[3]


def test_scores_table_wants_measured_scores():
    with pytest.raises(ValueError, match="lesson.measured"):
        lesson.print_scores({"pixels": 0.89})


@pytest.fixture
def penalty_study(tmp_path, monkeypatch):
    """A committed-looking probe_penalty table: penalty 0.001 is best on validation, 0 would be best of all."""
    validation = {0.0: 0.95, 0.001: 0.93, 0.01: 0.92}
    rows = [
        {"representation": name, "penalty": penalty, "seed": seed, "epochs": 10, "loss": 0.2 if penalty else 0.1,
         "val_accuracy": accuracy + seed / 500, "loss_doubled": 0.198 if penalty else 0.05,
         "val_accuracy_doubled": accuracy + seed / 500 + 0.001}
        for name in ("pixels", "trained hidden_1")
        for penalty, accuracy in validation.items()
        for seed in (0, 1)
    ]  # fmt: skip
    with (tmp_path / "probe_penalty.csv").open("w", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    monkeypatch.setattr(study, "RESULTS_DIR", tmp_path)


def test_the_penalty_is_chosen_on_validation_among_the_positive_ones(penalty_study):
    assert lesson.chosen_penalty() == 0.001


def test_the_penalty_table_gives_validation_accuracy_and_convergence(penalty_study, capsys):
    lesson.print_penalty_table()
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("validation accuracy after 10 epochs, mean over 2 seeds")
    assert lines[1].split() == ["representation", "penalty", "0", "penalty", "0.001", "penalty", "0.01"]
    assert lines[3].split() == ["pixels", "95.1", "%", "93.1", "%", "92.1", "%"]
    assert lines[-2].startswith("chosen: penalty 0.001") and "at most 0.1 points" in lines[-2]
    assert "still falling (50 % lower" in lines[-1]


def test_a_missing_penalty_study_says_how_to_make_it(tmp_path, monkeypatch):
    monkeypatch.setattr(study, "RESULTS_DIR", tmp_path)
    with pytest.raises(FileNotFoundError, match="python -m benchmarks.seeds"):
        lesson.chosen_penalty()


def test_the_lessons_probe_is_the_one_the_study_measured():
    """The notebook's probe and the experiment's copy train with the same settings."""
    [path] = NOTEBOOKS_DIR.glob("05_*.ipynb")
    [cell] = [c.source for c in nbformat.read(path, as_version=4).cells if "def probe_accuracy" in c.source]
    copy = inspect.getsource(experiment._probe)
    fragments = ["spread[spread == 0] = 1", "Dense(10, activation=\"softmax\"", "Adam(0.01)", "batch_size=256",
                 "steps_per_execution=24", "keras.utils.set_random_seed"]  # fmt: skip
    for fragment in fragments:
        assert fragment in cell and fragment in copy, fragment
    assert f"epochs={experiment.EPOCHS}" in cell
    assert "PENALTY = lesson.chosen_penalty()" in "\n".join(c.source for c in nbformat.read(path, as_version=4).cells)
