"""Lesson 05's plumbing: look inside the trained reference network.

The lesson asks what the hidden units respond to and whether the digit
classes separate more cleanly from layer to layer. This module draws the
first-layer weights as images, finds the images that excite a unit most,
averages activations per digit, projects representations to 2-D with PCA
(plain NumPy), scores how well classes separate (nearest class mean and a
least-squares linear probe), counts dead ReLU units, and builds the unit
explorer widget.
"""

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from helpers.checks import as_image_batch, as_labels
from helpers.plots import figure_png
from helpers.style import DIGIT_CMAP, DIVERGING_CMAP, SEQUENTIAL_CMAP, digit_colour
from helpers.tf_quiet import keras

N_CLASSES = 10


def _dense_layers(model) -> list:
    layers = getattr(model, "layers", None)
    if layers is None:
        raise TypeError(f"expected a Keras model, got {type(model).__name__}")
    dense = [layer for layer in layers if isinstance(layer, keras.layers.Dense)]
    if not dense:
        raise ValueError("the model has no Dense layers to look into")
    return dense


def first_layer_weights(model) -> np.ndarray:
    """The first Dense layer's weights as one 28x28 image per unit, shape (units, 28, 28).

    Unit `k`'s image is column `k` of the kernel (784 x units), laid out like
    the pixels it multiplies.
    """
    dense = _dense_layers(model)[0]
    if not dense.built:
        raise ValueError("the model has not been built yet: it has no weights to show")
    kernel = dense.get_weights()[0]
    if kernel.shape[0] != 784:
        raise ValueError(f"the first Dense layer must take 784 pixels, it takes {kernel.shape[0]} inputs")
    return kernel.T.reshape(-1, 28, 28)


def _as_weight_images(weights) -> np.ndarray:
    array = np.asarray(weights, dtype=np.float32)
    if array.ndim != 3 or array.shape[1:] != (28, 28) or len(array) == 0:
        raise ValueError(f"weights must have shape (units, 28, 28), got {array.shape}")
    if np.isnan(array).any():
        raise ValueError("weights contain NaN values")
    return array


def weight_mosaic(weights, ncols: int = 16, gap: int = 2) -> np.ndarray:
    """Tile weight images into one array, each scaled by its own largest |weight| to [-1, 1].

    Gaps between tiles are NaN, so they are drawn in the colour map's "bad" colour.
    """
    weights = _as_weight_images(weights)
    if ncols < 1 or gap < 0:
        raise ValueError(f"ncols must be >= 1 and gap >= 0, got {ncols} and {gap}")
    scale = np.abs(weights).max(axis=(1, 2), keepdims=True)
    scaled = weights / np.where(scale > 0, scale, 1)
    nrows = -(-len(weights) // ncols)
    step = 28 + gap
    mosaic = np.full((nrows * step - gap, ncols * step - gap), np.nan, dtype=np.float32)
    for index, image in enumerate(scaled):
        row, col = divmod(index, ncols)
        mosaic[row * step : row * step + 28, col * step : col * step + 28] = image
    return mosaic


def plot_first_layer_weights(weights, ncols: int = 16, title: str | None = None) -> plt.Figure:
    """All first-layer weight images in one mosaic, red positive, blue negative, white 0.

    Each tile is scaled by its own largest |weight|, so a weak unit is as
    visible as a strong one; the colour scale is centred at 0.
    """
    mosaic = weight_mosaic(weights, ncols)
    cmap = plt.get_cmap(DIVERGING_CMAP).with_extremes(bad="white")
    height = 8.0 * mosaic.shape[0] / mosaic.shape[1]
    fig, ax = plt.subplots(figsize=(8.0, height + 0.9))
    image = ax.imshow(mosaic, cmap=cmap, vmin=-1, vmax=1, interpolation="nearest")
    ax.axis("off")
    fig.colorbar(image, ax=ax, orientation="horizontal", fraction=0.04, pad=0.02, aspect=50,
                 label="weight ÷ that unit's largest |weight|  (red: ink here excites the unit, blue: inhibits it)")
    ax.set_title(title or f"The {len(weights)} first-layer units, each a 28 × 28 weight image")
    return fig


def activation_model(model) -> keras.Model:
    """A Keras model from the network's input to the output of each of its Dense layers.

    `activation_model(model).predict(x)` returns one array per Dense layer.
    Needs a model that starts with `keras.Input` (a Sequential model without
    one has no defined input until it is called).
    """
    dense = _dense_layers(model)
    try:
        inputs = model.inputs
    except (AttributeError, ValueError) as error:
        inputs = None
        reason = str(error)
    else:
        reason = "model.inputs is empty"
    if not inputs:
        raise ValueError(
            f"the model has no defined input ({reason}); build it with keras.Input(shape=(28, 28)) first"
        )
    return keras.Model(inputs=model.inputs, outputs=[layer.output for layer in dense])


def as_activations(activations, n: int | None = None, name: str = "activations") -> np.ndarray:
    """Validate a layer's activations: a non-empty 2-D (images, units) float array without NaN."""
    array = np.asarray(activations)
    if array.dtype == object or not np.issubdtype(array.dtype, np.number):
        raise TypeError(f"{name} must be numbers, got dtype {array.dtype}")
    if array.ndim != 2:
        raise ValueError(f"{name} must have shape (images, units), got {array.shape}")
    if array.size == 0:
        raise ValueError(f"{name} is empty")
    if np.isnan(array).any():
        raise ValueError(f"{name} contains NaN values")
    if n is not None and len(array) != n:
        raise ValueError(f"{name} has {len(array)} rows but there are {n} images")
    return array.astype(np.float32, copy=False)


def _check_unit(unit: int, n_units: int) -> int:
    if not isinstance(unit, (int, np.integer)) or not 0 <= unit < n_units:
        raise ValueError(f"unit must be a whole number from 0 to {n_units - 1}, got {unit!r}")
    return int(unit)


def top_activating(activations, unit: int, k: int = 8) -> np.ndarray:
    """Indices of the `k` images that excite `unit` most, strongest first (ties: lower index first)."""
    activations = as_activations(activations)
    unit = _check_unit(unit, activations.shape[1])
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    return np.argsort(-activations[:, unit], kind="stable")[:k]


def mean_activation_per_class(activations, labels) -> np.ndarray:
    """Mean activation of every unit over the images of each digit: shape (10, units)."""
    activations = as_activations(activations)
    labels = as_labels(labels, len(activations))
    missing = sorted(set(range(N_CLASSES)) - set(labels.tolist()))
    if missing:
        raise ValueError(f"every digit needs at least one image; none for {missing}")
    return np.stack([activations[labels == digit].mean(axis=0, dtype=np.float64) for digit in range(N_CLASSES)])


def dead_units(activations) -> np.ndarray:
    """Indices of the units that are exactly 0 on every image (ReLU units that never fire)."""
    activations = as_activations(activations)
    return np.flatnonzero(np.all(activations == 0, axis=0))


def digits_per_unit(class_means, fraction: float = 0.5) -> np.ndarray:
    """For each living unit, on how many digits its mean activation reaches `fraction` of its maximum.

    1 means the unit answers to a single digit; 10 means it does not care
    which digit it sees. Dead units (all means 0) are left out.
    """
    means = np.asarray(class_means, dtype=np.float64)
    if means.ndim != 2 or means.shape[0] != N_CLASSES:
        raise ValueError(f"class_means must have shape (10, units), got {means.shape}")
    if not 0 < fraction <= 1:
        raise ValueError(f"fraction must lie in (0, 1], got {fraction}")
    peak = means.max(axis=0)
    alive = peak > 0
    return (means[:, alive] >= fraction * peak[alive]).sum(axis=0)


def _ordered_by_preferred_digit(means: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Columns scaled by their maximum and ordered by preferred digit (then by selectivity)."""
    peak = means.max(axis=0)
    scaled = means / np.where(peak > 0, peak, 1)
    preferred = means.argmax(axis=0)
    order = np.lexsort((-scaled.std(axis=0), preferred))
    return scaled[:, order], preferred[order]


def plot_class_heatmaps(class_means: Mapping[str, np.ndarray]) -> plt.Figure:
    """One heatmap per layer: digits down, units across, mean activation ÷ the unit's largest mean.

    Units are sorted by the digit they respond to most, so a layer of digit
    detectors would show a clean staircase and a layer of shared features a
    smear.
    """
    if not class_means:
        raise ValueError("class_means is empty: pass {layer name: (10, units) array}")
    fig, axes = plt.subplots(len(class_means), 1, figsize=(8.0, 2.3 * len(class_means)), squeeze=False)
    for ax, (name, means) in zip(axes.flat, class_means.items(), strict=True):
        means = np.asarray(means, dtype=np.float64)
        if means.ndim != 2 or means.shape[0] != N_CLASSES:
            raise ValueError(f"{name}: expected shape (10, units), got {means.shape}")
        scaled, _ = _ordered_by_preferred_digit(means)
        image = ax.imshow(scaled, aspect="auto", cmap=SEQUENTIAL_CMAP, vmin=0, vmax=1, interpolation="nearest")
        ax.set_yticks(range(N_CLASSES))
        ax.set_ylabel("digit")
        ax.set_xlabel(f"{name}: its {means.shape[1]} units, sorted by the digit they prefer")
        ax.grid(False)
        fig.colorbar(image, ax=ax, pad=0.01, label="mean ÷ unit max")
    fig.tight_layout()
    return fig


def pca(features, n_components: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """Principal component analysis with NumPy's SVD.

    Returns the features projected on the first `n_components` directions of
    largest variance, shape (n, n_components), and the fraction of the total
    variance each direction explains. Signs are fixed so that each
    component's largest loading is positive (the result does not flip from
    run to run).
    """
    x = as_activations(features, name="features").astype(np.float64)
    if len(x) < 2:
        raise ValueError("PCA needs at least 2 samples")
    if not 1 <= n_components <= min(x.shape):
        raise ValueError(f"n_components must lie in 1..{min(x.shape)}, got {n_components}")
    x = x - x.mean(axis=0)
    _, singular_values, directions = np.linalg.svd(x, full_matrices=False)
    directions = directions[:n_components]
    signs = np.sign(directions[np.arange(n_components), np.abs(directions).argmax(axis=1)])
    directions = directions * signs[:, None]
    variance = singular_values**2
    explained = variance[:n_components] / variance.sum() if variance.sum() > 0 else np.zeros(n_components)
    return x @ directions.T, explained


def plot_projections(features: Mapping[str, np.ndarray], labels, title: str | None = None) -> plt.Figure:
    """Side-by-side 2-D PCA maps of several representations of the same images, coloured by digit."""
    if not features:
        raise ValueError("features is empty: pass {representation name: (n, d) array}")
    labels = as_labels(labels)
    fig, axes = plt.subplots(1, len(features), figsize=(3.3 * len(features), 3.6), squeeze=False)
    for ax, (name, values) in zip(axes.flat, features.items(), strict=True):
        values = as_activations(values, len(labels), name=name)
        projected, explained = pca(values)
        for digit in range(N_CLASSES):
            chosen = labels == digit
            ax.scatter(projected[chosen, 0], projected[chosen, 1], s=3, alpha=0.6,
                       color=digit_colour(digit), label=str(digit), rasterized=True)
        ax.set_title(f"{name}\n(2 components: {explained.sum():.0%} of the variance)", fontsize=9)
        ax.set_xticks([])
        ax.set_yticks([])
    axes.flat[-1].legend(title="digit", loc="center left", bbox_to_anchor=(1.0, 0.5),
                         markerscale=4, fontsize=8)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def _feature_pair(train_features, train_labels, test_features, test_labels):
    train = as_activations(train_features, name="train_features")
    test = as_activations(test_features, name="test_features")
    if train.shape[1] != test.shape[1]:
        raise ValueError(f"train and test features must have the same width, got {train.shape[1]} and {test.shape[1]}")
    train_labels = as_labels(train_labels, len(train), "train_labels")
    return train, train_labels, test, as_labels(test_labels, len(test), "test_labels")


def nearest_class_mean_accuracy(train_features, train_labels, test_features, test_labels) -> float:
    """Classify each test vector by the nearest class mean of the training vectors; return the accuracy.

    A high score means each digit forms a compact cloud around its own mean,
    away from the other digits: the simplest notion of "classes separate".
    """
    train, train_labels, test, test_labels = _feature_pair(train_features, train_labels, test_features, test_labels)
    means = mean_activation_per_class(train, train_labels)
    # |x - m|^2 = |x|^2 - 2 x.m + |m|^2; |x|^2 is the same for every class, so it is left out
    # (and no (test images x classes x width) array is ever made).
    distances = (means**2).sum(axis=1) - 2 * (test @ means.T.astype(np.float32))
    return float(np.mean(distances.argmin(axis=1) == test_labels))


def linear_probe_accuracy(train_features, train_labels, test_features, test_labels,
                          ridge: float = 1e-3) -> float:
    """Fit a linear map from features to one-hot digits by least squares on the training set; test accuracy.

    A high score means a single straight cut per digit (a linear read-out)
    separates the classes. A little ridge penalty (`ridge` times the number
    of training images) keeps it stable when some features are constant,
    such as the pixels that are blank in every image. Works in float32 on
    the features and never copies the training set.
    """
    train, train_labels, test, test_labels = _feature_pair(train_features, train_labels, test_features, test_labels)
    if ridge < 0:
        raise ValueError(f"ridge must be >= 0, got {ridge}")
    n, width = train.shape
    # Normal equations for [features, 1] @ W ~ one-hot, assembled block by block.
    gram = np.empty((width + 1, width + 1))
    gram[:width, :width] = train.T @ train
    gram[:width, width] = gram[width, :width] = train.sum(axis=0, dtype=np.float64)
    gram[width, width] = n
    gram[np.arange(width), np.arange(width)] += ridge * n
    targets = np.zeros((width + 1, N_CLASSES))
    for digit in range(N_CLASSES):
        chosen = train_labels == digit
        targets[:width, digit] = train[chosen].sum(axis=0, dtype=np.float64)
        targets[width, digit] = chosen.sum()
    weights = np.linalg.solve(gram, targets)
    scores = test @ weights[:width].astype(np.float32) + weights[width].astype(np.float32)
    return float(np.mean(scores.argmax(axis=1) == test_labels))


def best_patch_share(images, size: int = 7) -> np.ndarray:
    """For each image, the share of its energy (sum of squares) inside its best `size` x `size` window.

    Near 1: the image is concentrated in one small patch, as a stroke detector's
    weights would be. Near size**2 / 784: spread evenly over the whole image.
    """
    images = _as_weight_images(images).astype(np.float64)
    if not 1 <= size <= 28:
        raise ValueError(f"size must lie in 1..28, got {size}")
    energy = images**2
    total = energy.sum(axis=(1, 2))
    if np.any(total == 0):
        raise ValueError("an image is all zeros: its energy cannot be shared out")
    cumulative = np.pad(energy, ((0, 0), (1, 0), (1, 0))).cumsum(axis=1).cumsum(axis=2)
    windows = (cumulative[:, size:, size:] - cumulative[:, :-size, size:]
               - cumulative[:, size:, :-size] + cumulative[:, :-size, :-size])
    return windows.max(axis=(1, 2)) / total


def print_unit_statistics(layers: Mapping[str, np.ndarray], labels, k: int = 8) -> dict[str, dict[str, float]]:
    """Print, per layer, how many units there are, how many never fire, and how digit-specific the rest are.

    Two measures of digit-specificity, both averaged over the living units:
    on how many digits a unit's mean activation reaches half its maximum
    (`digits_per_unit`), and how many different digits are among its `k`
    most exciting images. 1 means "one unit, one digit". Returns the numbers
    as {layer: {"units", "dead", "digits_per_unit", "digits_in_top"}}.
    """
    from helpers.report import print_table

    if not layers:
        raise ValueError("layers is empty: pass {layer name: (images, units) activations}")
    labels = as_labels(labels)
    stats, rows = {}, []
    for name, activations in layers.items():
        activations = as_activations(activations, len(labels), name=name)
        alive = np.setdiff1d(np.arange(activations.shape[1]), dead_units(activations))
        per_unit = digits_per_unit(mean_activation_per_class(activations, labels))
        in_top = [len(set(labels[top_activating(activations, unit, k)].tolist())) for unit in alive]
        stats[name] = {"units": activations.shape[1], "dead": activations.shape[1] - len(alive),
                       "digits_per_unit": float(per_unit.mean()), "digits_in_top": float(np.mean(in_top))}
        rows.append([name, stats[name]["units"], stats[name]["dead"],
                     f"{stats[name]['digits_per_unit']:.1f}", f"{stats[name]['digits_in_top']:.1f}"])
    print_table(rows, ["layer", "units", "never fire", "digits at >= half its peak",
                       f"digits among its top {k} images"])
    return stats


def _draw_top_row(axes, images, activations, unit, k, weight_image=None) -> None:
    """One row: the unit's weight image (if given), then its k most exciting images."""
    offset = 0
    if weight_image is not None:
        limit = float(np.abs(weight_image).max()) or 1.0
        axes[0].imshow(weight_image, cmap=DIVERGING_CMAP, vmin=-limit, vmax=limit)
        axes[0].set_title("weights", fontsize=8)
        offset = 1
    top = top_activating(activations, unit, k)
    peak = float(activations[top[0], unit]) or 1.0
    for ax, index in zip(axes[offset:], top, strict=False):
        ax.imshow(images[index], cmap=DIGIT_CMAP, vmin=0, vmax=1)
        ax.set_title(f"{activations[index, unit] / peak:.0%}", fontsize=8)
    for ax in axes:
        ax.axis("off")


def plot_top_images(images, activations, units: Sequence[int], k: int = 8,
                    weights=None, layer_name: str = "layer") -> plt.Figure:
    """For each unit, a row of the `k` images that excite it most (titled with % of the top activation).

    With `weights` (the first layer's (units, 28, 28) images) each row starts
    with the unit's weight image.
    """
    images = as_image_batch(images)
    activations = as_activations(activations, len(images))
    units = [_check_unit(unit, activations.shape[1]) for unit in units]
    if not units:
        raise ValueError("units is empty: pick at least one unit")
    if weights is not None:
        weights = _as_weight_images(weights)
    ncols = k + (weights is not None)
    fig, axes = plt.subplots(len(units), ncols, figsize=(0.85 * ncols + 0.8, 1.0 * len(units) + 0.4), squeeze=False)
    for row, unit in zip(axes, units, strict=True):
        _draw_top_row(row, images, activations, unit, k, None if weights is None else weights[unit])
        row[0].text(-0.15, 0.5, f"unit {unit}", transform=row[0].transAxes, ha="right", va="center", fontsize=9)
    fig.suptitle(f"{layer_name}: the test images that excite each unit most")
    fig.tight_layout()
    return fig


def unit_view(unit: int, weights, images, activations, labels, k: int = 8) -> Figure:
    """The unit explorer's pure callback: weight image, mean activation per digit and top `k` images.

    Returns a Matplotlib `Figure` not registered with pyplot, so nothing leaks between calls.
    """
    weights = _as_weight_images(weights)
    images = as_image_batch(images)
    activations = as_activations(activations, len(images))
    labels = as_labels(labels, len(images))
    if activations.shape[1] != len(weights):
        raise ValueError(f"{len(weights)} weight images but activations for {activations.shape[1]} units")
    unit = _check_unit(unit, len(weights))
    means = mean_activation_per_class(activations[:, [unit]], labels)[:, 0]
    fig = Figure(figsize=(8.0, 3.8), layout="constrained")
    top, bottom = fig.subfigures(2, 1, height_ratios=[1.7, 1])
    ax_weights, ax_means = top.subplots(1, 2, width_ratios=[1, 3])
    limit = float(np.abs(weights[unit]).max()) or 1.0
    ax_weights.imshow(weights[unit], cmap=DIVERGING_CMAP, vmin=-limit, vmax=limit)
    ax_weights.set_title(f"unit {unit}: weights", fontsize=9)
    ax_weights.axis("off")
    ax_means.bar(range(N_CLASSES), means, color=[digit_colour(d) for d in range(N_CLASSES)])
    ax_means.set_xticks(range(N_CLASSES))
    ax_means.set_xlabel("digit")
    ax_means.set_ylabel("mean activation")
    dead = " (dead: never fires)" if not np.any(activations[:, unit]) else ""
    ax_means.set_title(f"how strongly it fires, per digit{dead}", fontsize=9)
    _draw_top_row(bottom.subplots(1, k), images, activations, unit, k)
    bottom.suptitle("the test images that excite it most (% of the top activation)", fontsize=9)
    return fig


def make_unit_explorer(weights, images, activations, labels, k: int = 8):
    """A widget: a slider picks a first-layer unit; `unit_view` of it is shown as an image."""
    import ipywidgets as widgets

    weights = _as_weight_images(weights)
    images = as_image_batch(images)
    activations = as_activations(activations, len(images))
    labels = as_labels(labels, len(images))
    slider = widgets.IntSlider(value=0, min=0, max=len(weights) - 1, description="unit",
                               continuous_update=False, layout=widgets.Layout(width="60%"))
    picture = widgets.Image(format="png")

    def redraw(_change=None) -> None:
        picture.value = figure_png(unit_view(slider.value, weights, images, activations, labels, k))

    slider.observe(redraw, names="value")
    redraw()
    return widgets.VBox([slider, picture])
