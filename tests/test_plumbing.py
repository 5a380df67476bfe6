"""Setup, style, report formatting, input validation and the shared plots."""

import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers import report, style, validation  # noqa: E402
from helpers.plots import history_dict, plot_learning_curves, save_figure, show_digit_grid  # noqa: E402


def test_importing_tensorflow_through_helpers_prints_nothing_to_stderr():
    result = subprocess.run(
        [sys.executable, "-c", "from helpers import setup_notebook; setup_notebook(); import keras"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0
    assert result.stderr == ""


def test_setup_notebook_seeds_numpy_and_sets_style():
    from helpers import setup_notebook

    setup_notebook(7)
    first = np.random.rand(3)
    setup_notebook(7)
    np.testing.assert_array_equal(first, np.random.rand(3))
    assert matplotlib.rcParams["axes.spines.top"] is False


@pytest.mark.parametrize("seed", [-1, 1.5, "42"])
def test_setup_notebook_rejects_bad_seeds(seed):
    from helpers import setup_notebook

    with pytest.raises(ValueError, match="seed must be a non-negative int"):
        setup_notebook(seed)


def test_palette_is_eight_distinct_colours():
    assert len(set(style.OKABE_ITO)) == 8


def test_format_helpers():
    assert report.format_seconds(12.345) == "12.3 s"
    assert report.format_percent(0.97812) == "97.8 %"


def test_table_aligns_numbers_right_and_text_left():
    table = report.format_table([["adam", "97.8 %"], ["sgd", "9.1 %"]], ["optimizer", "accuracy"])
    assert table.splitlines() == [
        "optimizer  accuracy",
        "---------  --------",
        "adam         97.8 %",
        "sgd           9.1 %",
    ]


def test_table_rejects_ragged_rows():
    with pytest.raises(ValueError, match="has 1 cells, expected 2"):
        report.format_table([["only one"]], ["a", "b"])


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
        validation.as_image_batch(images)


def test_flat_and_single_images_are_reshaped():
    assert validation.as_image_batch(np.zeros(784)).shape == (1, 28, 28)
    assert validation.as_image_batch(np.zeros((5, 784))).shape == (5, 28, 28)


def test_raw_pixels_where_scaled_are_expected_say_divide_by_255():
    with pytest.raises(ValueError, match="divide by 255"):
        validation.require_scaled(np.full((1, 28, 28), 200, np.uint8))
    assert validation.require_scaled(np.ones((1, 28, 28))).dtype == np.float32


def test_pixels_outside_both_ranges_are_refused():
    with pytest.raises(ValueError, match=r"found -1 to 0"):
        validation.pixel_scale(np.linspace(-1, 0, 784).reshape(1, 28, 28))
    with pytest.raises(ValueError, match=r"found 0 to 300"):
        validation.pixel_scale(np.linspace(0, 300, 784).reshape(1, 28, 28))


@pytest.mark.parametrize(
    ("labels", "message"),
    [([1, 10], "0-9"), ([[1, 2]], "1-D"), ([0.5], "whole numbers"), ([1, 2, 3], "3 entries but there are 2")],
)
def test_bad_labels(labels, message):
    with pytest.raises(ValueError, match=message):
        validation.as_labels(labels, n=2 if message.startswith("3") else None)


def test_digit_grid_marks_wrong_predictions():
    fig = show_digit_grid(np.zeros((3, 28, 28), np.uint8), [1, 2, 3], predictions=[1, 5, 3], ncols=2)
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    colours = [ax.title.get_color() for ax in fig.axes if ax.get_title()]
    assert titles == ["1 → 1", "2 → 5", "3 → 3"]
    assert colours[1] != colours[0] == colours[2]
    assert len(fig.axes) == 4  # 2 x 2 grid, last cell blank
    plt.close(fig)


def test_digit_grid_refuses_label_count_mismatch():
    with pytest.raises(ValueError, match="2 entries but there are 3"):
        show_digit_grid(np.zeros((3, 28, 28)), [1, 2])


def test_learning_curves_compare_runs():
    runs = {"a": {"loss": [1.0, 0.5], "val_loss": [1.1, 0.7]}, "b": {"loss": [0.9, 0.4]}}
    fig = plot_learning_curves(runs, metrics=("loss",))
    labels = [line.get_label() for line in fig.axes[0].lines]
    assert labels == ["a: training", "a: validation", "b: training"]
    plt.close(fig)


def test_learning_curves_name_a_missing_metric():
    with pytest.raises(ValueError, match="metric 'accuracy' not recorded"):
        plot_learning_curves({"loss": [1.0]})


def test_history_dict_refuses_non_history():
    with pytest.raises(ValueError, match="Keras History"):
        history_dict(42)


def test_save_figure_is_reproducible(tmp_path):
    def draw():
        fig, ax = plt.subplots()
        ax.plot([0, 1], [1, 0])
        return fig

    first = save_figure(draw(), "line", folder=tmp_path).read_bytes()
    second = save_figure(draw(), "line", folder=tmp_path).read_bytes()
    assert first == second
    with pytest.raises(ValueError, match="plain file name"):
        save_figure(draw(), "../escape", folder=tmp_path)
    plt.close("all")
