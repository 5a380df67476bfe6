"""Lesson 03's pictures of each layer, the activation trace and its widget."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers import lesson03 as layers  # noqa: E402
from helpers.reference import build_reference_model  # noqa: E402
from helpers.tf_quiet import keras  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def tiny_digit_model() -> keras.Sequential:
    """28 x 28 -> Flatten -> Dense(8, ReLU) -> Dense(10, softmax), untrained but seeded."""
    keras.utils.set_random_seed(0)
    return keras.Sequential(
        [
            keras.Input(shape=(28, 28)),
            keras.layers.Flatten(name="flatten"),
            keras.layers.Dense(8, activation="relu", name="hidden"),
            keras.layers.Dense(10, activation="softmax", name="output"),
        ]
    )


def digit_images(n: int = 3) -> np.ndarray:
    rng = np.random.default_rng(0)
    return rng.uniform(0, 1, size=(n, 28, 28)).astype(np.float32)


# ---------------------------------------------------------------- facts


def test_network_facts_of_the_reference_model():
    facts = layers.network_facts(build_reference_model())
    assert facts == layers.NetworkFacts(inputs=784, outputs=10, hidden_layers=2, parameters=109_386)


def test_layers_without_weights_are_not_hidden_layers():
    model = keras.Sequential(
        [keras.Input(shape=(4,)), keras.layers.Dense(3), keras.layers.Dropout(0.5), keras.layers.Dense(2)]
    )
    assert layers.network_facts(model).hidden_layers == 1
    one_neuron = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1)])
    assert layers.network_facts(one_neuron) == layers.NetworkFacts(1, 1, 0, 2)


def test_network_facts_refuses_what_it_cannot_count():
    with pytest.raises(TypeError, match="Keras model"):
        layers.network_facts([1, 2, 3])
    with pytest.raises(ValueError, match="no layer with weights"):
        layers.network_facts(keras.Sequential([keras.Input(shape=(2, 2)), keras.layers.Flatten()]))
    with pytest.raises(ValueError, match="keras.Input"):
        layers.network_facts(keras.Sequential([keras.layers.Dense(2)]))


# ---------------------------------------------------------------- figures


def test_network_diagram_shows_shapes_and_parameter_counts():
    fig = layers.plot_network_layers(build_reference_model())
    texts = [t.get_text() for t in fig.axes[0].texts]
    for expected in (
        "28 × 28",
        "784",
        "Dense(128, relu)",
        "100,480 params",
        "8,256 params",
        "650 params",
        "Dense(10, softmax)",
    ):
        assert expected in texts
    assert "109,386 parameters" in fig.axes[0].get_title()


def test_flatten_figure_shows_the_same_numbers_in_one_row():
    image = digit_images(1)[0]
    fig = layers.plot_flatten(image)
    strip = fig.axes[1].images[0].get_array()
    assert strip.shape == (1, 784)
    np.testing.assert_array_equal(np.asarray(strip)[0], image.reshape(784))
    with pytest.raises(ValueError, match="pass one image"):
        layers.plot_flatten(digit_images(2))


def test_relu_figure_counts_the_units_switched_off():
    fig = layers.plot_relu(np.array([-2.0, -1.0, 0.5, 3.0]))
    assert fig.axes[1].get_title() == "one digit: ReLU switches off 2 of 4 units"
    relu_line = fig.axes[0].lines[0]
    x, y = relu_line.get_data()
    np.testing.assert_array_equal(y, np.maximum(0, x))
    assert len(layers.plot_relu().axes) == 1
    with pytest.raises(ValueError, match="finite"):
        layers.plot_relu(np.array([np.nan, 1.0]))


def test_probability_bars_mark_the_prediction():
    uniform = np.full(10, 0.1)
    peaked = np.full(10, 0.02)
    peaked[3] = 0.82
    fig = layers.plot_probabilities({"before": uniform, "after": peaked}, true_label=3)
    assert fig.axes[1].get_title() == "after\nprediction 3 (p = 0.82)"
    assert fig._suptitle.get_text() == "the image shows a 3"
    heights = [bar.get_height() for bar in fig.axes[1].patches]
    np.testing.assert_allclose(heights, peaked)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (np.full(9, 1 / 9), "expected 10 probabilities"),
        (np.full(10, 0.2), "sum to 1"),
        (np.full(10, np.nan), "sum to 1"),
    ],
)
def test_probability_bars_refuse_non_probabilities(values, message):
    with pytest.raises(ValueError, match=message):
        layers.plot_probabilities({"bad": values})


def test_activation_trace_has_a_panel_per_layer():
    model = tiny_digit_model()
    image = digit_images(1)
    activations = [np.asarray(a)[0] for a in layers.layer_tracer(model)(image)]
    assert [a.shape for a in activations] == [(784,), (8,), (10,)]
    fig = layers.plot_activation_trace(image[0], activations, ["flatten", "hidden", "output"], label=4)
    assert len(fig.axes) == 4
    assert fig.axes[0].get_title() == "input\n28 × 28 (a 4)"
    assert fig.axes[2].get_title().startswith("hidden\n8 values")
    with pytest.raises(ValueError, match="one activation array per layer name"):
        layers.plot_activation_trace(image[0], activations, ["flatten", "hidden"])


def test_trace_figure_uses_the_chosen_image_and_refuses_raw_pixels():
    model = tiny_digit_model()
    images, labels = digit_images(3), np.array([4, 7, 1])
    fig = layers.activation_trace_figure(model, images, labels, 1)
    assert fig.axes[0].get_title().endswith("(a 7)")
    np.testing.assert_array_equal(fig.axes[0].images[0].get_array(), images[1])
    with pytest.raises(ValueError, match="divide by 255"):
        layers.activation_trace_figure(model, (images * 255).astype(np.uint8), labels, 0)
    with pytest.raises(ValueError, match="index must lie in 0-2"):
        layers.activation_trace_figure(model, images, labels, 3)


def test_trace_explorer_slider_changes_the_picture():
    explorer = layers.make_trace_explorer(tiny_digit_model(), digit_images(3), np.array([4, 7, 1]))
    slider = explorer.children[0]
    assert type(slider).__name__ == "IntSlider" and slider.max == 2
    assert explorer.result.axes[0].get_title().endswith("(a 4)")
    slider.value = 2
    assert explorer.result.axes[0].get_title().endswith("(a 1)")


def test_tracer_needs_a_sequential_model():
    inputs = keras.Input(shape=(2,))
    functional = keras.Model(inputs, keras.layers.Dense(1)(inputs))
    with pytest.raises(TypeError, match="Sequential"):
        layers.layer_tracer(functional)
