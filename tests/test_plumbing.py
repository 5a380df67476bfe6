"""The shared plumbing: setup and seeds, style, input checks, model utilities, figures, widgets."""

import subprocess
import sys

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import SEED, checks, models, style, widgets
from helpers.plots import plot_digit_grid, plot_learning_curves


def test_importing_tensorflow_through_helpers_prints_nothing_to_stderr():
    result = subprocess.run(
        [sys.executable, "-c", "from helpers import setup_notebook; setup_notebook(); import keras"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0
    assert result.stderr == ""


def test_setup_notebook_seeds_numpy_sets_style_and_returns_the_seed():
    from helpers import setup_notebook

    assert setup_notebook(7) == 7
    first = np.random.rand(3)
    setup_notebook(7)
    np.testing.assert_array_equal(first, np.random.rand(3))
    assert matplotlib.rcParams["axes.spines.top"] is False


def test_the_seed_comes_from_the_environment_when_set(monkeypatch):
    from helpers import setup_notebook

    assert setup_notebook() == SEED
    monkeypatch.setenv("DNN_DIGITS_SEED", "3")
    assert setup_notebook() == 3
    monkeypatch.setenv("DNN_DIGITS_SEED", "three")
    with pytest.raises(ValueError, match="DNN_DIGITS_SEED must be a whole number"):
        setup_notebook()


@pytest.mark.parametrize("seed", [-1, 1.5, "42", True])
def test_setup_notebook_rejects_bad_seeds(seed):
    from helpers import setup_notebook

    with pytest.raises(ValueError, match="seed must be a non-negative int"):
        setup_notebook(seed)


def test_palette_is_eight_distinct_colours():
    assert len(set(style.OKABE_ITO)) == 8


@pytest.mark.parametrize(
    ("images", "message"),
    [
        (np.zeros((2, 27, 28)), r"shape \(n, 28, 28\)"),
        (np.zeros((0, 28, 28)), "empty"),
        (np.full((1, 28, 28), np.nan), "NaN"),
        (np.array([["a"] * 28] * 28), "numeric"),
    ],
)
def test_bad_images_are_refused_with_a_reason(images, message):
    with pytest.raises((ValueError, TypeError), match=message):
        checks.as_image_batch(images)


def test_flat_and_single_images_are_reshaped():
    assert checks.as_image_batch(np.zeros(784)).shape == (1, 28, 28)
    assert checks.as_image_batch(np.zeros((5, 784))).shape == (5, 28, 28)


def test_the_dtype_decides_the_pixel_scale():
    assert checks.pixel_max(np.zeros((1, 28, 28), np.uint8)) == 255
    assert checks.pixel_max(np.ones((1, 28, 28), np.float32)) == 1
    with pytest.raises(ValueError, match="Divide raw pixels by 255"):
        checks.pixel_max(np.full((1, 28, 28), 200.0))
    with pytest.raises(TypeError, match="uint8 .* or float"):
        checks.pixel_max(np.zeros((1, 28, 28), np.int64))


def test_raw_pixels_where_scaled_are_expected_say_divide_by_255():
    with pytest.raises(ValueError, match="divide by 255"):
        checks.require_scaled(np.full((1, 28, 28), 200, np.uint8))
    assert checks.require_scaled(np.ones((1, 28, 28))).dtype == np.float32


@pytest.mark.parametrize(
    ("labels", "message"),
    [([1, 10], "0-9"), ([[1, 2]], "1-D"), ([0.5], "whole numbers"), ([1, 2, 3], "3 entries but there are 2")],
)
def test_bad_labels(labels, message):
    with pytest.raises(ValueError, match=message):
        checks.as_labels(labels, n=2 if message.startswith("3") else None)


def test_raw_scores_are_not_probabilities():
    with pytest.raises(ValueError, match="look like raw scores"):
        checks.as_probabilities(np.full((2, 10), 3.0))
    assert checks.as_probabilities(np.full((2, 10), 0.1)).shape == (2, 10)


def test_require_model_names_what_is_missing(digit_model):
    from helpers.tf_quiet import keras

    model = digit_model(8)
    assert models.require_model(model, input_shape=(28, 28), output_units=10) is model
    with pytest.raises(TypeError, match="must be a Keras model"):
        models.require_model("model")
    with pytest.raises(ValueError, match="no defined input"):
        models.require_model(keras.Sequential([keras.layers.Dense(3)]))
    with pytest.raises(ValueError, match=r"must take inputs of shape \(784,\)"):
        models.require_model(model, input_shape=(784,))
    with pytest.raises(ValueError, match="must output 2 numbers"):
        models.require_model(model, output_units=2)


def test_layer_outputs_model_returns_every_layer_and_matches_the_model(digit_model):
    model = digit_model(8, 4)
    images = np.random.default_rng(0).random((5, 28, 28)).astype(np.float32)
    outputs = models.predict_in_batches(models.layer_outputs_model(model), images, batch_size=2)
    assert [o.shape for o in outputs] == [(5, 784), (5, 8), (5, 4), (5, 10)]
    np.testing.assert_allclose(outputs[-1], models.predict_in_batches(model, images), atol=1e-6)
    with pytest.raises(ValueError, match="not in the model"):
        models.layer_outputs_model(model, [digit_model(3).layers[1]])


def test_history_dict_refuses_non_history():
    assert models.history_dict({"loss": [np.float32(1)]}) == {"loss": [1.0]}
    with pytest.raises(ValueError, match="Keras History"):
        models.history_dict(42)


def test_the_model_cache_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DNN_DIGITS_CACHE", str(tmp_path))
    assert models.cache_dir() == tmp_path
    monkeypatch.delenv("DNN_DIGITS_CACHE")
    assert models.cache_dir().parts[-2:] == (".cache", "dnn-digits")


def test_digit_grid_marks_wrong_predictions_and_draws_on_the_dtype_scale():
    fig = plot_digit_grid(np.zeros((3, 28, 28), np.uint8), [1, 2, 3], predictions=[1, 5, 3], ncols=2)
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    colours = [ax.title.get_color() for ax in fig.axes if ax.get_title()]
    assert titles == ["1 → 1", "2 → 5", "3 → 3"]
    assert colours[1] == style.WRONG_COLOUR != colours[0]
    assert len(fig.axes) == 4  # 2 x 2 grid, last cell blank
    assert fig.axes[0].images[0].get_clim() == (0, 255)
    fig = plot_digit_grid(np.zeros((2, 28, 28), np.float32), captions=["a", "b"])
    assert fig.axes[0].images[0].get_clim() == (0, 1) and fig.axes[1].get_title() == "b"


def test_digit_grid_refuses_mismatches():
    with pytest.raises(ValueError, match="2 entries but there are 3"):
        plot_digit_grid(np.zeros((3, 28, 28)), [1, 2])
    with pytest.raises(ValueError, match="one caption per image"):
        plot_digit_grid(np.zeros((3, 28, 28)), captions=["a"])


def test_learning_curves_compare_runs_training_solid_validation_dashed():
    runs = {"a": {"loss": [1.0, 0.5], "val_loss": [1.1, 0.7]}, "b": {"loss": [0.9, 0.4]}}
    fig = plot_learning_curves(runs, metrics=("loss",))
    lines = fig.axes[0].lines
    assert [line.get_label() for line in lines] == ["a: training", "a: validation", "b: training"]
    assert [line.get_linestyle() for line in lines] == ["-", "--", "-"]


def test_learning_curves_options_mark_best_shade_gap_and_log_loss():
    history = {
        "loss": [1.0, 0.5, 0.3],
        "val_loss": [1.1, 0.6, 0.8],
        "accuracy": [0.5, 0.8, 0.9],
        "val_accuracy": [0.4, 0.7, 0.75],
    }
    fig = plot_learning_curves(history, log_loss=True, mark_best=True, shade_gap=True)
    loss_axis, accuracy_axis = fig.axes
    assert loss_axis.get_yscale() == "log"
    assert "lowest (epoch 2)" in [line.get_label() for line in loss_axis.lines]
    assert accuracy_axis.collections and max(accuracy_axis.lines[0].get_ydata()) == 90
    fig = plot_learning_curves({"a": history, "short": {k: v[:2] for k, v in history.items()}}, splits=("validation",))
    assert "X" in [line.get_marker() for line in fig.axes[0].lines]


def test_learning_curves_refuse_what_they_cannot_draw():
    with pytest.raises(ValueError, match="metric 'accuracy' was not recorded"):
        plot_learning_curves({"loss": [1.0]})
    with pytest.raises(ValueError, match="shade_gap needs a single run"):
        plot_learning_curves({"a": {"loss": [1.0]}, "b": {"loss": [1.0]}}, metrics=("loss",), shade_gap=True)
    with pytest.raises(ValueError, match="splits must be"):
        plot_learning_curves({"loss": [1.0]}, metrics=("loss",), splits=("test",))


def test_explorer_redraws_when_a_control_moves_and_leaves_no_figure_open():
    def view(k: int, colour: str) -> plt.Figure:
        fig, ax = plt.subplots()
        ax.bar([0], [k], color=colour)
        return fig

    explorer = widgets.explorer(view, k=widgets.slider("k", 1, 5), colour=widgets.choice("colour", ["red", "blue"]))
    controls, picture = explorer.children
    first = picture.value
    controls.children[0].value = 4
    assert bytes(picture.value) != bytes(first) and bytes(picture.value).startswith(b"\x89PNG")
    controls.children[1].value = "blue"
    assert not plt.get_fignums()
    with pytest.raises(ValueError, match="at least one control"):
        widgets.explorer(view)
