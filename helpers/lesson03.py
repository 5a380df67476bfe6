"""Pictures of what each layer of a dense network does (lessons 01 and 03).

* `network_facts`: inputs, outputs, hidden layers and parameters of a model;
* `plot_network_layers`: the network as a row of boxes with shapes and parameter counts;
* `plot_flatten`: one image before and after Flatten (28 x 28 -> 784);
* `plot_relu`: the ReLU function and what it does to a layer's values;
* `plot_probabilities`: softmax outputs as bar charts;
* `plot_activation_trace` and its widget: one digit travelling through the layers.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import FancyBboxPatch

from helpers.checks import as_image_batch, as_labels, require_scaled
from helpers.style import DIGIT_CMAP, OKABE_ITO, SEQUENTIAL_CMAP
from helpers.tf_quiet import keras

# ---------------------------------------------------------------- facts about a model


@dataclass(frozen=True)
class NetworkFacts:
    """What the ANN vs DNN comparison needs to know about a model."""

    inputs: int  # numbers fed in per example (784 for a 28 x 28 image)
    outputs: int  # numbers coming out per example
    hidden_layers: int  # layers with weights between the input and the output layer
    parameters: int


def _check_model(model) -> None:
    if not isinstance(model, keras.Model):
        raise TypeError(f"expected a Keras model, got {type(model).__name__}")
    try:
        _ = model.input_shape  # raises when the model has no Input
    except (AttributeError, ValueError) as error:
        raise ValueError("the model has no input shape yet: start it with keras.Input(shape=...)") from error


def network_facts(model) -> NetworkFacts:
    """Count a model's inputs, outputs, hidden layers and parameters.

    Hidden layers are the layers that carry weights (Dense, ...) except the
    last one, which is the output layer; Flatten or Dropout have no weights
    and do not count.
    """
    _check_model(model)
    weighted = [layer for layer in model.layers if layer.weights]
    if not weighted:
        raise ValueError("the model has no layer with weights, so no output layer")
    return NetworkFacts(
        inputs=int(np.prod(model.input_shape[1:])),
        outputs=int(np.prod(model.output_shape[1:])),
        hidden_layers=len(weighted) - 1,
        parameters=int(model.count_params()),
    )


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
    _check_model(model)
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
    image = image[0].astype(np.float32)
    vmax = 1.0 if image.max() <= 1.0 else 255.0
    flat = image.reshape(-1)
    fig = plt.figure(figsize=(10, 3.4))
    grid = fig.add_gridspec(2, 2, width_ratios=(1, 3.4), height_ratios=(1, 1))
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


def plot_relu(pre_activations=None) -> plt.Figure:
    """ReLU(x) = max(0, x); with `pre_activations` (one layer's values for one image),
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
        ax.set_title(f"one digit: ReLU switches off {off} of {values.size} units")
        ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------- softmax


def _as_probabilities(values, name: str) -> np.ndarray:
    probabilities = np.asarray(values, dtype=np.float64).reshape(-1)
    if probabilities.shape != (10,):
        raise ValueError(f"{name}: expected 10 probabilities (one per digit), got shape {np.shape(values)}")
    if not np.all(np.isfinite(probabilities)) or probabilities.min() < 0 or abs(probabilities.sum() - 1) > 1e-3:
        raise ValueError(f"{name}: expected probabilities >= 0 that sum to 1, got sum {probabilities.sum():.4g}")
    return probabilities


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


def plot_activation_trace(
    image, activations: Sequence, layer_names: Sequence[str], label: int | None = None
) -> plt.Figure:
    """One image and the values every layer computes from it.

    `activations` holds one 1-D array per layer for this image (as returned
    by a model whose outputs are every layer's output), `layer_names` their
    names. Hidden layers are drawn as near-square grids of units (brighter =
    larger value), the last layer as a bar chart of its 10 probabilities.
    """
    image = as_image_batch(image, "image")
    if len(image) != 1:
        raise ValueError(f"pass one image, got {len(image)}")
    values = [np.asarray(a, dtype=np.float32).reshape(-1) for a in activations]
    if len(values) < 2 or len(values) != len(layer_names):
        raise ValueError(
            "need one activation array per layer name (at least 2); "
            f"got {len(values)} arrays and {len(layer_names)} names"
        )
    if any(v.size == 0 or not np.all(np.isfinite(v)) for v in values):
        raise ValueError("every activation must be a non-empty array of finite numbers")
    output = _as_probabilities(values[-1], "the last layer")
    fig, axes = plt.subplots(
        1,
        len(values) + 1,
        figsize=(2.5 * (len(values) + 1), 3.0),
        gridspec_kw={"width_ratios": [1] * len(values) + [1.6]},
    )
    axes[0].imshow(image[0], cmap=DIGIT_CMAP)
    axes[0].set_title("input\n28 × 28" + ("" if label is None else f" (a {int(label)})"), fontsize=9)
    for ax, name, vector in zip(axes[1:-1], layer_names[:-1], values[:-1], strict=True):
        ax.imshow(vector.reshape(_grid_shape(vector.size)), cmap=SEQUENTIAL_CMAP, vmin=0)
        active = int(np.sum(vector > 0))
        ax.set_title(f"{name}\n{vector.size} values, {active} > 0", fontsize=9)
    for ax in axes[:-1]:
        ax.axis("off")
    predicted = int(np.argmax(output))
    axes[-1].bar(range(10), output, color=[OKABE_ITO[1] if d == predicted else OKABE_ITO[0] for d in range(10)])
    axes[-1].set_xticks(range(10))
    axes[-1].set_ylim(0, 1.05)
    axes[-1].set_title(f"{layer_names[-1]}\nprediction {predicted} (p = {output[predicted]:.2f})", fontsize=9)
    fig.tight_layout()
    return fig


def layer_tracer(model) -> keras.Model:
    """A model with the same input whose outputs are the outputs of every layer of `model`."""
    _check_model(model)
    if not isinstance(model, keras.Sequential):
        raise TypeError("expected a keras.Sequential model (one layer after the other)")
    return keras.Model(inputs=model.inputs[0], outputs=[layer.output for layer in model.layers])


def activation_trace_figure(model, images, labels, index: int) -> plt.Figure:
    """The widget's picture: `plot_activation_trace` for image number `index` (a pure function)."""
    images = require_scaled(images)
    labels = as_labels(labels, len(images))
    if not 0 <= index < len(images):
        raise ValueError(f"index must lie in 0-{len(images) - 1}, got {index}")
    activations = layer_tracer(model)(images[index : index + 1], training=False)
    return plot_activation_trace(
        images[index],
        [np.asarray(a)[0] for a in activations],
        [layer.name for layer in model.layers],
        label=labels[index],
    )


def make_trace_explorer(model, images, labels, count: int = 100) -> widgets.interactive:
    """A slider over the first `count` images that redraws `activation_trace_figure`."""
    _check_model(model)
    images = require_scaled(images)
    labels = as_labels(labels, len(images))
    count = min(count, len(images))
    slider = widgets.IntSlider(
        value=0,
        min=0,
        max=count - 1,
        description="test image",
        style={"description_width": "initial"},
        continuous_update=False,
    )

    def show(index: int) -> plt.Figure:
        return activation_trace_figure(model, images[:count], labels[:count], index)

    return widgets.interactive(show, index=slider)
