"""Checkers for the exercises of lesson 03 (Layer by layer)."""

import numpy as np

from helpers.exercises.core import as_whole_number, checker, model_shapes, require
from helpers.tf_quiet import keras

# Exercise 1: 784 -> 256 -> 10.
WIDE_WEIGHTS = 784 * 256 + 256 * 10
WIDE_PARAMETERS = WIDE_WEIGHTS + 256 + 10  # 203,530

# Exercise 2: the spec of the smaller model.
SMALL_UNITS = (64, 32, 10)
SMALL_ACTIVATIONS = ("relu", "relu", "softmax")
SMALL_PARAMETERS = 784 * 64 + 64 + 64 * 32 + 32 + 32 * 10 + 10  # 52,650



@checker
def check_parameter_count(n_params) -> str:
    """Exercise 1: parameters of Flatten -> Dense(256) -> Dense(10), by hand."""
    answer = as_whole_number(n_params, "n_params")
    require(answer != WIDE_WEIGHTS, "you counted the weights only: every unit also has one bias")
    require(
        answer != 784 * 256 + 256,
        "that is the hidden layer alone: add the output layer's 256 × 10 weights and 10 biases",
    )
    require(
        answer != 784 * 256 + 256 * 10 + 10 and answer != 784 * 256 + 256 * 10 + 256,
        "one layer's biases are missing: each Dense layer has as many biases as units",
    )
    require(
        answer != 784 * 256 * 10, "layers add up, they do not multiply: count each layer's weights and biases and add"
    )
    require(
        answer == WIDE_PARAMETERS,
        "not yet: a Dense layer has inputs × units weights plus units biases; add the two layers",
    )
    return f"{WIDE_PARAMETERS:,} = (784 × 256 + 256) + (256 × 10 + 10)."


@checker
def check_small_model(build_small_model) -> str:
    """Exercise 2: build Flatten -> Dense(64, ReLU) -> Dense(32, ReLU) -> Dense(10, softmax) from 28 x 28 images."""
    require(
        not isinstance(build_small_model, keras.Model),
        "pass the function itself, check_small_model(build_small_model), not the model it returns",
    )
    require(callable(build_small_model), "`build_small_model` should be a function that returns a model")
    model = build_small_model()
    require(model is not None, "your function returned None: did you forget `return model`?")
    require(isinstance(model, keras.Model), f"the function should return a Keras model, got {type(model).__name__}")
    no_input = "the model has no input: put keras.Input(shape=(28, 28)) first in the list"
    in_shape, out_shape = model_shapes(model, no_input)
    require(in_shape == (None, 28, 28), f"the input should be keras.Input(shape=(28, 28)); yours gives {in_shape}")
    require(len(out_shape) == 2, f"the output shape is {out_shape}: add a Flatten layer so Dense sees vectors of 784")
    dense = [layer for layer in model.layers if layer.weights]
    units = tuple(getattr(layer, "units", None) for layer in dense)
    require(
        units == SMALL_UNITS, f"the Dense layers should have {SMALL_UNITS} units, in that order; yours have {units}"
    )
    activations = tuple(getattr(getattr(layer, "activation", None), "__name__", None) for layer in dense)
    require(
        activations[:2] == SMALL_ACTIVATIONS[:2],
        "both hidden layers need activation='relu' (without it they collapse into one linear map); "
        f"yours: {activations[:2]}",
    )
    require(
        activations[2] == "softmax",
        f"the output layer needs activation='softmax' so that it gives 10 probabilities; yours: {activations[2]}",
    )
    require(
        model.count_params() == SMALL_PARAMETERS,
        f"{model.count_params():,} parameters, expected {SMALL_PARAMETERS:,}: check for extra layers",
    )
    return f"the layers match the spec: {SMALL_PARAMETERS:,} parameters."


@checker
def check_softmax(softmax) -> str:
    """Exercise 3: softmax in NumPy, over the last axis, safe for large logits."""
    require(callable(softmax), "`softmax` should be a function that takes an array of logits")
    logits = np.array([2.0, 1.0, 0.1, -1.0])
    result = softmax(logits)
    require(result is not None, "your function returned None: did you forget `return`?")
    result = np.asarray(result, dtype=np.float64)
    require(
        result.shape == logits.shape,
        f"the output should have the shape of the input {logits.shape}, got {result.shape}",
    )
    expected = softmax_reference(logits)
    require(
        abs(result.sum() - 1) < 1e-6,
        f"the probabilities sum to {result.sum():.4g}: divide the exponentials by their sum",
    )
    require(np.allclose(result, expected, atol=1e-6), "the values are off: softmax(z) = exp(z) / sum(exp(z))")
    batch = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 10.0]])
    batch_result = np.asarray(softmax(batch), dtype=np.float64)
    require(
        batch_result.shape == batch.shape,
        f"for a batch of shape {batch.shape} the output has shape {batch_result.shape}",
    )
    require(
        np.allclose(batch_result.sum(axis=-1), 1, atol=1e-6),
        "for a batch, each row should sum to 1: sum over the last axis with keepdims=True",
    )
    with np.errstate(all="ignore"):
        large = np.asarray(softmax(np.array([1000.0, 999.0, 0.0])), dtype=np.float64)
    require(
        np.all(np.isfinite(large)),
        "logits of 1000 overflow exp() and give NaN: subtract the largest logit first (it does not change the result)",
    )
    require(
        np.allclose(large, [1 / (1 + np.exp(-1)), np.exp(-1) / (1 + np.exp(-1)), 0], atol=1e-6),
        "large logits give wrong values: subtract the largest logit of each row, then apply the formula",
    )
    with np.errstate(all="ignore"):
        far_apart = np.asarray(softmax(np.array([[1000.0, 999.0, 0.0], [0.0, 1.0, 2.0]])), dtype=np.float64)
    require(
        np.all(np.isfinite(far_apart)) and np.allclose(far_apart[1], softmax_reference(np.array([0.0, 1.0, 2.0]))),
        "a batch whose rows have very different logits breaks: subtract each row's own largest logit "
        "(max over axis=-1 with keepdims=True), not the largest of the whole batch",
    )
    return "probabilities that sum to 1, row by row, even for logits of 1000."


def softmax_reference(logits: np.ndarray) -> np.ndarray:
    """Softmax over the last axis, computed the safe way."""
    shifted = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


def _merged(layers):
    weights, bias = layers[0]
    for next_weights, next_bias in layers[1:]:
        weights, bias = weights @ next_weights, bias @ next_weights + next_bias
    return weights, bias


@checker
def check_merge_linear_layers(merge_linear_layers) -> str:
    """Exercise 4: one (W, b) that does what a stack of Dense layers without activation does."""
    require(
        callable(merge_linear_layers), "`merge_linear_layers` should be a function that takes a list of (W, b) pairs"
    )
    rng = np.random.default_rng(3)
    sizes = (6, 5, 4, 3)
    stack = [(rng.normal(size=(m, n)), rng.normal(size=n)) for m, n in zip(sizes[:-1], sizes[1:], strict=True)]
    x = rng.normal(size=(8, sizes[0]))
    for count in (2, 3, 1):
        layers = stack[:count]
        answer = merge_linear_layers(list(layers))
        require(answer is not None, "your function returned None: did you forget `return W, b`?")
        require(
            isinstance(answer, (tuple, list)) and len(answer) == 2, "return two things: the merged W and the merged b"
        )
        w, b = (np.asarray(a, dtype=np.float64) for a in answer)
        expected_w, expected_b = _merged(layers)
        what = f"for {count} layer(s) of sizes {' → '.join(map(str, sizes[: count + 1]))}"
        require(
            w.shape == expected_w.shape,
            f"{what}, W should have shape {expected_w.shape}, got {w.shape}: multiply the W's in order, W1 @ W2 @ ...",
        )
        require(b.shape == expected_b.shape, f"{what}, b should have shape {expected_b.shape}, got {b.shape}")
        require(np.allclose(w, expected_w), f"{what}, W is off: the input meets W1 first, so W = W1 @ W2 @ ...")
        require(
            not (count > 1 and np.allclose(b, layers[-1][1])),
            f"{what}, b is only the last bias: the earlier biases pass through the later W's too",
        )
        require(np.allclose(b, expected_b), f"{what}, b is off: after each layer, b becomes b @ W_next + b_next")
        stacked = x
        for weights, bias in layers:
            stacked = stacked @ weights + bias
        require(np.allclose(x @ w + b, stacked), f"{what}, one layer with your (W, b) does not match the stack")
    return "any stack of linear layers is one linear layer: W = W1 @ W2 @ ..., and each bias carried through."
