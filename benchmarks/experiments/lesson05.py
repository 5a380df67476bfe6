"""Lesson 05's experiment: how the softmax probe's weight penalty is chosen, and how settled it is after 10 epochs.

The probe is lesson 05's `probe_accuracy` cell, line for line apart from the
data it is given: a `Dense(10, softmax)` read-out with an L2 weight penalty,
fitted with Adam (learning rate 0.01, batch 256) on features standardized
over the images it is fitted on. Lesson 05 fits it on the 6,000 validation
images lesson 04 held out (the network never trained on them) and scores it
on the test set. Here those 6,000 images are split instead: the probe is
fitted on the first 5,000 and scored on the last 1,000, so the penalty is
chosen without looking at the test set.
"""

from collections.abc import Sequence

import numpy as np

from benchmarks.experiments import Rows, experiment
from helpers import reference
from helpers.data import load_mnist, scale_pixels
from helpers.models import layer_outputs_model, predict_in_batches
from helpers.tf_quiet import keras

PENALTIES = (0.0, 0.0001, 0.001, 0.01)
EPOCHS = 10  # the lesson's; each probe then trains EPOCHS more, to show how much that still changes
HELD_OUT = 54_000  # lesson 04's validation_split=0.1 holds out the last 6,000 training images
FIT_IMAGES = 5_000  # of the 6,000 held-out images: fit on these, validate on the rest
LAYERS = ("hidden_1", "hidden_2")


def _representations(seed: int, held_images: np.ndarray) -> dict[str, np.ndarray]:
    """The held-out images as pixels and as each hidden layer of the trained network and its untrained twin."""
    keras.backend.clear_session()
    trained = keras.models.load_model(reference.saved_model_file(seed))
    keras.utils.set_random_seed(seed)
    untrained = keras.models.clone_model(trained)  # the same starting weights as lesson 04's model
    features = {"pixels": scale_pixels(held_images).reshape(len(held_images), -1)}
    for name, network in (("trained", trained), ("untrained", untrained)):
        outputs = predict_in_batches(layer_outputs_model(network, [network.get_layer(n) for n in LAYERS]), held_images)
        features |= {f"{name} {layer}": values for layer, values in zip(LAYERS, outputs, strict=True)}
    return features


def _probe(seed: int, penalty: float, fit, fit_labels, check, check_labels) -> dict[str, float]:
    """Lesson 05's probe fitted on `fit`: its loss there and its accuracy on `check`, after EPOCHS and 2 x EPOCHS."""
    mean, spread = fit.mean(axis=0), fit.std(axis=0)
    spread[spread == 0] = 1
    fit, check = (fit - mean) / spread, (check - mean) / spread
    keras.utils.set_random_seed(seed)
    probe = keras.Sequential(
        [
            keras.Input(shape=(fit.shape[1],)),
            keras.layers.Dense(10, activation="softmax", kernel_regularizer=keras.regularizers.L2(penalty)),
        ]
    )
    probe.compile(
        optimizer=keras.optimizers.Adam(0.01),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
        steps_per_execution=24,
    )
    result = {"epochs": EPOCHS}
    for suffix in ("", "_doubled"):
        history = probe.fit(fit, fit_labels, epochs=EPOCHS, batch_size=256, verbose=0)
        _, accuracy = probe.evaluate(check, check_labels, batch_size=1000, verbose=0)
        result[f"loss{suffix}"] = round(float(history.history["loss"][-1]), 6)
        result[f"val_accuracy{suffix}"] = round(float(accuracy), 6)
    return result


@experiment("probe_penalty")
def probe_penalty(seeds: Sequence[int]) -> Rows:
    """Lesson 05's softmax probe on pixels and on both hidden layers of the trained network and of its
    untrained twin (same seed), for weight penalties 0, 0.0001, 0.001 and 0.01. Fitted on 5,000 of the
    6,000 images lesson 04 held out for validation, scored on the other 1,000 (the test set is not used).
    One row per representation, penalty and seed: the training loss (with the penalty) of the last epoch
    and the validation accuracy after the lesson's 10 epochs, and the same after 10 more (`_doubled`)."""
    (x_train, y_train), _ = load_mnist()
    held_images, held_labels = x_train[HELD_OUT:], y_train[HELD_OUT:]
    rows = []
    for seed in seeds:
        for name, features in _representations(seed, held_images).items():
            for penalty in PENALTIES:
                result = _probe(
                    seed,
                    penalty,
                    features[:FIT_IMAGES],
                    held_labels[:FIT_IMAGES],
                    features[FIT_IMAGES:],
                    held_labels[FIT_IMAGES:],
                )
                rows.append({"representation": name, "penalty": penalty, "seed": seed, **result})
                print(f"probe_penalty: seed {seed}, {name}, penalty {penalty:g}: {result}", flush=True)
    return rows
