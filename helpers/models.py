"""What every lesson needs from a Keras model: one home for each of these small utilities.

* `require_model`: is this a Keras model with a defined input (and the shapes we need)?
* `layer_outputs_model`: a model that returns the outputs of the inner layers;
* `predict_in_batches`: a trained model's outputs for many images, without retracing;
* `history_dict`: the metric lists of a `History` (or of a plain dict);
* `batches`: images and labels as a light `tf.data` stream of shuffled batches for `fit`;
* `cache_dir`: where trained models are kept between lessons (never inside the repository).
"""

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from helpers.checks import as_image_batch, as_labels
from helpers.tf_quiet import keras, tf

CACHE_VARIABLE = "DNN_DIGITS_CACHE"


def require_model(
    model, *, input_shape: tuple | None = None, output_units: int | None = None, name: str = "model"
) -> keras.Model:
    """Return `model` if it is a Keras model with a defined input; else raise an error that says what to do.

    `input_shape` (without the batch axis, e.g. (28, 28)) and `output_units`
    (e.g. 10) are checked when given.
    """
    if not isinstance(model, keras.Model):
        raise TypeError(f"{name} must be a Keras model, got {type(model).__name__}")
    try:
        inputs = model.inputs
    except (AttributeError, ValueError):
        inputs = None
    if not inputs:
        raise ValueError(f"{name} has no defined input: start it with keras.Input(shape=...)")
    actual_input = tuple(inputs[0].shape)[1:]
    if input_shape is not None and actual_input != tuple(input_shape):
        raise ValueError(f"{name} must take inputs of shape {tuple(input_shape)}; it takes {actual_input}")
    if output_units is not None:
        actual_output = tuple(model.outputs[0].shape)[1:]
        if actual_output != (output_units,):
            raise ValueError(f"{name} must output {output_units} numbers per example; it outputs {actual_output}")
    return model


def layer_outputs_model(model, layers: Sequence | None = None) -> keras.Model:
    """A Keras model from `model`'s input to the outputs of `layers` (default: every layer), in order.

    It shares the trained layers, so calling it costs one forward pass and
    returns one array per layer (for a single layer, Keras returns that one
    array rather than a list of one).
    """
    model = require_model(model)
    chosen = list(model.layers if layers is None else layers)
    if not chosen:
        raise ValueError("layers is empty: name at least one layer of the model")
    foreign = [layer.name for layer in chosen if layer not in model.layers]
    if foreign:
        raise ValueError(f"these layers are not in the model: {foreign}")
    return keras.Model(inputs=model.inputs[0], outputs=[layer.output for layer in chosen])


def predict_in_batches(model, inputs, batch_size: int = 1000):
    """The model's outputs for `inputs`, computed in batches with `training=False` (dropout off).

    Calls the model directly instead of `model.predict`, which compiles a new
    function for every input size and warns about "retracing" when sizes
    vary. A model with several outputs gives a list of arrays.
    """
    model = require_model(model)
    array = np.asarray(inputs)
    if len(array) == 0:
        raise ValueError("inputs is empty: pass at least one example")
    chunks = [model(array[start : start + batch_size], training=False) for start in range(0, len(array), batch_size)]
    if isinstance(chunks[0], (list, tuple)):
        return [np.concatenate([np.asarray(chunk[k]) for chunk in chunks]) for k in range(len(chunks[0]))]
    return np.concatenate([np.asarray(chunk) for chunk in chunks])


def history_dict(history) -> dict[str, list[float]]:
    """The metric lists of a Keras `History` (or a plain dict of lists), as floats."""
    values = getattr(history, "history", history)
    if not isinstance(values, Mapping) or not values:
        raise ValueError("expected a Keras History from model.fit(...) or a dict of metric lists")
    return {key: [float(v) for v in series] for key, series in values.items()}


def cache_dir() -> Path:
    """Where trained models are kept between lessons: `$DNN_DIGITS_CACHE`, else ~/.cache/dnn-digits."""
    return Path(os.environ.get(CACHE_VARIABLE) or Path.home() / ".cache" / "dnn-digits").expanduser()


def batches(images, labels, batch_size: int, seed: int | None = None) -> tf.data.Dataset:
    """`images` and `labels` as a stream of batches for `fit`, reshuffled every epoch when `seed` is given.

    `fit` also takes the arrays themselves; this light `tf.data` pipeline
    costs less time per step than the one Keras builds for arrays (for a
    small CNN on all 60,000 MNIST images, about a third less here). The
    batches arrive already shuffled, so pass `shuffle=False` to `fit`. The
    same seed gives the same order of batches.

    Without a seed the batches never change, so they are kept in memory
    after the first pass (a copy of the images): scoring the same
    validation images after every epoch then costs about half as much.
    """
    images = as_image_batch(images)
    labels = as_labels(labels, len(images))
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"batch_size must be a whole number of at least 1, got {batch_size!r}")
    dataset = tf.data.Dataset.from_tensor_slices((images, labels))
    if seed is None:
        return dataset.batch(batch_size).cache()
    dataset = dataset.shuffle(len(images), seed=seed, reshuffle_each_iteration=True)
    return dataset.batch(batch_size).prefetch(tf.data.AUTOTUNE)
