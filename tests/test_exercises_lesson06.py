"""Lesson 06 checkers: each accepts the reference solution and rejects realistic mistakes with a useful hint."""

import numpy as np
import pytest

from helpers.exercises.lesson06 import (
    DROPOUT_MODEL_PARAMETERS,
    check_beats_baseline,
    check_dropout_model,
    check_early_stopping,
    check_final_gap,
    check_l2_penalty,
)
from helpers.tf_quiet import keras

HISTORY = {
    "loss": [1.0, 0.5, 0.3, 0.1, 0.05],
    "accuracy": [0.70, 0.85, 0.92, 0.98, 1.00],
    "val_loss": [1.1, 0.6, 0.45, 0.5, 0.6],
    "val_accuracy": [0.68, 0.80, 0.88, 0.87, 0.86],
}


def assert_hint(feedback, *fragments):
    assert not feedback.passed
    for fragment in fragments:
        assert fragment in feedback.message, feedback.message


# --- Exercise 1: the gap at the last epoch ----------------------------------------------


def test_final_gap_accepts_the_gap_in_points():
    assert check_final_gap(100 * (HISTORY["accuracy"][-1] - HISTORY["val_accuracy"][-1]), HISTORY).passed
    assert check_final_gap(14, HISTORY).passed


@pytest.mark.parametrize(
    ("answer", "hint"),
    [
        (0.14, "multiply by 100"),
        (-14.0, "sign is flipped"),
        (100 * (0.92 - 0.88), "the best epoch"),
        (2.0, "after the first epoch"),
        (13.0, "is not the gap"),
    ],
)
def test_final_gap_rejects_common_mistakes(answer, hint):
    assert_hint(check_final_gap(answer, HISTORY), hint)


def test_final_gap_explains_a_malformed_answer():
    assert_hint(check_final_gap("14", HISTORY), "`gap_points` should be a number, not text")
    assert_hint(check_final_gap([14.0, 2.0], HISTORY), "should be one number")
    assert_hint(check_final_gap(..., HISTORY), "replace the `...`")


# --- Exercise 2: early stopping ---------------------------------------------------------------


def test_early_stopping_accepts_the_reference_callback():
    feedback = check_early_stopping(
        keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)
    )
    assert feedback.passed and "epoch 6" in feedback.message and "epoch 3" in feedback.message


def test_early_stopping_can_be_reused_by_the_checker_and_in_fit():
    callback = keras.callbacks.EarlyStopping(patience=3, restore_best_weights=True)
    assert check_early_stopping(callback).passed
    assert check_early_stopping(callback).passed  # on_train_begin resets it


@pytest.mark.parametrize(
    ("callback", "hint"),
    [
        (keras.callbacks.EarlyStopping(monitor="val_loss", restore_best_weights=True), "patience=3"),
        (
            keras.callbacks.EarlyStopping(monitor="val_loss", patience=5, restore_best_weights=True),
            "stopped at epoch 10",
        ),
        (keras.callbacks.EarlyStopping(monitor="val_loss", patience=3), "restore_best_weights=True"),
        (keras.callbacks.EarlyStopping(monitor="loss", patience=3, restore_best_weights=True), "monitor='val_loss'"),
        (keras.callbacks.EarlyStopping, "the class itself"),
    ],
)
def test_early_stopping_rejects_common_mistakes(callback, hint):
    assert_hint(check_early_stopping(callback), hint)


def test_early_stopping_explains_a_malformed_answer():
    assert_hint(check_early_stopping("early stopping"), "expected a keras.callbacks.EarlyStopping")
    assert_hint(check_early_stopping(keras.callbacks.ModelCheckpoint("x.keras")), "got ModelCheckpoint")


# --- Exercise 3: a model with dropout --------------------------------------------------------------


def dropout_model(rate=0.3, hidden=(256, 128), dropout_after_output=False, order_swapped=False, without_dropout=False):
    layers = [keras.Input(shape=(28, 28)), keras.layers.Flatten()]
    for units in hidden:
        pair = [keras.layers.Dense(units, activation="relu")]
        if not without_dropout:
            pair.append(keras.layers.Dropout(rate))
        layers += pair[::-1] if order_swapped else pair
    layers.append(keras.layers.Dense(10, activation="softmax"))
    if dropout_after_output:
        layers.append(keras.layers.Dropout(rate))
    return keras.Sequential(layers)


def test_dropout_model_accepts_the_spec():
    feedback = check_dropout_model(dropout_model())
    assert feedback.passed and f"{DROPOUT_MODEL_PARAMETERS:,}" in feedback.message


@pytest.mark.parametrize(
    ("model", "hint"),
    [
        (dropout_model(without_dropout=True), "no Dropout layer"),
        (dropout_model(rate=0.5), "the spec asks for 0.3"),
        (dropout_model(dropout_after_output=True), "no dropout after the output"),
        (dropout_model(order_swapped=True), "right after the hidden layer"),
        (dropout_model(hidden=(128, 64)), "the spec says 256, 128, 10"),
    ],
)  # fmt: skip
def test_dropout_model_rejects_common_mistakes(model, hint):
    assert_hint(check_dropout_model(model), hint)


def test_dropout_model_explains_a_malformed_answer():
    assert_hint(check_dropout_model(dropout_model), "must return a Keras model, got function")
    assert_hint(check_dropout_model(None), "replace the `...`")
    no_input = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10)])
    assert_hint(check_dropout_model(no_input), "keras.Input(shape=(28, 28))")


# --- Exercise 4: the L2 penalty by hand ----------------------------------------------------------------


@pytest.fixture(scope="module")
def l2_model():
    keras.utils.set_random_seed(0)
    return keras.Sequential([
        keras.Input(shape=(28, 28)), keras.layers.Flatten(),
        keras.layers.Dense(16, activation="relu", kernel_regularizer=keras.regularizers.L2(0.01)),
        keras.layers.Dense(10, activation="softmax"),
    ])  # fmt: skip


def weights(model):
    kernel, bias = model.layers[1].get_weights()
    return kernel.astype(np.float64), bias.astype(np.float64)


def test_l2_penalty_accepts_strength_times_squares(l2_model):
    kernel, _ = weights(l2_model)
    assert check_l2_penalty(0.01 * np.sum(kernel**2), l2_model).passed


@pytest.mark.parametrize(
    ("mistake", "hint"),
    [
        (lambda k, b: np.sum(k**2), "multiply it by the strength 0.01"),
        (lambda k, b: 0.5 * 0.01 * np.sum(k**2), "no factor 1/2"),
        (lambda k, b: 0.01 * np.sum(np.abs(k)), "L1 penalty"),
        (lambda k, b: 0.01 * (np.sum(k**2) + np.sum(b**2) + 0.1), "differs from"),
        (lambda k, b: 0.01 * np.sqrt(np.sum(k**2)), "square root"),
    ],
)
def test_l2_penalty_rejects_common_mistakes(l2_model, mistake, hint):
    assert_hint(check_l2_penalty(float(mistake(*weights(l2_model))), l2_model), hint)


def test_l2_penalty_mentions_the_bias_when_it_is_included(l2_model):
    layer = l2_model.layers[1]
    kernel, bias = layer.get_weights()
    layer.set_weights([kernel, np.full_like(bias, 0.5)])
    try:
        kernel, bias = weights(l2_model)
        assert_hint(check_l2_penalty(0.01 * (np.sum(kernel**2) + np.sum(bias**2)), l2_model), "not the bias")
    finally:
        layer.set_weights([kernel.astype(np.float32), np.zeros_like(bias, dtype=np.float32)])


def test_l2_penalty_explains_a_malformed_answer(l2_model):
    assert_hint(check_l2_penalty(np.ones(3), l2_model), "`penalty` should be one number")
    assert_hint(check_l2_penalty("0.5", l2_model), "not text")


# --- Exercise 5: beat the baseline ---------------------------------------------------------------------


def dot_data():
    images = np.zeros((10, 28, 28), dtype=np.float32)
    for k in range(10):
        images[k, 2 + 2 * k, 2 + 2 * k] = 1.0
    return images, np.arange(10)


def template_model(with_dropout=True, with_l2=True, trained=True):
    """A model that reads the dot 'digits' perfectly (its weights are the templates)."""
    images, _ = dot_data()
    layers = [keras.Input(shape=(28, 28)), keras.layers.Flatten()]
    if with_dropout:
        layers.append(keras.layers.Dropout(0.5))
    regularizer = keras.regularizers.L2(1e-4) if with_l2 else None
    layers.append(keras.layers.Dense(10, activation="softmax", kernel_regularizer=regularizer))
    model = keras.Sequential(layers)
    kernel = images.reshape(10, 784).T * 10 if trained else np.zeros((784, 10), dtype=np.float32)
    model.layers[-1].set_weights([kernel, np.zeros(10, dtype=np.float32)])
    return model


def test_beats_baseline_accepts_a_better_regularized_model():
    assert check_beats_baseline(template_model(), *dot_data(), 0.9).passed


def test_beats_baseline_asks_for_both_remedies():
    data = dot_data()
    assert_hint(check_beats_baseline(template_model(with_dropout=False, with_l2=False), *data, 0.9), "no remedy")
    assert_hint(check_beats_baseline(template_model(with_dropout=False), *data, 0.9), "L2 but no dropout")
    assert_hint(check_beats_baseline(template_model(with_l2=False), *data, 0.9), "dropout but no L2")


def test_beats_baseline_rejects_a_model_that_does_not_beat_it():
    images, labels = dot_data()
    assert_hint(check_beats_baseline(template_model(), images, (labels + 1) % 10, 0.9), "did you fit")
    half_wrong = labels.copy()
    half_wrong[:4] = (labels[:4] + 1) % 10
    assert_hint(check_beats_baseline(template_model(), images, half_wrong, 0.9), "not above the baseline's 90.0 %")
    assert_hint(check_beats_baseline(template_model(trained=False), *dot_data(), 0.9), "did you fit")


def test_beats_baseline_explains_a_malformed_answer():
    images, labels = dot_data()
    assert_hint(check_beats_baseline("model", images, labels, 0.9), "expected a trained Keras model")
    assert_hint(check_beats_baseline(template_model(), images * 255, labels, 0.9), "divide by 255")
