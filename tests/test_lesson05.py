"""Lesson 05's plumbing: weight images, activations, separation scores and the unit explorer."""


import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from helpers import lesson05 as hidden_units  # noqa: E402
from helpers.tf_quiet import keras  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def tiny_model():
    """Untrained 784-8-4-10 network: the helpers only need its structure and weights."""
    keras.utils.set_random_seed(0)
    return keras.Sequential([
        keras.Input(shape=(28, 28)),
        keras.layers.Flatten(),
        keras.layers.Dense(8, activation="relu"),
        keras.layers.Dense(4, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])


@pytest.fixture
def images_and_labels():
    rng = np.random.default_rng(1)
    return rng.random((30, 28, 28)).astype(np.float32), np.arange(30) % 10


# --- the reference model, quietly ------------------------------------------------------------


# --- weights --------------------------------------------------------------------------------


def test_first_layer_weights_are_kernel_columns_as_images(tiny_model):
    weights = hidden_units.first_layer_weights(tiny_model)
    kernel = tiny_model.layers[1].get_weights()[0]
    assert weights.shape == (8, 28, 28)
    np.testing.assert_array_equal(weights[3], kernel[:, 3].reshape(28, 28))


def test_first_layer_weights_refuse_models_that_do_not_read_pixels():
    small = keras.Sequential([keras.Input(shape=(10,)), keras.layers.Dense(3)])
    with pytest.raises(ValueError, match="must take 784 pixels, it takes 10"):
        hidden_units.first_layer_weights(small)
    with pytest.raises(ValueError, match="no Dense layers"):
        hidden_units.first_layer_weights(keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten()]))
    with pytest.raises(TypeError, match="Keras model"):
        hidden_units.first_layer_weights(np.zeros((784, 128)))


def test_weight_mosaic_scales_each_tile_and_leaves_nan_gaps():
    weights = np.zeros((3, 28, 28))
    weights[0, 5, 5], weights[1, 0, 0], weights[2, 1, 1] = 4.0, -0.5, 0.0
    mosaic = hidden_units.weight_mosaic(weights, ncols=2, gap=2)
    assert mosaic.shape == (58, 58)
    assert mosaic[5, 5] == 1.0 and mosaic[0, 30] == -1.0  # each tile scaled by its own max |weight|
    assert np.isnan(mosaic[0, 28]) and np.isnan(mosaic[30, 30])  # gap and missing fourth tile
    with pytest.raises(ValueError, match=r"shape \(units, 28, 28\)"):
        hidden_units.weight_mosaic(np.zeros((3, 784)))


def test_weight_figure_uses_a_diverging_map_centred_at_zero(tiny_model):
    fig = hidden_units.plot_first_layer_weights(hidden_units.first_layer_weights(tiny_model), ncols=4)
    image = fig.axes[0].images[0]
    assert image.get_clim() == (-1, 1)
    assert image.get_cmap().name.startswith("RdBu_r")


# --- activations ----------------------------------------------------------------------------


def test_activation_model_returns_every_dense_layer(tiny_model, images_and_labels):
    images, _ = images_and_labels
    outputs = hidden_units.activation_model(tiny_model).predict(images, verbose=0)
    assert [o.shape for o in outputs] == [(30, 8), (30, 4), (30, 10)]
    assert (outputs[0] >= 0).all()  # ReLU
    np.testing.assert_allclose(outputs[2], tiny_model.predict(images, verbose=0), atol=1e-6)


def test_activation_model_needs_a_defined_input():
    no_input = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(4)])
    with pytest.raises(ValueError, match=r"keras.Input\(shape=\(28, 28\)\)"):
        hidden_units.activation_model(no_input)


@pytest.mark.parametrize(("activations", "message"), [
    (np.zeros(5), r"shape \(images, units\)"),
    (np.zeros((0, 3)), "empty"),
    (np.full((2, 2), np.nan), "NaN"),
    (np.array([["a", "b"]]), "numbers"),
])
def test_activations_are_validated(activations, message):
    with pytest.raises((ValueError, TypeError), match=message):
        hidden_units.as_activations(activations)


def test_top_activating_is_strongest_first_with_stable_ties():
    activations = np.array([[0.0, 1.0], [3.0, 1.0], [2.0, 5.0], [3.0, 0.0]])
    np.testing.assert_array_equal(hidden_units.top_activating(activations, 0, k=3), [1, 3, 2])
    np.testing.assert_array_equal(hidden_units.top_activating(activations, 1, k=2), [2, 0])
    with pytest.raises(ValueError, match="from 0 to 1"):
        hidden_units.top_activating(activations, 2)
    with pytest.raises(ValueError, match="at least 1"):
        hidden_units.top_activating(activations, 0, k=0)


def test_mean_activation_per_class():
    labels = np.arange(20) % 10
    activations = np.stack([labels, 2 * labels], axis=1).astype(np.float32)
    means = hidden_units.mean_activation_per_class(activations, labels)
    assert means.shape == (10, 2)
    np.testing.assert_allclose(means[:, 1], 2 * np.arange(10))
    with pytest.raises(ValueError, match=r"none for \[9\]"):
        hidden_units.mean_activation_per_class(activations[:9], labels[:9])


def test_dead_units_and_digits_per_unit():
    activations = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 2.0]])
    np.testing.assert_array_equal(hidden_units.dead_units(activations), [0])
    means = np.zeros((10, 3))
    means[:, 1] = 1.0  # unit 1 answers to every digit
    means[4, 2], means[9, 2], means[0, 2] = 1.0, 0.6, 0.4  # unit 2: digits 4 and 9 reach half its peak
    np.testing.assert_array_equal(hidden_units.digits_per_unit(means), [10, 2])  # unit 0 is dead: left out
    with pytest.raises(ValueError, match=r"shape \(10, units\)"):
        hidden_units.digits_per_unit(np.zeros((3, 10)))


def test_unit_statistics_table(capsys):
    labels = np.repeat(np.arange(10), 3)
    selective = (labels[:, None] == np.arange(10)).astype(np.float32)  # unit d fires only for digit d
    stats = hidden_units.print_unit_statistics({"one per digit": selective}, labels, k=3)
    assert stats == {"one per digit": {"units": 10, "dead": 0, "digits_per_unit": 1.0, "digits_in_top": 1.0}}
    assert capsys.readouterr().out.splitlines()[2].split() == ["one", "per", "digit", "10", "0", "1.0", "1.0"]


def test_best_patch_share():
    images = np.zeros((2, 28, 28))
    images[0, 10, 10] = 3.0  # all its energy in one pixel
    images[1] = 1.0  # spread evenly
    np.testing.assert_allclose(hidden_units.best_patch_share(images, size=7), [1.0, 49 / 784])
    with pytest.raises(ValueError, match="all zeros"):
        hidden_units.best_patch_share(np.zeros((1, 28, 28)))


# --- PCA and separation -------------------------------------------------------------------


def test_pca_finds_the_direction_of_largest_spread():
    rng = np.random.default_rng(0)
    points = np.zeros((500, 3))
    points[:, 1] = rng.normal(scale=10, size=500)
    points[:, 2] = rng.normal(scale=1, size=500)
    projected, explained = hidden_units.pca(points, n_components=2)
    np.testing.assert_allclose(np.abs(projected[:, 0]), np.abs(points[:, 1] - points[:, 1].mean()), atol=0.2)
    assert explained[0] > 0.97 and explained.sum() <= 1 + 1e-9
    np.testing.assert_array_equal(hidden_units.pca(points)[0], projected)  # same signs every time
    with pytest.raises(ValueError, match="n_components"):
        hidden_units.pca(points, n_components=4)


def test_projection_figure_has_one_panel_per_representation(images_and_labels):
    images, labels = images_and_labels
    fig = hidden_units.plot_projections({"pixels": images.reshape(30, -1), "half": images.reshape(30, -1)[:, :392]},
                                        labels)
    assert len(fig.axes) == 2 and fig.axes[0].get_title().startswith("pixels")


def separated_clusters(seed=0, spread=0.1, width=20):
    rng = np.random.default_rng(seed)
    centres = rng.normal(scale=5, size=(10, width))
    train_labels, test_labels = np.arange(200) % 10, rng.integers(0, 10, 100)
    train = centres[train_labels] + rng.normal(scale=spread, size=(200, width))
    test = centres[test_labels] + rng.normal(scale=spread, size=(100, width))
    return train.astype(np.float32), train_labels, test.astype(np.float32), test_labels


def test_separation_scores_are_perfect_on_well_separated_clusters():
    data = separated_clusters()
    assert hidden_units.nearest_class_mean_accuracy(*data) == 1.0
    assert hidden_units.linear_probe_accuracy(*data) == 1.0


def test_nearest_class_mean_matches_a_brute_force_computation():
    train, train_labels, test, test_labels = separated_clusters(seed=3, spread=6.0, width=4)
    means = np.stack([train[train_labels == d].mean(axis=0) for d in range(10)])
    brute = np.mean(np.linalg.norm(test[:, None] - means[None], axis=2).argmin(axis=1) == test_labels)
    assert hidden_units.nearest_class_mean_accuracy(train, train_labels, test, test_labels) == pytest.approx(brute)


def test_linear_probe_matches_least_squares_with_a_bias_column():
    train, train_labels, test, test_labels = separated_clusters(seed=4, spread=6.0, width=4)
    design = np.hstack([train, np.ones((len(train), 1))])
    weights = np.linalg.lstsq(design, np.eye(10)[train_labels], rcond=None)[0]
    expected = np.mean((np.hstack([test, np.ones((len(test), 1))]) @ weights).argmax(axis=1) == test_labels)
    score = hidden_units.linear_probe_accuracy(train, train_labels, test, test_labels, ridge=0.0)
    assert score == pytest.approx(expected)


def test_separation_scores_validate_their_inputs():
    train, train_labels, test, test_labels = separated_clusters()
    with pytest.raises(ValueError, match="same width"):
        hidden_units.nearest_class_mean_accuracy(train, train_labels, test[:, :3], test_labels)
    with pytest.raises(ValueError, match="0-9"):
        hidden_units.nearest_class_mean_accuracy(train, train_labels + 1, test, test_labels)
    with pytest.raises(ValueError, match="train_labels has 199 entries"):
        hidden_units.linear_probe_accuracy(train, train_labels[:199], test, test_labels)
    with pytest.raises(ValueError, match="ridge"):
        hidden_units.linear_probe_accuracy(train, train_labels, test, test_labels, ridge=-1)


# --- figures and the unit explorer -----------------------------------------------------------


def test_top_images_figure_has_a_row_per_unit(tiny_model, images_and_labels):
    images, _ = images_and_labels
    activations = hidden_units.activation_model(tiny_model).predict(images, verbose=0)[0]
    weights = hidden_units.first_layer_weights(tiny_model)
    fig = hidden_units.plot_top_images(images, activations, [1, 2], k=3, weights=weights)
    assert len(fig.axes) == 2 * 4
    with pytest.raises(ValueError, match="from 0 to 7"):
        hidden_units.plot_top_images(images, activations, [8])


def test_class_heatmaps_one_panel_per_layer():
    means = np.random.default_rng(0).random((10, 6))
    fig = hidden_units.plot_class_heatmaps({"a": means, "b": means[:, :3]})
    assert len([ax for ax in fig.axes if ax.images]) == 2
    with pytest.raises(ValueError, match=r"expected shape \(10, units\)"):
        hidden_units.plot_class_heatmaps({"bad": means.T})


def test_unit_view_is_pure_and_shows_the_chosen_unit(tiny_model, images_and_labels):
    images, labels = images_and_labels
    activations = np.zeros((30, 8), dtype=np.float32)
    activations[:, 1] = np.arange(30)
    weights = hidden_units.first_layer_weights(tiny_model)
    before = plt.get_fignums()
    fig = hidden_units.unit_view(1, weights, images, activations, labels, k=4)
    assert isinstance(fig, Figure) and plt.get_fignums() == before
    titles = [ax.get_title() for ax in fig.axes]
    assert "unit 1: weights" in titles and titles[-4:] == ["100%", "97%", "93%", "90%"]
    dead = hidden_units.unit_view(0, weights, images, activations, labels, k=4)
    assert any("dead" in ax.get_title() for ax in dead.axes)
    with pytest.raises(ValueError, match="8 weight images but activations for 3 units"):
        hidden_units.unit_view(0, weights, images, activations[:, :3], labels)


def test_unit_explorer_redraws_when_the_slider_moves(tiny_model, images_and_labels):
    images, labels = images_and_labels
    activations = hidden_units.activation_model(tiny_model).predict(images, verbose=0)[0]
    weights = hidden_units.first_layer_weights(tiny_model)
    explorer = hidden_units.make_unit_explorer(weights, images, activations, labels)
    slider, picture = explorer.children
    assert type(slider).__name__ == "IntSlider" and slider.max == 7
    first = picture.value
    assert first[:4] == b"\x89PNG"
    slider.value = 3
    assert picture.value != first
