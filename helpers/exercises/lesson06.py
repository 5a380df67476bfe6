"""Checkers for lesson 06, overfitting and its remedies.

1. `check_final_gap`: read the generalization gap off a training history.
2. `check_early_stopping`: an EarlyStopping callback, tested on a made-up run.
3. `check_dropout_model`: a model with dropout, built from a spec.
4. `check_l2_penalty`: the number an L2 regularizer adds to the loss, by hand.
5. `check_beats_baseline`: dropout and L2 together beat the overfitting baseline.
"""

import warnings

import numpy as np

from helpers.checks import as_labels, require_scaled
from helpers.exercises.core import as_number, checker, require
from helpers.models import history_dict
from helpers.tf_quiet import keras


def takes_digit_images(model) -> bool:
    """True if the model starts with keras.Input(shape=(28, 28)); False if it has no defined input."""
    try:
        return len(model.inputs) == 1 and tuple(model.inputs[0].shape[1:]) == (28, 28)
    except (AttributeError, ValueError):  # a Sequential model without keras.Input has no inputs yet
        return False


# --- Exercise 1 -------------------------------------------------------------


@checker
def check_final_gap(gap_points, history) -> str:
    """`gap_points`: training minus validation accuracy at the last epoch, in percentage points."""
    values = history_dict(history)
    train, val = values["accuracy"][-1], values["val_accuracy"][-1]
    expected = 100 * (train - val)
    gap_points = as_number(gap_points, "gap_points")
    close = lambda value: abs(gap_points - value) < 0.05  # noqa: E731
    require(not close(train - val), "that is the gap as a fraction: multiply by 100 to get percentage points.")
    require(not close(-expected), "the sign is flipped: subtract the validation accuracy from the training accuracy.")
    best = int(np.argmin(values["val_loss"]))
    require(
        not close(100 * (values["accuracy"][best] - values["val_accuracy"][best])) or close(expected),
        "that is the gap at the best epoch; the exercise asks for the last epoch (index -1).",
    )
    require(
        not close(100 * (values["accuracy"][0] - values["val_accuracy"][0])) or close(expected),
        "that is the gap after the first epoch; take the last one (index -1).",
    )
    require(
        close(expected),
        f"{gap_points:.2f} is not the gap: take history['accuracy'][-1] - history['val_accuracy'][-1], times 100.",
    )
    return f"training accuracy is {expected:.1f} points above validation accuracy at the last epoch."


# --- Exercise 2 -------------------------------------------------------------

# A made-up run: validation loss falls until epoch 3 (index 2), then wanders above it.
SIMULATED_VAL_LOSS = (0.90, 0.60, 0.50, 0.55, 0.52, 0.58, 0.61, 0.49, 0.70, 0.72)
EXPECTED_PATIENCE = 3


def _simulate(callback, val_losses=SIMULATED_VAL_LOSS) -> tuple[int, float]:
    """Drive `callback` through a made-up run; return the epoch (from 1) it stopped at and the weight left.

    The tiny model's single weight is set to the epoch number before each
    epoch ends, so the weight after training tells which epoch's weights were kept.
    """
    model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1, use_bias=False)])
    model.stop_training = False
    callback.set_model(model)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        callback.on_train_begin()
        stopped = len(val_losses)
        for epoch, loss in enumerate(val_losses):
            model.set_weights([np.full((1, 1), epoch + 1, dtype="float32")])
            callback.on_epoch_end(epoch, {"loss": 0.1, "val_loss": loss})
            if model.stop_training:
                stopped = epoch + 1
                break
        callback.on_train_end()
    return stopped, float(model.get_weights()[0][0, 0])


@checker
def check_early_stopping(callback) -> str:
    """`callback`: EarlyStopping on the validation loss, patience 3, restoring the best weights."""
    require(
        not isinstance(callback, type),
        "that is the class itself: create one with keras.callbacks.EarlyStopping(...).",
    )
    require(
        isinstance(callback, keras.callbacks.EarlyStopping),
        f"expected a keras.callbacks.EarlyStopping, got {type(callback).__name__}.",
    )
    require(
        callback.monitor == "val_loss",
        f"it watches {callback.monitor!r}; watch the validation loss: monitor='val_loss'.",
    )
    stopped, kept = _simulate(callback)
    best = int(np.argmin(SIMULATED_VAL_LOSS[:stopped])) + 1
    expected_stop = 3 + EXPECTED_PATIENCE
    require(
        stopped != 4,
        "it stopped right after the first epoch without improvement: set patience=3 to wait 3 epochs.",
    )
    require(
        stopped == expected_stop,
        f"on a run whose validation loss is lowest at epoch 3 it stopped at epoch {stopped}; "
        f"with patience=3 it should stop at epoch {expected_stop}.",
    )
    require(
        kept == best,
        f"after stopping, the model kept the weights of epoch {kept:g}, not those of the best epoch {best}: "
        "pass restore_best_weights=True.",
    )
    return f"on a made-up run it stopped at epoch {stopped} and restored the weights of epoch {best}."


# --- Exercise 3 -------------------------------------------------------------

DROPOUT_SPEC = (("Flatten", None), ("Dense", 256), ("Dropout", 0.3), ("Dense", 128), ("Dropout", 0.3), ("Dense", 10))
DROPOUT_MODEL_PARAMETERS = 784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10  # 235,146


def _layer_summary(layer) -> tuple[str, object]:
    kind = type(layer).__name__
    if kind == "Dense":
        return kind, layer.units
    if kind == "Dropout":
        return kind, float(layer.rate)
    return kind, None


@checker
def check_dropout_model(model) -> str:
    """`model`: Flatten, Dense(256, relu), Dropout(0.3), Dense(128, relu), Dropout(0.3), Dense(10, softmax)."""
    require(
        isinstance(model, keras.Model), f"build_dropout_model() must return a Keras model, got {type(model).__name__}."
    )
    require(takes_digit_images(model), "start the model with keras.Input(shape=(28, 28)).")
    layers = [_layer_summary(layer) for layer in model.layers]
    kinds = [kind for kind, _ in layers]
    require(
        kinds.count("Dropout") > 0,
        "there is no Dropout layer: add keras.layers.Dropout(0.3) after each hidden Dense layer.",
    )
    require(kinds[-1] == "Dense", "the last layer must be the Dense(10, softmax) output: no dropout after the output.")
    require(
        kinds.count("Dropout") == 2,
        f"the spec has 2 Dropout layers (one after each hidden layer); yours has {kinds.count('Dropout')}.",
    )
    rates = [value for kind, value in layers if kind == "Dropout"]
    require(
        all(abs(rate - 0.3) < 1e-9 for rate in rates), f"the dropout rates are {rates}; the spec asks for 0.3 each."
    )
    require(
        [kind for kind, _ in DROPOUT_SPEC] == kinds,
        "the layer order should be Flatten, Dense, Dropout, Dense, Dropout, Dense: "
        "each Dropout comes right after the hidden layer it thins out.",
    )
    units = [value for kind, value in layers if kind == "Dense"]
    require(units == [256, 128, 10], f"the Dense layers have {units} units; the spec says 256, 128, 10.")
    activations = [layer.activation.__name__ for layer in model.layers if type(layer).__name__ == "Dense"]
    require(activations == ["relu", "relu", "softmax"], f"the activations are {activations}; use relu, relu, softmax.")
    require(
        model.count_params() == DROPOUT_MODEL_PARAMETERS,
        f"{model.count_params():,} parameters, expected {DROPOUT_MODEL_PARAMETERS:,}.",
    )
    return f"{DROPOUT_MODEL_PARAMETERS:,} parameters; Dropout adds none, it only switches units off while training."


# --- Exercise 4 -------------------------------------------------------------


@checker
def check_l2_penalty(penalty, model) -> str:
    """`penalty`: what the model's L2 regularizer adds to the loss, computed by hand."""
    penalty = as_number(penalty, "penalty")
    dense = next(layer for layer in model.layers if getattr(layer, "kernel_regularizer", None) is not None)
    strength = float(dense.kernel_regularizer.l2)
    kernel, bias = (w.astype(np.float64) for w in dense.get_weights())
    expected = float(sum(np.asarray(loss) for loss in model.losses))
    close = lambda value: abs(penalty - value) <= 1e-4 * max(1.0, abs(value))  # noqa: E731
    squares = float(np.sum(kernel**2))
    mistakes = (
        (squares, f"that is the sum of squared weights; multiply it by the strength {strength:g}."),
        (strength * np.sum(np.abs(kernel)), "that is an L1 penalty (absolute values): L2 squares the weights."),
        (0.5 * strength * squares, "Keras' L2 has no factor 1/2: it is strength × sum of squared weights."),
        (strength * (squares + np.sum(bias**2)), "only the kernel is penalised here, not the bias."),
        (strength * np.sqrt(squares), "square each weight and add them up; don't take the square root."),
    )
    if not close(expected):
        for value, hint in mistakes:
            require(not close(value), hint)
    require(close(expected), f"{penalty:.6g} differs from the {expected:.6g} Keras adds to the loss.")
    return f"{expected:.4f}, exactly what Keras adds to the loss (model.losses)."


# --- Exercise 5 -------------------------------------------------------------


@checker
def check_beats_baseline(model, x_val, y_val, baseline_accuracy: float) -> str:
    """`model`: trained on the small subset with dropout and L2, it beats the baseline on validation data."""
    require(isinstance(model, keras.Model), f"expected a trained Keras model, got {type(model).__name__}.")
    x_val = require_scaled(x_val, "validation images")
    y_val = as_labels(y_val, len(x_val), "validation labels")
    has_dropout = any(isinstance(layer, keras.layers.Dropout) for layer in model.layers)
    has_l2 = any(getattr(layer, "kernel_regularizer", None) is not None for layer in model.layers)
    require(has_dropout or has_l2, "this model has no remedy in it: add Dropout layers and an L2 kernel_regularizer.")
    require(has_dropout, "there is L2 but no dropout: add a Dropout layer after each hidden layer.")
    require(
        has_l2,
        "there is dropout but no L2: give the hidden Dense layers kernel_regularizer=keras.regularizers.L2(...).",
    )
    predictions = model.predict(x_val, verbose=0, batch_size=1000)
    require(
        predictions.shape == (len(x_val), 10),
        f"the model outputs shape {predictions.shape[1:]}, expected 10 probabilities.",
    )
    accuracy = float(np.mean(predictions.argmax(axis=1) == y_val))
    require(accuracy > 0.5, f"validation accuracy {100 * accuracy:.1f} %: did you fit the model?")
    require(
        accuracy > baseline_accuracy,
        f"validation accuracy {100 * accuracy:.1f} %, not above the baseline's {100 * baseline_accuracy:.1f} %: "
        "try a higher dropout rate, or combine two remedies.",
    )
    return f"validation accuracy {100 * accuracy:.1f} %, above the baseline's {100 * baseline_accuracy:.1f} %."
