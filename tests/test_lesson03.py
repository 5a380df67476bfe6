"""Lesson 03's pictures of each layer, the activation trace and its explorer, on tiny models and random images."""

import numpy as np
import pytest

from helpers import lesson03 as lesson
from helpers.tf_quiet import keras


def tiny_digit_model(rescaling: bool = False) -> keras.Sequential:
    """28 x 28 -> [Rescaling] -> Flatten -> Dense(8, ReLU) -> Dense(10, softmax), untrained but seeded."""
    keras.utils.set_random_seed(0)
    return keras.Sequential(
        [keras.Input(shape=(28, 28))]
        + ([keras.layers.Rescaling(1 / 255, name="scale")] if rescaling else [])
        + [
            keras.layers.Flatten(name="flatten"),
            keras.layers.Dense(8, activation="relu", name="hidden"),
            keras.layers.Dense(10, activation="softmax", name="output"),
        ]
    )


def digit_images(n: int = 3) -> np.ndarray:
    return np.random.default_rng(0).uniform(0, 1, size=(n, 28, 28)).astype(np.float32)


def series_network() -> keras.Sequential:
    keras.utils.set_random_seed(0)
    return keras.Sequential(
        [
            keras.Input(shape=(28, 28)),
            keras.layers.Flatten(),
            keras.layers.Dense(128, activation="relu"),
            keras.layers.Dense(64, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )


# ---------------------------------------------------------------- figures


def test_network_diagram_shows_shapes_and_parameter_counts():
    fig = lesson.plot_network_layers(series_network())
    texts = [t.get_text() for t in fig.axes[0].texts]
    for expected in ("28 × 28", "784", "Dense(128, relu)", "100,480 params", "8,256 params", "650 params"):
        assert expected in texts
    assert "109,386 parameters" in fig.axes[0].get_title()
    with pytest.raises(ValueError, match="keras.Input"):
        lesson.plot_network_layers(keras.Sequential([keras.layers.Dense(2)]))


def test_flatten_figure_shows_the_same_numbers_in_one_row():
    image = digit_images(1)[0]
    fig = lesson.plot_flatten(image)
    strip = np.asarray(fig.axes[1].images[0].get_array())
    assert strip.shape == (1, 784)
    np.testing.assert_array_equal(strip[0], image.reshape(784))
    with pytest.raises(ValueError, match="pass one image"):
        lesson.plot_flatten(digit_images(2))


def test_relu_figure_counts_the_units_switched_off_and_says_which_network():
    fig = lesson.plot_relu(np.array([-2.0, -1.0, 0.5, 3.0]), network="the untrained network")
    assert fig.axes[1].get_title() == "one digit in the untrained network:\nReLU switches off 2 of 4 units"
    x, y = fig.axes[0].lines[0].get_data()
    np.testing.assert_array_equal(y, np.maximum(0, x))
    assert len(lesson.plot_relu().axes) == 1
    with pytest.raises(ValueError, match="finite"):
        lesson.plot_relu(np.array([np.nan, 1.0]))


def test_probability_bars_mark_the_prediction():
    peaked = np.full(10, 0.02)
    peaked[3] = 0.82
    fig = lesson.plot_probabilities({"before": np.full(10, 0.1), "after": peaked}, true_label=3)
    assert fig.axes[1].get_title() == "after\nprediction 3 (p = 0.82)"
    assert fig._suptitle.get_text() == "the image shows a 3"
    np.testing.assert_allclose([bar.get_height() for bar in fig.axes[1].patches], peaked)


@pytest.mark.parametrize(
    ("values", "message"),
    [(np.full(9, 1 / 9), "shape"), (np.full(10, 0.2), "sum to 1"), (np.full(10, np.nan), "NaN")],
)
def test_probability_bars_refuse_non_probabilities(values, message):
    with pytest.raises(ValueError, match=message):
        lesson.plot_probabilities({"bad": values})


def test_activation_trace_draws_flatten_as_a_row_and_hidden_units_as_a_layout():
    model = tiny_digit_model()
    image = digit_images(1)
    activations = [
        np.asarray(a)[0] for a in keras.Model(model.inputs[0], [layer.output for layer in model.layers])(image)
    ]
    fig = lesson.plot_activation_trace(image[0], activations, model.layers, label=4)
    input_ax, flatten_ax, hidden_ax, output_ax = fig.axes
    assert input_ax.get_title() == "input\n28 × 28 (a 4)"
    assert np.asarray(flatten_ax.images[0].get_array()).shape == (1, 784)
    assert flatten_ax.get_title().startswith("flatten\n784 values in one row")
    assert hidden_ax.get_title().startswith("hidden\n8 units")
    assert "positions mean nothing" in " ".join(t.get_text() for t in hidden_ax.texts)
    assert output_ax.get_title().startswith("output\nprediction")
    with pytest.raises(ValueError, match="one activation array per layer"):
        lesson.plot_activation_trace(image[0], activations, model.layers[:2])


def test_model_trace_uses_the_chosen_image_and_the_model_s_pixel_scale():
    images, labels = digit_images(3), np.array([4, 7, 1])
    fig = lesson.plot_model_trace(tiny_digit_model(), images, labels, 1)
    assert fig.axes[0].get_title().endswith("(a 7)")
    np.testing.assert_array_equal(fig.axes[0].images[0].get_array(), images[1])
    raw = (images * 255).astype(np.uint8)
    with pytest.raises(ValueError, match="divide by 255"):
        lesson.plot_model_trace(tiny_digit_model(), raw, labels, 0)
    assert len(lesson.plot_model_trace(tiny_digit_model(rescaling=True), raw, labels, 0).axes) == 5
    with pytest.raises(ValueError, match="pass the raw uint8 pixels"):
        lesson.plot_model_trace(tiny_digit_model(rescaling=True), images, labels, 0)
    with pytest.raises(ValueError, match="index must lie in 0-2"):
        lesson.plot_model_trace(tiny_digit_model(), images, labels, 3)


def test_trace_explorer_slider_changes_the_picture():
    explorer = lesson.trace_explorer(tiny_digit_model(), digit_images(3), np.array([4, 7, 1]))
    [slider] = explorer.children[0].children
    picture = explorer.children[1]
    assert slider.max == 2
    first = picture.value
    slider.value = 2
    assert picture.value != first
    with pytest.raises(TypeError, match="Keras model"):
        lesson.trace_explorer("model", digit_images(3), np.array([4, 7, 1]))
