"""Lesson 03's plumbing: pictures of what each layer of a dense network does.

The lesson builds the network, counts its parameters, computes each layer by
hand and checks it against Keras in plain sight. This module draws:

* `plot_network_layers`: the network as a row of boxes with shapes and parameter counts;
* `plot_flatten`: one image before and after Flatten (28 x 28 -> 784);
* `plot_relu`: the ReLU function and what it does to a layer's values;
* `plot_probabilities`: softmax outputs as bar charts;
* `plot_activation_trace`, `plot_model_trace` and `trace_explorer`: one digit travelling through the layers.
"""

import functools
from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import FancyBboxPatch

from helpers import report
from helpers.checks import as_image_batch, as_labels, as_probabilities, pixel_max, require_scaled
from helpers.data import load_mnist, scale_pixels
from helpers.models import layer_outputs_model, require_model
from helpers.style import DIGIT_CMAP, OKABE_ITO, SEQUENTIAL_CMAP
from helpers.tf_quiet import keras
from helpers.widgets import explorer, slider

__all__ = [
    "load_mnist",
    "measured",
    "plot_activation_trace",
    "plot_flatten",
    "plot_model_trace",
    "plot_network_layers",
    "plot_probabilities",
    "plot_relu",
    "print_measured",
    "scale_pixels",
    "trace_explorer",
]

measured = functools.partial(report.measured, "03")
print_measured = functools.partial(report.print_measured, "03")


# ---------------------------------------------------------------- the network as boxes


def _layer_caption(layer) -> str:
    kind = type(layer).__name__
    units = getattr(layer, "units", None)
    activation = getattr(getattr(layer, "activation", None), "__name__", None)
    if units is None:
        return kind
    described = f"{kind}({units}"
    if activation and activation != "linear":
        described += f", {activation}"
    return described + ")"


def _shape_text(shape) -> str:
    return " × ".join(str(d) for d in tuple(shape)[1:])


def plot_network_layers(model, title: str | None = None) -> plt.Figure:
    """The model as a row of boxes, input to output: each box names the layer and gives
    its output shape and parameter count; box heights grow with the number of values."""
    model = require_model(model)
    stages = [("Input", _shape_text(model.input_shape), None, int(np.prod(model.input_shape[1:])))]
    for layer in model.layers:
        shape = layer.output.shape
        stages.append((_layer_caption(layer), _shape_text(shape), layer.count_params(), int(np.prod(shape[1:]))))
    largest = max(size for *_, size in stages)
    fig, ax = plt.subplots(figsize=(2.15 * len(stages), 3.6))
    colours = [OKABE_ITO[7]] + [OKABE_ITO[5] if "Flatten" in s[0] else OKABE_ITO[0] for s in stages[1:]]
    colours[-1] = OKABE_ITO[1]
    for index, ((caption, shape, params, size), colour) in enumerate(zip(stages, colours, strict=True)):
        height = 0.35 + 1.65 * np.sqrt(size / largest)
        box = FancyBboxPatch(
            (index * 2.0, -height / 2),
            1.4,
            height,
            boxstyle="round,pad=0.04",
            facecolor=colour,
            alpha=0.18,
            edgecolor=colour,
            linewidth=1.5,
        )
        ax.add_patch(box)
        ax.text(index * 2.0 + 0.7, 1.25, caption, ha="center", va="bottom", fontsize=9, fontweight="bold")
        ax.text(index * 2.0 + 0.7, 0, shape, ha="center", va="center", fontsize=10)
        if params is not None:
            ax.text(index * 2.0 + 0.7, -1.25, f"{params:,} params", ha="center", va="top", fontsize=9)
        if index:
            ax.annotate(
                "",
                xy=(index * 2.0 - 0.05, 0),
                xytext=(index * 2.0 - 0.55, 0),
                arrowprops={"arrowstyle": "->", "color": "0.3", "lw": 1.3},
            )
    ax.set_xlim(-0.3, 2.0 * len(stages) - 0.3)
    ax.set_ylim(-1.7, 1.7)
    ax.axis("off")
    ax.set_title(title or f"{model.name}: {model.count_params():,} parameters in total", pad=6)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------- Flatten


def plot_flatten(image) -> plt.Figure:
    """One 28 x 28 image and the same 784 numbers after Flatten, row after row.

    Three rows of the image are outlined in colour and found again in the
    flat vector, so you can see that Flatten only re-arranges the numbers.
    """
    image = as_image_batch(image, "image")
    if len(image) != 1:
        raise ValueError(f"pass one image, got {len(image)}")
    vmax = pixel_max(image)
    image = image[0].astype(np.float32)
    flat = image.reshape(-1)
    fig = plt.figure(figsize=(10, 3.4))
    grid = fig.add_gridspec(2, 2, width_ratios=(1, 3.4), height_ratios=(0.22, 1))
    ax_image = fig.add_subplot(grid[:, 0])
    ax_image.imshow(image, cmap=DIGIT_CMAP, vmin=0, vmax=vmax)
    ax_image.set_title("before: 28 × 28")
    ax_image.axis("off")
    ax_flat = fig.add_subplot(grid[0, 1])
    ax_flat.imshow(flat[None, :], cmap=DIGIT_CMAP, vmin=0, vmax=vmax, aspect="auto")
    ax_flat.set_yticks([])
    ax_flat.set_xticks(np.arange(0, 785, 112))
    ax_flat.set_title("after: one row of 784 numbers")
    ax_values = fig.add_subplot(grid[1, 1], sharex=ax_flat)
    ax_values.plot(np.arange(784), flat, color="0.35", lw=0.8)
    ax_values.set_xlabel("position in the flat vector (row × 28 + column)")
    ax_values.set_ylabel("pixel")
    rows = _inked_rows(image)
    for colour, row in zip((OKABE_ITO[3], OKABE_ITO[2], OKABE_ITO[4]), rows, strict=True):
        ax_image.add_patch(plt.Rectangle((-0.5, row - 0.5), 28, 1, fill=False, edgecolor=colour, lw=2))
        for ax in (ax_flat, ax_values):
            ax.axvspan(row * 28 - 0.5, row * 28 + 27.5, color=colour, alpha=0.35)
    fig.tight_layout()
    return fig


def _inked_rows(image: np.ndarray) -> list[int]:
    """Three well-spread rows of the image that contain ink (for outlining)."""
    inked = np.flatnonzero(image.max(axis=1) > 0)
    if len(inked) == 0:
        return [7, 14, 21]
    return [int(inked[i]) for i in np.linspace(len(inked) * 0.2, len(inked) * 0.8, 3).astype(int)]


# ---------------------------------------------------------------- ReLU


def plot_relu(pre_activations=None, network: str = "an untrained network") -> plt.Figure:
    """ReLU(x) = max(0, x); with `pre_activations` (one layer's values for one image in `network`),
    also those values before and after ReLU, sorted, side by side."""
    panels = 1 if pre_activations is None else 2
    fig, axes = plt.subplots(1, panels, figsize=(4.6 * panels + 1.2 * (panels - 1), 3.5), squeeze=False)
    x = np.linspace(-3, 3, 301)
    ax = axes[0, 0]
    ax.plot(x, np.maximum(0, x), color=OKABE_ITO[0], lw=2.5, label="ReLU(x) = max(0, x)")
    ax.plot(x, x, color="0.6", lw=1, ls="--", label="no activation: x")
    ax.axhline(0, color="0.3", lw=0.8)
    ax.axvline(0, color="0.3", lw=0.8)
    ax.set_xlabel("x (what a unit computes: weights · inputs + bias)")
    ax.set_ylabel("what the unit passes on")
    ax.set_title("ReLU keeps positives, zeroes negatives")
    ax.legend(loc="upper left", fontsize=8)
    if pre_activations is not None:
        values = np.asarray(pre_activations, dtype=np.float64).reshape(-1)
        if values.size == 0 or not np.all(np.isfinite(values)):
            raise ValueError("pre_activations must be a non-empty array of finite numbers")
        order = np.sort(values)
        ax = axes[0, 1]
        positions = np.arange(values.size)
        ax.bar(positions, order, width=1.0, color="0.75", label="before ReLU")
        ax.bar(positions, np.maximum(order, 0), width=1.0, color=OKABE_ITO[0], alpha=0.9, label="after ReLU")
        ax.axhline(0, color="0.3", lw=0.8)
        ax.set_xlabel(f"the layer's {values.size} units, sorted by value")
        ax.set_ylabel("value")
        off = int(np.sum(values <= 0))
        ax.set_title(f"one digit in {network}:\nReLU switches off {off} of {values.size} units")
        ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------- softmax


def _as_probabilities(values, name: str) -> np.ndarray:
    """One softmax output (10 probabilities that sum to 1) as a float64 vector, else the shared check's error."""
    return as_probabilities(np.reshape(np.asarray(values, dtype=np.float64), (1, -1)), name=name)[0].astype(np.float64)


def plot_probabilities(probabilities: Mapping[str, Sequence[float]], true_label: int | None = None) -> plt.Figure:
    """Softmax outputs as bar charts, one panel per entry of `probabilities` ({title: 10 values}).

    The largest bar (the prediction) is drawn in orange, the rest in blue; a
    dotted line marks 0.1, the value of a perfectly uniform guess.
    """
    if not isinstance(probabilities, Mapping) or not probabilities:
        raise ValueError("probabilities must be a non-empty dict {title: 10 probabilities}")
    checked = {name: _as_probabilities(values, name) for name, values in probabilities.items()}
    if true_label is not None:
        true_label = int(as_labels([true_label], name="true_label")[0])
    fig, axes = plt.subplots(1, len(checked), figsize=(4.3 * len(checked), 3.3), squeeze=False, sharey=True)
    for ax, (name, values) in zip(axes.flat, checked.items(), strict=True):
        predicted = int(np.argmax(values))
        colours = [OKABE_ITO[1] if d == predicted else OKABE_ITO[0] for d in range(10)]
        ax.bar(range(10), values, color=colours)
        ax.axhline(0.1, color="0.3", ls=":", lw=1)
        ax.set_xticks(range(10))
        ax.set_xlabel("digit")
        ax.set_ylim(0, 1.05)
        ax.set_title(f"{name}\nprediction {predicted} (p = {values[predicted]:.2f})", fontsize=10)
    axes[0, 0].set_ylabel("probability")
    if true_label is not None:
        fig.suptitle(f"the image shows a {true_label}", y=1.02)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------- one digit through the network


def _grid_shape(size: int) -> tuple[int, int]:
    """A near-square (rows, columns) with rows * columns == size, rows <= columns."""
    rows = int(np.sqrt(size))
    while size % rows:
        rows -= 1
    return rows, size // rows


def plot_activation_trace(image, activations: Sequence, layers: Sequence, label: int | None = None) -> plt.Figure:
    """One image and the values every layer computes from it, left to right.

    `activations` holds one array per layer for this image, `layers` the
    Keras layers (or their names) that computed them. A Flatten layer's
    values are drawn as the long row they are; other hidden layers as grids
    of units, whose positions are only a layout (brighter = larger value);
    the last layer as a bar chart of its 10 probabilities.
    """
    image = as_image_batch(image, "image")
    if len(image) != 1:
        raise ValueError(f"pass one image, got {len(image)}")
    values = [np.asarray(a, dtype=np.float32).reshape(-1) for a in activations]
    if len(values) < 2 or len(values) != len(layers):
        raise ValueError(
            f"need one activation array per layer (at least 2); got {len(values)} arrays and {len(layers)} layers"
        )
    if any(v.size == 0 or not np.all(np.isfinite(v)) for v in values):
        raise ValueError("every activation must be a non-empty array of finite numbers")
    output = _as_probabilities(values[-1], "the last layer")
    names = [getattr(layer, "name", str(layer)) for layer in layers]
    rows = [isinstance(layer, keras.layers.Flatten) for layer in layers]
    widths = [1] + [2.2 if row else 1 for row in rows[:-1]] + [1.6]
    fig, axes = plt.subplots(1, len(values) + 1, figsize=(2.4 * sum(widths), 3.2), gridspec_kw={"width_ratios": widths})
    axes[0].imshow(image[0], cmap=DIGIT_CMAP)
    axes[0].set_title("input\n28 × 28" + ("" if label is None else f" (a {int(label)})"), fontsize=9)
    for ax, name, vector, row in zip(axes[1:-1], names[:-1], values[:-1], rows[:-1], strict=True):
        active = int(np.sum(vector > 0))
        if row:
            ax.imshow(vector[None, :], cmap=DIGIT_CMAP, vmin=0, aspect="auto", extent=(0, vector.size, 0, 40))
            ax.set_ylim(-60, 100)
            ax.set_title(f"{name}\n{vector.size} values in one row, {active} > 0", fontsize=9)
            ax.text(0.5, 0.2, "the 28 image rows, end to end", transform=ax.transAxes, ha="center", fontsize=7,
                    color="0.35")  # fmt: skip
        else:
            ax.imshow(vector.reshape(_grid_shape(vector.size)), cmap=SEQUENTIAL_CMAP, vmin=0)
            ax.set_title(f"{name}\n{vector.size} units, {active} > 0", fontsize=9)
            ax.text(0.5, -0.06, "grid layout only:\npositions mean nothing", transform=ax.transAxes,
                    ha="center", va="top", fontsize=7, color="0.35")  # fmt: skip
    for ax in axes[:-1]:
        ax.axis("off")
    predicted = int(np.argmax(output))
    axes[-1].bar(range(10), output, color=[OKABE_ITO[1] if d == predicted else OKABE_ITO[0] for d in range(10)])
    axes[-1].set_xticks(range(10))
    axes[-1].set_ylim(0, 1.05)
    axes[-1].set_title(f"{names[-1]}\nprediction {predicted} (p = {output[predicted]:.2f})", fontsize=9)
    fig.tight_layout()
    return fig


def _model_images(model: keras.Model, images) -> np.ndarray:
    """`images` in the scale `model` expects: raw uint8 if it starts with Rescaling, else floats in [0, 1]."""
    if model.layers and isinstance(model.layers[0], keras.layers.Rescaling):
        images = as_image_batch(images)
        if images.dtype != np.uint8:
            raise ValueError(
                "this model divides by 255 itself (its first layer is Rescaling): pass the raw uint8 pixels"
            )
        return images
    return require_scaled(images)


def plot_model_trace(model, images, labels, index: int) -> plt.Figure:
    """The trace explorer's picture: `plot_activation_trace` of image number `index`, through every layer of `model`."""
    model = require_model(model, output_units=10)
    images = _model_images(model, images)
    labels = as_labels(labels, len(images))
    if not 0 <= index < len(images):
        raise ValueError(f"index must lie in 0-{len(images) - 1}, got {index}")
    activations = layer_outputs_model(model)(images[index : index + 1], training=False)
    return plot_activation_trace(images[index], [np.asarray(a)[0] for a in activations], model.layers, labels[index])


def trace_explorer(model, images, labels, count: int = 100):
    """A widget: a slider over the first `count` images redraws `plot_model_trace`."""
    model = require_model(model, output_units=10)
    images = _model_images(model, images)
    labels = as_labels(labels, len(images))
    count = min(count, len(images))

    def view(index: int) -> plt.Figure:
        return plot_model_trace(model, images[:count], labels[:count], index)

    return explorer(view, index=slider("test image", 0, count - 1))
