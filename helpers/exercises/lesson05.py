"""Checkers for lesson 05 (what the hidden units learn).

Each checker examines what the learner's code produced (an image, a count,
indices, a Keras model, a function's results), never the text of the code.
"""

import warnings

import numpy as np

from helpers.exercises.core import checker, require
from helpers.lesson05 import activation_model, nearest_class_mean_accuracy
from helpers.tf_quiet import keras


def _array(answer, what: str) -> np.ndarray:
    array = np.asarray(answer)
    require(array.dtype != object and np.issubdtype(array.dtype, np.number),
            f"expected {what}, got {type(answer).__name__}.")
    return array


@checker
def check_unit_weight_image(image, model, unit: int) -> str:
    """Exercise 1: the first-layer weights of `unit` laid out as a 28x28 image."""
    image = _array(image, "a 28 x 28 array of weights")
    kernel, bias = model.layers[1].get_weights()
    expected = kernel[:, unit].reshape(28, 28)
    require(image.shape == (28, 28), f"expected a 28 x 28 array, got shape {image.shape}. The unit's 784 "
                                     "weights are one column of the kernel: kernel[:, unit].reshape(28, 28).")
    require(not np.allclose(image, expected.T), "the image is transposed: reshape(28, 28) already lays the "
                                                "784 weights out row by row, like the pixels; drop the .T.")
    require(not np.allclose(image, kernel[:, unit].reshape(28, 28, order="F")),
            "the image is transposed: use the default reshape order (row by row), not order='F'.")
    matches = [u for u in range(kernel.shape[1]) if np.allclose(image, kernel[:, u].reshape(28, 28))]
    require(not matches or matches == [unit], f"those are the weights of unit {matches[0] if matches else '?'}, "
                                              f"not unit {unit}: pick column {unit} of the kernel.")
    require(np.allclose(image, expected), "these are not the unit's weights. The kernel of the first Dense layer "
                                          "is model.layers[1].get_weights()[0], shape (784, 128).")
    return f"unit {unit}'s weights, one per pixel, laid out like the image it multiplies."


@checker
def check_rarely_active_count(n_rare, activations, fraction: float = 0.05) -> str:
    """Exercise 2: how many units fire (activation > 0) on fewer than `fraction` of the images."""
    activations = np.asarray(activations)
    require(isinstance(n_rare, (int, np.integer)) and not isinstance(n_rare, bool),
            f"expected a whole number of units, got {type(n_rare).__name__}"
            + (": count the True values with .sum() or np.count_nonzero" if np.ndim(n_rare) else "."))
    n_rare = int(n_rare)
    firing_rate = (activations > 0).mean(axis=0)
    expected = int(np.sum(firing_rate < fraction))
    n_units = activations.shape[1]
    require(n_rare != n_units - expected or n_rare == expected,
            "you counted the units that fire on *at least* 5 % of the images; count the others.")
    require(n_rare != int(np.sum(activations.max(axis=0) == 0)) or n_rare == expected,
            "those are the units that never fire at all; also count the ones that fire on some images, "
            "but on fewer than 5 % of them.")
    require(n_rare != int(np.sum(activations.mean(axis=0) < fraction)) or n_rare == expected,
            "you compared the mean *activation* with 0.05; compare the share of images on which the unit "
            "fires, (activations > 0).mean(axis=0).")
    require(0 <= n_rare <= n_units, f"the layer has only {n_units} units.")
    require(n_rare == expected, "not the right count. For each unit (a column), take the share of images with "
                                "activation > 0, then count the units where that share is below 0.05.")
    return f"{expected} of {n_units} units fire on fewer than 5 % of the test images."


@checker
def check_top_images(indices, activations, unit: int, k: int = 5) -> str:
    """Exercise 3: the indices of the `k` images that excite `unit` most, strongest first."""
    activations = np.asarray(activations)
    indices = _array(indices, f"an array of {k} image indices")
    require(indices.shape == (k,), f"expected {k} indices, got shape {indices.shape}.")
    require(np.issubdtype(indices.dtype, np.integer), "expected whole-number indices (np.argsort gives them).")
    require(indices.min() >= 0 and indices.max() < len(activations),
            f"indices must point at images 0-{len(activations) - 1}.")
    column = activations[:, unit]
    order = np.argsort(-column, kind="stable")
    expected_values = column[order[:k]]
    values = column[indices]
    least_exciting = column[np.argsort(column, kind="stable")[:k]]
    require(not np.allclose(values, least_exciting) or np.allclose(values, expected_values),
            "those images excite the unit *least*: np.argsort sorts from small to large; "
            "reverse it ([::-1]) before taking the first k.")
    require(not np.allclose(np.sort(values)[::-1], expected_values) or np.allclose(values, expected_values),
            "the right images, in the wrong order: put the most exciting first.")
    require(np.allclose(values, expected_values),
            f"these are not the {k} images with the largest activation of unit {unit} "
            f"(activations[:, {unit}]).")
    return f"images {', '.join(map(str, indices))} excite unit {unit} most."


def _run(model, images):
    """Call a Keras model on images directly.

    Not `.predict`: that traces a new tf.function for every new model, and
    TensorFlow warns about retracing after a few. Keras warns that a model
    built from `model.inputs` (a list) is called with a bare array; that is
    harmless here, so exactly that warning is silenced.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The structure of `inputs` doesn't match")
        return model(images, training=False)


@checker
def check_second_layer_model(feature_model, model, images) -> str:
    """Exercise 4: a Keras model from the network's input to the 64-unit layer's output."""
    require(isinstance(feature_model, keras.Model),
            f"expected a keras.Model, got {type(feature_model).__name__}: "
            "keras.Model(inputs=model.inputs, outputs=...)")
    outputs = _run(feature_model, images)
    require(not isinstance(outputs, (list, tuple)),
            "the model has several outputs; give it just one: the output of the 64-unit layer.")
    outputs = keras.ops.convert_to_numpy(outputs)
    expected = [keras.ops.convert_to_numpy(a) for a in _run(activation_model(model), images)]
    widths = {128: "the 128-unit layer (model.layers[1])", 10: "the output layer (model.layers[3])",
              784: "the Flatten layer (model.layers[0])"}
    require(outputs.shape[1:] == (64,), f"its output has {outputs.shape[1]} numbers per image: that is "
                                        f"{widths.get(outputs.shape[1], 'not the 64-unit layer')}. "
                                        "The 64-unit layer is model.layers[2].")
    require(np.allclose(outputs, expected[1], atol=1e-5),
            "it outputs 64 numbers, but not the trained network's 64-unit activations: build it from "
            "model.inputs and model.layers[2].output of the trained model.")
    return "it outputs the 64-unit layer's activations of the trained network."


def _example_features(seed: int) -> tuple[np.ndarray, ...]:
    """Small clustered features with known class structure, a test set and an imbalanced train set."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(scale=2.0, size=(10, 6))
    train_labels = np.concatenate([np.full(5 + 3 * digit, digit) for digit in range(10)])
    test_labels = rng.integers(0, 10, size=200)
    train = centres[train_labels] + rng.normal(scale=1.6, size=(len(train_labels), 6))
    test = centres[test_labels] + rng.normal(scale=1.6, size=(len(test_labels), 6))
    return train.astype(np.float32), train_labels, test.astype(np.float32), test_labels


def _nearest_mean_variant(train, train_labels, test, test_labels, *, farthest=False, means_from_test=False):
    source, source_labels = (test, test_labels) if means_from_test else (train, train_labels)
    means = np.stack([source[source_labels == d].mean(axis=0) for d in range(10)])
    distances = ((test[:, None, :] - means[None]) ** 2).sum(axis=2)
    picked = distances.argmax(axis=1) if farthest else distances.argmin(axis=1)
    return float(np.mean(picked == test_labels))


@checker
def check_nearest_class_mean(func) -> str:
    """Exercise 5: a function (train features, train labels, test features, test labels) -> accuracy."""
    require(callable(func), f"expected your function nearest_class_mean_accuracy, got {type(func).__name__}.")
    for seed in (0, 1):
        data = _example_features(seed)
        expected = nearest_class_mean_accuracy(*data)
        answer = func(*data)
        require(answer is not None and answer is not Ellipsis,
                "your function returns nothing yet: fill in the `...` and return the accuracy.")
        require(np.ndim(answer) == 0 and np.isfinite(float(answer)),
                f"the function must return one number (the accuracy), it returned {type(answer).__name__}.")
        answer = float(answer)
        require(not np.isclose(answer, expected * len(data[3])),
                "it returns the number of correct test predictions; return the fraction (divide by the count).")
        require(not np.isclose(answer, 100 * expected), "it returns a percentage; return a fraction in [0, 1].")
        require(not np.isclose(answer, _nearest_mean_variant(*data, farthest=True)) or np.isclose(answer, expected),
                "it picks the class whose mean is *farthest*; use argmin of the distances.")
        require(not np.isclose(answer, _nearest_mean_variant(*data, means_from_test=True))
                or np.isclose(answer, expected),
                "it computes the class means from the test features: that peeks at the answers. "
                "Compute them from the training features and labels.")
        require(np.isclose(answer, expected, atol=1e-9),
                f"on a small made-up data set it returns {answer:.4f} instead of {expected:.4f}. "
                "Mean of the training features per digit, then for each test vector the digit with "
                "the nearest mean, then the fraction of test vectors where that digit is the label.")
    return "your nearest-class-mean classifier gives the same accuracy as the helper on two test data sets."
