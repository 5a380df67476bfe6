"""Reading training histories, comparing remedies and browsing a sweep (helpers.lesson06)."""

import re

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from helpers.lesson06 import (
    RunResult,
    best_epoch,
    evaluate_model,
    generalization_gap,
    make_sweep_explorer,
    measure_run,
    plot_overfitting,
    plot_sweep,
    plot_validation_curves,
    remedy_table,
    sweep_figure,
)
from helpers.tf_quiet import keras

# A run that overfits: training accuracy climbs to 1, validation peaks at epoch 3, loss lowest at epoch 3.
HISTORY = {
    "loss": [1.0, 0.5, 0.3, 0.1, 0.05],
    "accuracy": [0.70, 0.85, 0.92, 0.98, 1.00],
    "val_loss": [1.1, 0.6, 0.45, 0.5, 0.6],
    "val_accuracy": [0.68, 0.80, 0.86, 0.85, 0.84],
}


def run(name="baseline", train=1.0, val=0.9, test=0.88, val_loss=0.31, seconds=2.0, history=HISTORY) -> RunResult:
    return RunResult(name, history, train, val, test, val_loss, seconds)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


# --- reading a history -------------------------------------------------------------


def test_gap_is_training_minus_validation_per_epoch():
    np.testing.assert_allclose(generalization_gap(HISTORY), [0.02, 0.05, 0.06, 0.13, 0.16])


def test_best_epoch_counts_from_one():
    assert best_epoch(HISTORY) == 3
    assert best_epoch(HISTORY, monitor="val_accuracy") == 3
    assert best_epoch({**HISTORY, "val_loss": [0.9, 0.8, 0.7, 0.6, 0.5]}) == 5


def test_history_without_validation_says_how_to_get_it():
    with pytest.raises(ValueError, match="validation_data"):
        generalization_gap({"loss": [1.0], "accuracy": [0.5]})
    with pytest.raises(ValueError, match="Keras History"):
        best_epoch({})


def test_history_with_nan_or_no_epochs_is_refused():
    with pytest.raises(ValueError, match="diverged"):
        best_epoch({**HISTORY, "val_loss": [1.0, np.nan, 0.4, 0.5, 0.6]})
    with pytest.raises(ValueError, match="at least one epoch"):
        best_epoch({"val_loss": []})


def test_plot_overfitting_marks_the_best_epoch():
    fig = plot_overfitting(HISTORY, title="overfitting")
    left, right = fig.axes
    star = [line for line in left.lines if line.get_label().startswith("lowest validation loss")]
    assert star and star[0].get_label().endswith("(epoch 3)")
    assert list(star[0].get_xdata()) == [3] and list(star[0].get_ydata()) == [0.45]
    assert any(collection.get_label() == "gap" for collection in right.collections)


# --- measuring runs ------------------------------------------------------------------


@pytest.fixture(scope="module")
def tiny_fit():
    """A small model fitted for a few epochs on separable made-up 'digits'."""
    rng = np.random.default_rng(0)
    labels = np.arange(200) % 10
    images = rng.uniform(0, 0.05, size=(200, 28, 28)).astype(np.float32)
    images[np.arange(200), labels * 2, :] = 1.0  # class k has a line of ink in row 2k
    keras.utils.set_random_seed(0)
    model = keras.Sequential(
        [keras.Input(shape=(28, 28)), keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")]
    )
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(
        images[:100], labels[:100], validation_data=(images[100:150], labels[100:150]), epochs=5, verbose=0
    )
    return (
        model,
        history,
        (images[:100], labels[:100]),
        (images[100:150], labels[100:150]),
        (images[150:], labels[150:]),
    )


def test_measure_run_evaluates_the_final_model(tiny_fit):
    model, history, train, val, test = tiny_fit
    result = measure_run("tiny", model, history, 1.5, train, val, test)
    assert result.epochs_run == 5 and result.seconds == 1.5
    assert result.test_accuracy == pytest.approx(np.mean(model.predict(test[0], verbose=0).argmax(1) == test[1]))
    assert result.val_accuracy > 0.9
    assert result.gap == pytest.approx(result.train_accuracy - result.val_accuracy)
    probabilities = model.predict(val[0], verbose=0)
    expected_loss = -np.mean(np.log(probabilities[np.arange(len(val[1])), val[1]]))
    assert result.val_loss == pytest.approx(expected_loss, rel=1e-5)


def test_validation_loss_leaves_out_the_l2_penalty(tiny_fit):
    _, _, train, val, _ = tiny_fit
    keras.utils.set_random_seed(0)
    model = keras.Sequential(
        [
            keras.Input(shape=(28, 28)),
            keras.layers.Flatten(),
            keras.layers.Dense(10, activation="softmax", kernel_regularizer=keras.regularizers.L2(1.0)),
        ]
    )
    model.compile(loss="sparse_categorical_crossentropy")
    keras_loss = model.evaluate(*val, verbose=0)
    _, cross_entropy = evaluate_model(model, *val)
    assert keras_loss > cross_entropy + 1  # Keras adds the (large) penalty, evaluate_model does not


def test_run_summary_is_one_line_without_timing():
    assert run(train=0.999, val=0.9254).summary() == (
        "baseline: training 99.9 %, validation 92.5 % (loss 0.310), test 88.0 %, gap 7.4 points, 5 epochs"
    )


def test_measure_run_refuses_bad_inputs(tiny_fit):
    model, history, train, val, test = tiny_fit
    with pytest.raises(ValueError, match="divide by 255"):
        measure_run("raw", model, history, 1.0, (train[0] * 255, train[1]), val, test)
    with pytest.raises(TypeError, match="pair"):
        measure_run("bad", model, history, 1.0, train[0], val, test)
    with pytest.raises(ValueError, match="non-negative"):
        measure_run("time", model, history, -1.0, train, val, test)
    with pytest.raises(ValueError, match="val_accuracy"):
        measure_run("noval", model, {"loss": [1.0], "accuracy": [0.5]}, 1.0, train, val, test)


def test_evaluate_model_refuses_uncompiled_and_wrong_shaped_models(tiny_fit):
    _, _, train, _, _ = tiny_fit
    fresh = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(), keras.layers.Dense(10)])
    with pytest.raises(ValueError, match="not compiled"):
        evaluate_model(fresh, *train)
    three = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(), keras.layers.Dense(3)])
    three.compile(loss="sparse_categorical_crossentropy")
    with pytest.raises(ValueError, match="10 class probabilities"):
        evaluate_model(three, *train)
    with pytest.raises(TypeError, match="Keras model"):
        evaluate_model(None, *train)


# --- the comparison table and figure -------------------------------------------------------


def test_remedy_table_lists_every_run_with_the_gap_in_points():
    table = remedy_table([run(), run("dropout", train=0.97, val=0.93, seconds=2.5)])
    lines = table.splitlines()
    assert lines[0].split() == ["run", "train", "acc", "val", "acc", "test", "acc", "gap", "(points)", "val", "loss",
                                "epochs", "fit", "time"]  # fmt: skip
    assert lines[3].split() == ["dropout", "97.0", "%", "93.0", "%", "88.0", "%", "4.0", "0.310", "5", "2.5", "s"]


def test_remedy_table_layout_does_not_depend_on_the_times():
    def masked(seconds):
        return re.sub(r"\b\d+\.\d s\b", "<seconds> s", remedy_table([run(seconds=seconds), run("b", seconds=2.0)]))

    assert masked(9.8) == masked(12.3) == masked(123.4)


def test_remedy_table_needs_run_results():
    with pytest.raises(ValueError, match="no runs"):
        remedy_table([])
    with pytest.raises(TypeError, match="RunResult"):
        remedy_table([{"name": "x"}])


def test_validation_curves_overlay_every_run_and_mark_early_stops():
    short = {key: values[:3] for key, values in HISTORY.items()}
    fig = plot_validation_curves({"a": run("baseline"), "b": run("early stopping", history=short)})
    left, right = fig.axes
    labels = [line.get_label() for line in right.lines if not line.get_label().startswith("_")]
    assert labels == ["baseline", "early stopping"]
    assert sum(line.get_marker() == "X" for line in left.lines + right.lines) == 2
    np.testing.assert_allclose(left.lines[0].get_ydata(), [68, 80, 86, 85, 84])
    np.testing.assert_allclose(right.lines[0].get_ydata(), HISTORY["val_loss"])


def test_validation_curves_prefer_the_plain_cross_entropy():
    with_penalty = {**HISTORY, "val_loss": [5.0] * 5, "val_cross_entropy": [0.9, 0.5, 0.4, 0.45, 0.5]}
    fig = plot_validation_curves([run("L2", history=with_penalty)])
    np.testing.assert_allclose(fig.axes[1].lines[0].get_ydata(), with_penalty["val_cross_entropy"])


# --- the sweep and its widget ------------------------------------------------------------------


SWEEP = {0.5: run("0.5", train=0.97, val=0.93), 0.0: run("0.0"), 0.2: run("0.2", train=0.99, val=0.92)}


def test_plot_sweep_orders_the_knob_values():
    fig = plot_sweep(SWEEP)
    ax = fig.axes[0]
    train = next(line for line in ax.lines if line.get_label() == "training")
    assert list(train.get_xdata()) == [0.0, 0.2, 0.5]
    np.testing.assert_allclose(train.get_ydata(), [100, 99, 97])
    assert ax.get_xlabel() == "dropout rate"


def test_sweep_figure_is_pure_and_names_the_value():
    before = plt.get_fignums()
    fig = sweep_figure(SWEEP, 0.5)
    assert isinstance(fig, Figure) and plt.get_fignums() == before
    title = fig.axes[0].get_title()
    assert title.startswith("dropout rate 0.5") and "93.0 %" in title and "gap 4.0 points" in title
    assert sum(line.get_color() == "0.8" for line in fig.axes[0].lines) == 2  # the other two values in grey


def test_sweep_figure_refuses_values_outside_the_sweep():
    with pytest.raises(ValueError, match="not part of the sweep"):
        sweep_figure(SWEEP, 0.3)
    with pytest.raises(ValueError, match="non-empty"):
        sweep_figure({}, 0.3)


def test_sweep_explorer_slider_redraws_for_each_value():
    explorer = make_sweep_explorer(SWEEP)
    slider = explorer.children[0]
    assert [label for label, _ in slider.options] == ["0", "0.2", "0.5"]
    assert explorer.result.axes[0].get_title().startswith("dropout rate 0:")
    slider.value = 0.2
    assert explorer.result.axes[0].get_title().startswith("dropout rate 0.2:")
