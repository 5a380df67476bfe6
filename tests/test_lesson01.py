"""Lesson 01's made-up data, its figures, the grid's table and explorer, and `network_facts`."""

import numpy as np
import pytest

from helpers import lesson01 as lesson
from helpers.report import Measured
from helpers.study import Spread
from helpers.tf_quiet import keras


def threshold_model(direction=(1.0, 0.0), steepness: float = 10.0) -> keras.Sequential:
    """A hand-set one-neuron classifier: P(class 1) = sigmoid(steepness * direction · point)."""
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1, activation="sigmoid")])
    model.set_weights([steepness * np.array(direction, np.float32).reshape(2, 1), np.zeros(1, np.float32)])
    return model


def hidden_model(layers: int, units: int) -> keras.Sequential:
    """An untrained 2 -> (units ReLU) x layers -> 1 sigmoid classifier."""
    return keras.Sequential(
        [keras.Input(shape=(2,))]
        + [keras.layers.Dense(units, activation="relu") for _ in range(layers)]
        + [keras.layers.Dense(1, activation="sigmoid")]
    )


POINTS = np.array([[1, 0], [2, 0], [-1, 0], [-2, 0]], np.float32)
LABELS = np.array([1, 1, 0, 0])


def small_grid() -> dict:
    """A grid of hand-set and untrained models, keyed like the lesson's: (hidden layers, units)."""
    return {
        (0, 0): threshold_model(),
        (1, 2): hidden_model(1, 2),
        (1, 4): hidden_model(1, 4),
        (2, 2): hidden_model(2, 2),
    }


def measured(value: float, spread: Spread | None = None) -> Measured:
    return Measured("01", "a test measure", value, "%", 1, spread)


# ---------------------------------------------------------------- data


def test_study_data_follows_its_rule():
    hours, scores = lesson.make_study_data(n=2000, seed=3)
    assert hours.shape == (2000, 1) and scores.shape == (2000,)
    assert hours.dtype == scores.dtype == np.float32
    assert hours.min() >= 0 and hours.max() <= 10 and scores.min() >= 0 and scores.max() <= 100
    slope, intercept = np.polyfit(hours[:, 0], scores, 1)
    assert slope == pytest.approx(lesson.STUDY_SLOPE, abs=0.2)
    assert intercept == pytest.approx(lesson.STUDY_INTERCEPT, abs=1.0)


def test_data_is_reproducible_and_seed_dependent():
    first, again, other = lesson.make_spirals(seed=5), lesson.make_spirals(seed=5), lesson.make_spirals(seed=6)
    np.testing.assert_array_equal(first[0], again[0])
    assert not np.array_equal(first[0], other[0])


def test_spirals_have_two_classes_in_the_unit_square():
    points, labels = lesson.make_spirals(n=500, noise=0.0)
    assert points.shape == (500, 2) and points.dtype == np.float32 and labels.dtype == np.int64
    assert set(np.unique(labels)) == {0, 1}
    assert np.all(np.abs(points) <= 1.0 + 1e-6)


def test_circles_put_class_0_inside_the_ring():
    points, labels = lesson.make_circles(n=400, noise=0.0)
    radius = np.hypot(points[:, 0], points[:, 1])
    assert radius[labels == 0].max() <= 0.5 + 1e-6
    assert radius[labels == 1].min() >= 0.8 - 1e-6 and radius[labels == 1].max() <= 1.2 + 1e-6


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: lesson.make_spirals(n=1), "at least 2"),
        (lambda: lesson.make_spirals(n=2.5), "whole number"),
        (lambda: lesson.make_spirals(noise=-0.1), "noise"),
        (lambda: lesson.make_spirals(turns=0), "turns must be positive"),
        (lambda: lesson.make_circles(noise=float("nan")), "noise"),
        (lambda: lesson.make_study_data(n=0), "at least 2"),
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
        lesson.plot_points(points, labels)


# ---------------------------------------------------------------- the line and gradient descent


def test_line_fit_draws_the_given_line():
    hours, scores = lesson.make_study_data(n=20)
    fig = lesson.plot_line_fit(hours, scores, slope=2.0, intercept=5.0)
    line = fig.axes[0].lines[0]
    x, y = line.get_data()
    np.testing.assert_allclose(y, 2.0 * np.asarray(x) + 5.0)
    assert "2.00 × hours + 5.00" in line.get_label()


def test_line_fit_refuses_mismatched_data():
    with pytest.raises(ValueError, match="same number"):
        lesson.plot_line_fit(np.zeros(3), np.zeros(4), 1.0, 0.0)
    with pytest.raises(ValueError, match="finite"):
        lesson.plot_line_fit(np.zeros(3), np.zeros(3), float("nan"), 0.0)


def test_descent_paths_start_at_the_start_and_mark_the_best_line():
    hours, scores = lesson.make_study_data(n=50)
    runs = {"slow": {"weight": [1.0, 2.0], "bias": [0.5, 1.0]}, "fast": {"weight": [5.0], "bias": [20.0]}}
    fig = lesson.plot_descent_paths(hours, scores, runs)
    ax = fig.axes[0]
    lines = {line.get_label(): line for line in ax.lines}
    np.testing.assert_allclose(lines["slow"].get_xdata(), [0.0, 1.0, 2.0])
    np.testing.assert_allclose(lines["fast"].get_ydata(), [0.0, 20.0])
    best = lines["best line (least squares)"]
    np.testing.assert_allclose([best.get_xdata()[0], best.get_ydata()[0]], np.polyfit(hours[:, 0], scores, 1))
    low, high = ax.get_ylim()
    assert low < 0 < high and low < best.get_ydata()[0] < high  # the start and the goal are both in view


@pytest.mark.parametrize(
    ("histories", "message"),
    [
        ({}, "non-empty dict"),
        ({"run": {"loss": [1.0]}}, '"weight" and "bias"'),
        ({"run": {"weight": [1.0, 2.0], "bias": [1.0]}}, "2 weights but 1 biases"),
    ],
)
def test_descent_paths_need_weights_and_biases(histories, message):
    hours, scores = lesson.make_study_data(n=10)
    with pytest.raises(ValueError, match=message):
        lesson.plot_descent_paths(hours, scores, histories)


# ---------------------------------------------------------------- boundaries


def test_classifier_accuracy_counts_threshold_hits():
    assert lesson.classifier_accuracy(threshold_model(), POINTS, LABELS) == 1.0
    assert lesson.classifier_accuracy(threshold_model(), POINTS, [1, 0, 0, 0]) == 0.75


def test_models_of_the_wrong_shape_are_refused():
    three_inputs = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1)])
    with pytest.raises(ValueError, match=r"inputs of shape \(2,\)"):
        lesson.classifier_accuracy(three_inputs, POINTS, LABELS)
    with pytest.raises(TypeError, match="Keras model"):
        lesson.classifier_accuracy("not a model", POINTS, LABELS)


def test_decision_boundaries_are_titled_with_name_and_accuracy():
    points, labels = np.array([[1, 0], [-1, 0]], np.float32), [1, 0]
    models = {"right": threshold_model(), "wrong": threshold_model((-1, 0))}
    fig = lesson.plot_decision_boundaries(models, points, labels)
    assert [ax.get_title() for ax in fig.axes] == ["right\naccuracy 100.0 %", "wrong\naccuracy 0.0 %"]
    with pytest.raises(ValueError, match="non-empty dict"):
        lesson.plot_decision_boundaries({}, points, labels)


# ---------------------------------------------------------------- the grid


def test_boundary_grid_has_a_panel_per_depth_and_width_and_leaves_gaps_empty():
    fig = lesson.plot_boundary_grid(small_grid(), POINTS, LABELS)
    titles = [ax.get_title() if ax.axison else None for ax in fig.axes]
    assert len(titles) == 4  # depths 1-2 x widths 2, 4; the setting without hidden layers is left out
    assert titles[0].startswith("1 × 2: ") and titles[0].endswith("\n9 parameters")
    assert titles[2].startswith("2 × 2: ") and titles[3] is None  # 2 x 4 was not trained


def test_grid_setting_view_is_a_pure_function_of_the_setting():
    grid = small_grid()
    assert lesson.plot_grid_setting(grid, POINTS, LABELS, 1, 4).axes[0].get_title().startswith("1 × 4: ")
    no_hidden = lesson.plot_grid_setting(grid, POINTS, LABELS, 0, 4).axes[0].get_title()
    assert no_hidden == "no hidden layer: 100.0 %\n3 parameters"  # units do not matter without hidden layers
    missing = lesson.plot_grid_setting(grid, POINTS, LABELS, 2, 4).axes[0]
    assert "was not trained" in missing.texts[0].get_text()


def test_explorer_redraws_when_a_control_moves():
    widget = lesson.boundary_explorer(small_grid(), POINTS, LABELS)
    layers, units = widget.children[0].children
    picture = widget.children[1]
    assert (layers.min, layers.max, layers.value) == (0, 2, 1) and list(units.options) == [2, 4]
    first = picture.value
    units.value = 4
    assert picture.value != first
    layers.value = 0
    assert picture.value


@pytest.mark.parametrize(
    ("models", "message"),
    [
        ({}, "non-empty dict"),
        ({"2x8": threshold_model()}, "pair"),
        ({(1, 2): keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1)])}, r"inputs of shape \(2,\)"),
    ],
)
def test_grid_helpers_refuse_a_malformed_grid(models, message):
    with pytest.raises(ValueError, match=message):
        lesson.plot_boundary_grid(models, POINTS, LABELS)


def test_grid_table_shows_this_run_next_to_the_spread(capsys):
    grid = {(0, 0): threshold_model(), (1, 2): hidden_model(1, 2)}
    spread = Spread(seeds=5, mean=0.9, sd=0.05, low=0.8, high=0.95)
    lesson.print_grid_table(grid, {(0, 0): measured(0.5), (1, 2): measured(0.875, spread)})
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:2] == ["hidden", "layers"]
    assert " ".join(lines[2].split()) == "no hidden layer 3 50.0 % not in the seed study yet"
    assert " ".join(lines[3].split()) == "1 × 2 9 87.5 % 90.0 ± 5.0 % over 5 seeds"


def test_grid_table_needs_a_measured_accuracy_for_every_model():
    grid = {(0, 0): threshold_model(), (1, 2): hidden_model(1, 2)}
    with pytest.raises(ValueError, match="one lesson.measured"):
        lesson.print_grid_table(grid, {(0, 0): measured(0.5)})
    with pytest.raises(TypeError, match="lesson.measured"):
        lesson.plot_grid_spread(grid, {(0, 0): measured(0.5), (1, 2): 0.9})


def test_grid_spread_draws_every_seed_of_the_study_and_this_run(monkeypatch):
    rows = [{"lesson": "01", "measure": "a test measure", "values": "0.5 0.7 0.9"}]
    monkeypatch.setattr(lesson.study, "read_table", lambda name: rows)
    grid = {(0, 0): threshold_model(), (1, 2): hidden_model(1, 2)}
    other = Measured("01", "not in the study", 0.6, "%", 1, None)
    fig = lesson.plot_grid_spread(grid, {(0, 0): measured(0.8), (1, 2): other})
    ax = fig.axes[0]
    seeds, this_run_0, this_run_1 = (collection.get_offsets() for collection in ax.collections)
    np.testing.assert_allclose(seeds[:, 0], [50, 70, 90])  # the study's three seeds, in percent, on row 0
    assert this_run_0.tolist() == [[80.0, 0.0]] and this_run_1.tolist() == [[60.0, 1.0]]  # row 1: this run only
    np.testing.assert_allclose(ax.lines[0].get_xdata(), [70, 70])  # the mean
    assert [label.get_text() for label in ax.get_yticklabels()] == [
        "no hidden layer  (3 parameters)",
        "1 × 2  (9 parameters)",
    ]


def test_grid_spread_before_the_first_study_draws_this_run_only(monkeypatch):
    def missing(name):
        raise FileNotFoundError(name)

    monkeypatch.setattr(lesson.study, "read_table", missing)
    fig = lesson.plot_grid_spread({(0, 0): threshold_model()}, {(0, 0): measured(0.8)})
    assert len(fig.axes[0].collections) == 1


# ---------------------------------------------------------------- ANN or DNN


def test_network_facts_count_hidden_layers_but_not_flatten_or_dropout():
    mnist = keras.Sequential([
        keras.Input(shape=(28, 28)), keras.layers.Flatten(), keras.layers.Dense(128), keras.layers.Dropout(0.2),
        keras.layers.Dense(64), keras.layers.Dense(10),
    ])  # fmt: skip
    assert lesson.network_facts(mnist) == lesson.NetworkFacts(784, 10, 2, 109_386)
    one_neuron = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1)])
    assert lesson.network_facts(one_neuron) == lesson.NetworkFacts(1, 1, 0, 2)


def test_network_facts_refuses_what_it_cannot_count():
    with pytest.raises(TypeError, match="Keras model"):
        lesson.network_facts([1, 2, 3])
    with pytest.raises(ValueError, match="no layer with weights"):
        lesson.network_facts(keras.Sequential([keras.Input(shape=(2, 2)), keras.layers.Flatten()]))
    with pytest.raises(ValueError, match="keras.Input"):
        lesson.network_facts(keras.Sequential([keras.layers.Dense(2)]))
