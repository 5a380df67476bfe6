"""Shifting digits and measuring a model against the shift (helpers.lesson07), on tiny made-up models."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from helpers.lesson07 import (
    accuracy_vs_shift,
    check_digit_model,
    find_shift_misreads,
    make_shift_explorer,
    mean_curve,
    model_input,
    plot_accuracy_vs_shift,
    plot_shift_comparison,
    predict_digits,
    scales_its_input,
    shift_images,
    shifted_predictions_figure,
    show_shift_misreads,
    show_shift_strip,
)
from helpers.tf_quiet import keras


def dot_images() -> tuple[np.ndarray, np.ndarray]:
    """Ten 'digits': class k is a single ink pixel at row and column 2 + 2k."""
    images = np.zeros((10, 28, 28), dtype=np.float32)
    for k in range(10):
        images[k, 2 + 2 * k, 2 + 2 * k] = 1.0
    return images, np.arange(10)


def template_model(images: np.ndarray) -> keras.Sequential:
    """A 'trained' model that matches each image against the ten dot templates.

    In place, each dot hits its own template; moved by any number of pixels
    straight right, left, up or down it hits none, every output ties and
    argmax answers 0, so only class 0 stays right.
    """
    model = keras.Sequential(
        [keras.Input(shape=(28, 28)), keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")]
    )
    model.layers[-1].set_weights([images.reshape(10, 784).T * 10, np.zeros(10, dtype=np.float32)])
    return model


@pytest.fixture(scope="module")
def dots():
    images, labels = dot_images()
    return images, labels, template_model(images)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


# --- shift_images ---------------------------------------------------------------


def test_shift_moves_ink_right_and_down():
    image = np.zeros((28, 28), dtype=np.float32)
    image[10, 12] = 1.0
    moved = shift_images(image, dx=3, dy=-2)
    assert moved.shape == (1, 28, 28) and moved.dtype == np.float32
    assert moved[0, 8, 15] == 1.0 and moved.sum() == 1.0


def test_shift_fills_with_zeros_and_never_wraps_around():
    images = np.ones((2, 28, 28), dtype=np.uint8)
    moved = shift_images(images, dx=2)
    assert (moved[:, :, :2] == 0).all() and (moved[:, :, 2:] == 1).all()
    edge = np.zeros((1, 28, 28))
    edge[0, 5, 27] = 1.0
    assert shift_images(edge, dx=1).sum() == 0  # pushed off the right edge, not onto the left one
    assert shift_images(edge, dy=-6).sum() == 0


def test_shift_by_zero_is_an_unchanged_copy():
    images, _ = dot_images()
    moved = shift_images(images)
    assert np.array_equal(moved, images) and moved is not images


def test_shift_leaves_its_input_alone():
    images, _ = dot_images()
    before = images.copy()
    shift_images(images, dx=-4, dy=4)
    assert np.array_equal(images, before)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"dx": 1.5}, TypeError, "whole number"),
        ({"dy": True}, TypeError, "whole number"),
        ({"dx": 28}, ValueError, "off the 28-pixel image"),
        ({"dy": -30}, ValueError, "off the 28-pixel image"),
    ],
)
def test_shift_rejects_impossible_shifts(kwargs, error, message):
    with pytest.raises(error, match=message):
        shift_images(np.zeros((1, 28, 28)), **kwargs)


def test_shift_rejects_wrong_shapes_empty_batches_and_nans():
    with pytest.raises(ValueError, match="shape"):
        shift_images(np.zeros((2, 27, 28)))
    with pytest.raises(ValueError, match="empty"):
        shift_images(np.zeros((0, 28, 28)))
    with pytest.raises(ValueError, match="NaN"):
        shift_images(np.full((1, 28, 28), np.nan))


# --- models -----------------------------------------------------------------------


def test_check_digit_model_names_what_is_wrong():
    check_digit_model(template_model(dot_images()[0]))  # a good model passes
    with pytest.raises(TypeError, match="Keras model"):
        check_digit_model("model")
    flat_input = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(10)])
    with pytest.raises(ValueError, match=r"shape \(28, 28\)"):
        check_digit_model(flat_input)
    five_classes = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(), keras.layers.Dense(5)])
    with pytest.raises(ValueError, match="10 class probabilities"):
        check_digit_model(five_classes)
    with pytest.raises(ValueError, match="keras.Input"):
        check_digit_model(keras.Sequential([keras.layers.Dense(10)]))


def test_predict_digits_feeds_each_model_the_pixel_scale_it_expects(dots):
    images, _, model = dots
    raw = (images * 255).astype(np.uint8)
    assert list(predict_digits(model, images)) == list(range(10))
    assert list(predict_digits(model, raw)) == list(range(10))  # scaled for the model
    scaling = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Rescaling(1 / 255), *model.layers])
    assert scales_its_input(scaling) and not scales_its_input(model)
    assert list(predict_digits(scaling, raw)) == list(range(10))
    assert list(predict_digits(scaling, images)) == list(range(10))  # scaled back up for the model
    np.testing.assert_array_equal(model_input(scaling, raw), raw.astype(np.float32))


def test_predict_digits_refuses_impossible_pixels(dots):
    images, _, model = dots
    with pytest.raises(ValueError, match="pixel values must lie in"):
        predict_digits(model, images * 300)
    with pytest.raises(ValueError, match="NaN"):
        predict_digits(model, np.full((1, 28, 28), np.nan))


# --- accuracy against the shift ---------------------------------------------------


def test_accuracy_vs_shift_on_the_dot_model(dots):
    images, labels, model = dots
    curves = accuracy_vs_shift(model, images, labels, max_shift=3)
    assert list(curves) == ["right", "left", "down", "up"]
    for values in curves.values():
        np.testing.assert_allclose(values, [1.0, 0.1, 0.1, 0.1])
    np.testing.assert_allclose(mean_curve(curves), [1.0, 0.1, 0.1, 0.1])


def test_accuracy_vs_shift_refuses_an_untrained_model(dots):
    images, labels, _ = dots
    blank = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(),
                              keras.layers.Dense(10, activation="softmax", kernel_initializer="zeros")])  # fmt: skip
    with pytest.raises(ValueError, match="is it trained"):
        accuracy_vs_shift(blank, images, labels)


def test_accuracy_vs_shift_checks_its_arguments(dots):
    images, labels, model = dots
    with pytest.raises(ValueError, match="max_shift"):
        accuracy_vs_shift(model, images, labels, max_shift=0)
    with pytest.raises(ValueError, match="directions"):
        accuracy_vs_shift(model, images, labels, directions=["sideways"])
    with pytest.raises(ValueError, match="0-9"):
        accuracy_vs_shift(model, images, labels + 5)
    with pytest.raises(ValueError, match="9 entries but there are 10 images"):
        accuracy_vs_shift(model, images, labels[:9])


def test_mean_curve_needs_equal_lengths():
    with pytest.raises(ValueError, match="same number of shifts"):
        mean_curve({"right": [1, 0.5], "left": [1, 0.5, 0.2]})
    with pytest.raises(ValueError, match="no accuracy curves"):
        mean_curve({})


def test_plot_accuracy_vs_shift_draws_each_direction_and_the_mean():
    curves = {"right": [0.98, 0.9, 0.5], "left": [0.98, 0.92, 0.6]}
    fig = plot_accuracy_vs_shift(curves)
    ax = fig.axes[0]
    assert [line.get_label() for line in ax.lines] == ["right", "left", "mean of the directions"]
    np.testing.assert_allclose(ax.lines[-1].get_ydata(), [98, 91, 55])


def test_plot_shift_comparison_draws_one_mean_per_model():
    fig = plot_shift_comparison({"DNN": {"right": [0.97, 0.3]}, "CNN": {"right": [0.98, 0.8]}})
    ax = fig.axes[0]
    assert len(ax.lines) == 2 and ax.lines[1].get_label().startswith("CNN")
    np.testing.assert_allclose(ax.lines[1].get_ydata(), [98, 80])
    with pytest.raises(ValueError, match="no models"):
        plot_shift_comparison({})


# --- misread digits -----------------------------------------------------------------


def test_find_shift_misreads_picks_digits_read_right_only_in_place(dots):
    images, labels, model = dots
    assert list(find_shift_misreads(model, images, labels, dx=2, dy=0)) == list(range(1, 9))
    assert list(find_shift_misreads(model, images, labels, dx=2, dy=0, n=3)) == [1, 2, 3]


def test_show_shift_misreads_draws_two_rows(dots):
    images, labels, model = dots
    fig = show_shift_misreads(model, images, labels, dx=0, dy=3, n=4)
    assert len(fig.axes) == 8
    assert fig.axes[0].get_title() == "1 → 1" and fig.axes[4].get_title() == "1 → 0"


def test_show_shift_misreads_says_when_there_is_nothing_to_show(dots):
    images, labels, model = dots
    with pytest.raises(ValueError, match="misreads none"):
        show_shift_misreads(model, images[:1], labels[:1], dx=2, dy=0)


# --- the widget -------------------------------------------------------------------------


def test_shifted_predictions_figure_is_pure(dots):
    images, labels, model = dots
    before = plt.get_fignums()
    fig = shifted_predictions_figure({"dots": model}, images[:4], labels[:4], dx=0, dy=0)
    assert isinstance(fig, Figure) and plt.get_fignums() == before
    assert "read correctly by dots 4/4" in fig._suptitle.get_text()
    moved = shifted_predictions_figure({"dots": model}, images[:4], labels[:4], dx=1, dy=0)
    assert "dots 1/4" in moved._suptitle.get_text()


def test_shift_explorer_slider_changes_the_picture(dots):
    images, labels, model = dots
    explorer = make_shift_explorer({"dots": model}, images[:4], labels[:4])
    dx_slider, dy_slider = explorer.children[:2]
    assert (dx_slider.min, dx_slider.max, dx_slider.value) == (-4, 4, 0)
    assert "dx=0, dy=0" in explorer.result._suptitle.get_text()
    dy_slider.value = -2
    assert "dx=0, dy=-2" in explorer.result._suptitle.get_text()
    assert "dots 1/4" in explorer.result._suptitle.get_text()


def test_shift_explorer_checks_the_models(dots):
    images, labels, _ = dots
    with pytest.raises(TypeError, match="Keras model"):
        make_shift_explorer({"dots": None}, images, labels)


# --- the reference model, quietly ------------------------------------------------------


def test_show_shift_strip_moves_one_digit_step_by_step(dots):
    images, labels, model = dots
    fig = show_shift_strip(model, images[3], labels[3], direction="down", max_shift=2)
    assert [ax.get_title() for ax in fig.axes] == ["3 → 3", "3 → 0", "3 → 0"]
    assert [ax.get_xlabel() for ax in fig.axes] == ["0 px", "1 px", "2 px"]
    np.testing.assert_array_equal(fig.axes[2].images[0].get_array(), shift_images(images[3], dy=2)[0])


def test_show_shift_strip_checks_its_arguments(dots):
    images, labels, model = dots
    with pytest.raises(ValueError, match="one image"):
        show_shift_strip(model, images[:2], 0)
    with pytest.raises(ValueError, match="direction"):
        show_shift_strip(model, images[0], 0, direction="diagonal")
    with pytest.raises(ValueError, match="0-9"):
        show_shift_strip(model, images[0], 12)
