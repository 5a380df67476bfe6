"""Lesson 01's synthetic data, decision-boundary figures and the hidden-layers widget."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers import lesson01 as toy  # noqa: E402
from helpers.tf_quiet import keras  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def threshold_model(direction=(1.0, 0.0), steepness: float = 10.0) -> keras.Sequential:
    """A hand-set one-neuron classifier: P(class 1) = sigmoid(steepness * direction · point)."""
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1, activation="sigmoid")])
    model.set_weights([steepness * np.array(direction, np.float32).reshape(2, 1), np.zeros(1, np.float32)])
    return model


def hand_results() -> dict:
    """A small grid of BoundaryResults made from hand-set models (no training)."""
    points = np.array([[-1.0, -1.0], [1.0, 1.0]], np.float32)
    results = {}
    for key, accuracy in {(0, 0): 0.5, (1, 2): 0.6, (1, 4): 0.7, (2, 2): 0.8, (2, 4): 0.9}.items():
        grid = toy.probability_grid(threshold_model(), points, resolution=20)
        results[key] = toy.BoundaryResult(key[0], key[1], parameters=10 * key[0] + key[1], accuracy=accuracy, grid=grid)
    return results


# ---------------------------------------------------------------- data


def test_study_data_follows_its_rule():
    hours, scores = toy.make_study_data(n=2000, seed=3)
    assert hours.shape == (2000, 1) and scores.shape == (2000,)
    assert hours.dtype == scores.dtype == np.float32
    assert hours.min() >= 0 and hours.max() <= 10 and scores.min() >= 0 and scores.max() <= 100
    slope, intercept = np.polyfit(hours[:, 0], scores, 1)
    assert slope == pytest.approx(toy.STUDY_SLOPE, abs=0.2)
    assert intercept == pytest.approx(toy.STUDY_INTERCEPT, abs=1.0)


def test_data_is_reproducible_and_seed_dependent():
    first, again, other = toy.make_spirals(seed=5), toy.make_spirals(seed=5), toy.make_spirals(seed=6)
    np.testing.assert_array_equal(first[0], again[0])
    assert not np.array_equal(first[0], other[0])


def test_spirals_have_two_classes_in_the_unit_square():
    points, labels = toy.make_spirals(n=500, noise=0.0)
    assert points.shape == (500, 2) and points.dtype == np.float32 and labels.dtype == np.int64
    assert set(np.unique(labels)) == {0, 1}
    assert np.all(np.abs(points) <= 1.0 + 1e-6)


def test_circles_put_class_0_inside_the_ring():
    points, labels = toy.make_circles(n=400, noise=0.0)
    radius = np.hypot(points[:, 0], points[:, 1])
    assert radius[labels == 0].max() <= 0.5 + 1e-6
    assert radius[labels == 1].min() >= 0.8 - 1e-6 and radius[labels == 1].max() <= 1.2 + 1e-6


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: toy.make_spirals(n=1), "at least 2"),
        (lambda: toy.make_spirals(n=2.5), "whole number"),
        (lambda: toy.make_spirals(noise=-0.1), "noise"),
        (lambda: toy.make_spirals(turns=0), "turns must be positive"),
        (lambda: toy.make_circles(noise=float("nan")), "noise"),
        (lambda: toy.make_study_data(n=0), "at least 2"),
    ],
)
def test_bad_generator_arguments_are_refused(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize(
    ("points", "labels", "message"),
    [
        (np.zeros((3, 3)), [0, 1, 0], r"shape \(n, 2\)"),
        (np.zeros((0, 2)), [], "empty"),
        (np.array([[0.0, np.nan], [1.0, 1.0]]), [0, 1], "finite"),
        (np.zeros((2, 2)), [0, 1, 1], r"shape \(2,\)"),
        (np.zeros((2, 2)), [0, 2], "0 or 1"),
    ],
)
def test_bad_data_sets_are_refused_with_a_reason(points, labels, message):
    with pytest.raises(ValueError, match=message):
        toy.plot_points(points, labels)


# ---------------------------------------------------------------- the line fit


def test_line_fit_draws_the_given_line():
    hours, scores = toy.make_study_data(n=20)
    fig = toy.plot_line_fit(hours, scores, slope=2.0, intercept=5.0)
    line = fig.axes[0].lines[0]
    x, y = line.get_data()
    np.testing.assert_allclose(y, 2.0 * np.asarray(x) + 5.0)
    assert "2.00 × hours + 5.00" in line.get_label()


def test_line_fit_refuses_mismatched_data():
    with pytest.raises(ValueError, match="same number"):
        toy.plot_line_fit(np.zeros(3), np.zeros(4), 1.0, 0.0)
    with pytest.raises(ValueError, match="finite"):
        toy.plot_line_fit(np.zeros(3), np.zeros(3), float("nan"), 0.0)


# ---------------------------------------------------------------- boundaries


def test_probability_grid_follows_the_model():
    grid = toy.probability_grid(threshold_model(), np.array([[-1, -1], [1, 1]], np.float32), resolution=11, margin=0)
    assert grid.probability.shape == grid.xx.shape == (11, 11)
    assert np.all(grid.probability[grid.xx > 0.05] > 0.5)
    assert np.all(grid.probability[grid.xx < -0.05] < 0.5)


def test_classifier_accuracy_counts_threshold_hits():
    points = np.array([[1, 0], [2, 0], [-1, 0], [-2, 0]], np.float32)
    assert toy.classifier_accuracy(threshold_model(), points, [1, 1, 0, 0]) == 1.0
    assert toy.classifier_accuracy(threshold_model(), points, [1, 0, 0, 0]) == 0.75


def test_models_of_the_wrong_shape_are_refused():
    three_inputs = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1)])
    with pytest.raises(ValueError, match=r"input \(None, 2\) and output \(None, 1\)"):
        toy.probability_grid(three_inputs, np.zeros((2, 2)))
    with pytest.raises(TypeError, match="Keras model"):
        toy.classifier_accuracy("not a model", np.zeros((2, 2)), [0, 1])


def test_decision_boundaries_are_titled_with_name_and_accuracy():
    points = np.array([[1, 0], [-1, 0]], np.float32)
    fig = toy.plot_decision_boundaries({"right": threshold_model(), "wrong": threshold_model((-1, 0))}, points, [1, 0])
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ["right\naccuracy 100.0 %", "wrong\naccuracy 0.0 %"]
    with pytest.raises(ValueError, match="non-empty dict"):
        toy.plot_decision_boundaries({}, points, [1, 0])


def test_build_toy_classifier_sizes():
    assert toy.build_toy_classifier(0, 8).count_params() == 3
    assert toy.build_toy_classifier(2, 4).count_params() == (2 * 4 + 4) + (4 * 4 + 4) + (4 + 1)
    with pytest.raises(ValueError, match="hidden_layers"):
        toy.build_toy_classifier(-1, 4)
    with pytest.raises(ValueError, match="units"):
        toy.build_toy_classifier(1, 0)


def test_training_a_small_grid():
    x, y = toy.make_circles(n=200, seed=0)
    x_test, y_test = toy.make_circles(n=200, seed=1)
    results = toy.train_boundary_grid(x, y, x_test, y_test, hidden_layers=(0, 1), units=(4,), epochs=2)
    assert set(results) == {(0, 0), (1, 4)}
    assert results[(0, 0)].parameters == 3 and results[(1, 4)].parameters == 17
    assert all(0 <= r.accuracy <= 1 for r in results.values())
    assert results[(1, 4)].grid.probability.shape == (150, 150)
    again = toy.train_boundary_grid(x, y, x_test, y_test, hidden_layers=(1,), units=(4,), epochs=2)
    np.testing.assert_array_equal(again[(1, 4)].grid.probability, results[(1, 4)].grid.probability)  # seeded


def test_boundary_table_has_a_row_per_depth():
    lines = toy.format_boundary_table(hand_results()).splitlines()
    assert lines[0].split() == ["hidden", "layers", "2", "units", "4", "units"]
    assert lines[2].split() == ["0", "50.0", "%", "50.0", "%"]
    assert lines[4].split() == ["2", "80.0", "%", "90.0", "%"]


def test_boundary_grid_figure_has_a_panel_per_setting_with_hidden_layers():
    points, labels = np.array([[1, 0], [-1, 0]], np.float32), [1, 0]
    fig = toy.plot_boundary_grid(hand_results(), points, labels)
    assert len(fig.axes) == 4
    assert fig.axes[3].get_title().startswith("2 × 4 units: 90.0 %")


def test_explorer_figure_is_a_pure_function_of_the_setting():
    points, labels = np.array([[1, 0], [-1, 0]], np.float32), [1, 0]
    results = hand_results()
    assert (
        toy.boundary_explorer_figure(results, points, labels, 2, 2)
        .axes[0]
        .get_title()
        .startswith("2 × 2 units: 80.0 %")
    )
    no_hidden = toy.boundary_explorer_figure(results, points, labels, 0, 4).axes[0].get_title()
    assert no_hidden.startswith("no hidden layer: 50.0 %")  # units do not matter without hidden layers
    with pytest.raises(ValueError, match="no model was trained with 3 hidden layers"):
        toy.boundary_explorer_figure(results, points, labels, 3, 2)
    with pytest.raises(ValueError, match="train_boundary_grid"):
        toy.boundary_explorer_figure({}, points, labels, 0, 0)


def test_explorer_widget_redraws_when_a_slider_moves():
    points, labels = np.array([[1, 0], [-1, 0]], np.float32), [1, 0]
    explorer = toy.make_boundary_explorer(hand_results(), points, labels)
    layers, units = explorer.children[0], explorer.children[1]
    assert type(layers).__name__ == "IntSlider" and (layers.min, layers.max) == (0, 2)
    assert list(units.options) == [2, 4]
    assert explorer.result.axes[0].get_title().startswith("1 × 2 units: 60.0 %")
    layers.value = 0
    assert explorer.result.axes[0].get_title().startswith("no hidden layer")
    layers.value = 2
    units.value = 4
    assert explorer.result.axes[0].get_title().startswith("2 × 4 units: 90.0 %")
