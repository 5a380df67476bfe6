"""Checkers for the exercises of lesson 03 (Layer by layer)."""

import math

import numpy as np

from helpers.exercises.core import Hints, as_number, as_whole_number, call, checker, require, require_model

LN_10 = math.log(10)

hint = Hints(
    {
        1: (
            "Flatten has no parameters. A Dense layer with n_in inputs and n_out units has one weight per "
            "connection and one bias per unit.",
            "The hidden layer: 784 inputs × 256 units + 256 biases. The output layer: 256 inputs × 10 units "
            "+ 10 biases. Add the two.",
        ),
        2: (
            "With every weight and every bias of the last layer 0, what are the ten logits, whatever the image? "
            "And what does softmax make of ten equal logits?",
            "Ten equal logits give ten probabilities of 1/10, so every image's loss is −ln(1/10) = ln 10: "
            "`np.log(10)` computes it.",
        ),
        3: (
            "Work along the last axis: `logits.max(axis=-1, keepdims=True)` is each row's largest logit, "
            "in a shape that broadcasts back against the logits (section 4). Subtract it before `np.exp`.",
            "exps = np.exp(logits - logits.max(axis=-1, keepdims=True)), then divide exps by "
            "exps.sum(axis=-1, keepdims=True). For a single vector, axis=-1 is its only axis, so the same code works.",
        ),
        4: (
            "Start from the first pair, W, b = layers[0], and fold in the next layer, one at a time, "
            "as section 3 did for two layers.",
            "x @ W + b, then through (W_next, b_next), is x @ (W @ W_next) + (b @ W_next + b_next): "
            "so W becomes W @ W_next and b becomes b @ W_next + b_next.",
        ),
    }
)


@checker
def check_parameter_count(n_params, model) -> str:
    """Exercise 1: the learner's prediction of a Dense network's parameter count, against what Keras counts."""
    answer = as_whole_number(n_params, "n_params")
    model = require_model(model, "the model in the check cell")
    dense = [layer for layer in model.layers if layer.weights]
    shapes = [tuple(layer.kernel.shape) for layer in dense]
    weights = sum(n_in * n_out for n_in, n_out in shapes)
    biases = sum(n_out for _, n_out in shapes)
    require(answer != weights, "you counted the weights only: every unit also has one bias")
    for n_in, n_out in shapes:
        require(
            answer != n_in * n_out + n_out or len(shapes) == 1,
            f"that is one layer alone ({n_in} × {n_out} + {n_out}): add the parameters of every Dense layer",
        )
    require(
        all(answer != weights + biases - n_out for _, n_out in shapes),
        "one layer's biases are missing: each Dense layer has as many biases as units",
    )
    require(
        answer != math.prod(n_in for n_in, _ in shapes) * shapes[-1][1],
        "layers add up, they do not multiply: count each layer's weights and biases and add",
    )
    total = model.count_params()
    require(answer == total, "not yet: a Dense layer has inputs × units weights plus units biases; add the layers")
    terms = " + ".join(f"({n_in} × {n_out} + {n_out})" for n_in, n_out in shapes)
    return f"Keras counts {total:,} too: {terms}."


@checker
def check_uniform_loss(predicted_loss, measured_loss) -> str:
    """Exercise 2: a last layer that starts at zero outputs 1/10 for every digit, so its loss is exactly ln 10."""
    prediction = as_number(predicted_loss, "predicted_loss")
    measured = as_number(measured_loss, "measured_loss")
    require(
        abs(measured - LN_10) < 1e-3,
        f"the check cell measured {measured:.4f}, not ln 10: run it as it is, with the zero-initialized last layer",
    )
    require(prediction != 0, "a loss of 0 means certainty about the true digit; this network has no idea at all")
    require(
        abs(prediction - 0.1) > 1e-6,
        "0.1 is the probability each digit gets; the loss is −ln of the true digit's probability",
    )
    require(prediction > 0, "cross-entropy is −ln p, and p ≤ 1, so it is never negative: mind the minus sign")
    require(
        abs(prediction - measured) < 0.02,
        f"the measured loss is {measured:.4f}. What are the ten probabilities when all ten logits are equal? "
        "exercises.hint(2)",
    )
    return (
        f"{measured:.4f} = ln 10. Ten equal logits give exactly 1/10 per digit, the one output that reaches "
        "the lower bound of section 4; the untrained network of section 4 sat a little above it."
    )


def softmax_reference(logits: np.ndarray) -> np.ndarray:
    """Softmax over the last axis, computed the safe way."""
    shifted = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


def _softmax_of(softmax, logits) -> np.ndarray:
    with np.errstate(all="ignore"):
        return np.asarray(call(softmax, logits, name="softmax"), dtype=np.float64)


@checker
def check_softmax(softmax) -> str:
    """Exercise 3: softmax in NumPy, over the last axis, safe for large logits."""
    logits = np.array([2.0, 1.0, 0.1, -1.0])
    result = _softmax_of(softmax, logits)
    require(
        result.shape == logits.shape,
        f"the output should have the shape of the input {logits.shape}, got {result.shape}",
    )
    require(
        abs(result.sum() - 1) < 1e-6,
        f"the probabilities sum to {result.sum():.4g}: divide the exponentials by their sum",
    )
    require(
        np.allclose(result, softmax_reference(logits), atol=1e-6),
        "the values are off: softmax(z) = exp(z) / sum(exp(z))",
    )
    batch = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 10.0]])
    batch_result = _softmax_of(softmax, batch)
    require(
        batch_result.shape == batch.shape,
        f"for a batch of shape {batch.shape} the output has shape {batch_result.shape}",
    )
    require(
        np.allclose(batch_result.sum(axis=-1), 1, atol=1e-6),
        "for a batch, each row should sum to 1: sum over the last axis with keepdims=True",
    )
    large = _softmax_of(softmax, np.array([1000.0, 999.0, 0.0]))
    require(
        np.all(np.isfinite(large)),
        "logits of 1000 overflow exp() and give NaN: subtract the largest logit first (it does not change the result)",
    )
    require(
        np.allclose(large, softmax_reference(np.array([1000.0, 999.0, 0.0])), atol=1e-6),
        "large logits give wrong values: subtract the largest logit of each row, then apply the formula",
    )
    far_apart = _softmax_of(softmax, np.array([[1000.0, 999.0, 0.0], [0.0, 1.0, 2.0]]))
    require(
        np.all(np.isfinite(far_apart)) and np.allclose(far_apart[1], softmax_reference(np.array([0.0, 1.0, 2.0]))),
        "a batch whose rows have very different logits breaks: subtract each row's own largest logit "
        "(max over axis=-1 with keepdims=True), not the largest of the whole batch",
    )
    return "probabilities that sum to 1, row by row, even for logits of 1000."


def _merged(layers):
    weights, bias = layers[0]
    for next_weights, next_bias in layers[1:]:
        weights, bias = weights @ next_weights, bias @ next_weights + next_bias
    return weights, bias


@checker
def check_merge_affine_layers(merge_affine_layers) -> str:
    """Exercise 4: one (W, b) that does what a stack of Dense layers without activation does."""
    rng = np.random.default_rng(3)
    sizes = (6, 5, 4, 3)
    stack = [(rng.normal(size=(m, n)), rng.normal(size=n)) for m, n in zip(sizes[:-1], sizes[1:], strict=True)]
    x = rng.normal(size=(8, sizes[0]))
    for count in (2, 3, 1):
        layers = stack[:count]
        answer = call(merge_affine_layers, list(layers), name="merge_affine_layers")
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
    return "any stack of affine layers is one affine layer: W = W1 @ W2 @ ..., and each bias carried through."
