"""Lesson 07 checkers: each accepts the reference solution and rejects realistic mistakes with a useful hint."""

import numpy as np
import pytest

from helpers.exercises.lesson07 import (
    SMALL_CNN_PARAMETERS,
    check_conv_parameters,
    check_diagonal_accuracy,
    check_shift_right,
    check_small_cnn,
)
from helpers.tf_quiet import keras


def assert_hint(feedback, *fragments):
    assert not feedback.passed
    for fragment in fragments:
        assert fragment in feedback.message, feedback.message


# --- Exercise 1: shift right by hand ------------------------------------------------------


def shift_right(images, k):
    shifted = np.zeros_like(images)
    shifted[:, :, k:] = images[:, :, : images.shape[2] - k]
    return shifted


def slicing_bug(images, k):  # images[:, :, :-0] is empty, so k = 0 fails to broadcast
    shifted = np.zeros_like(images)
    shifted[:, :, k:] = images[:, :, :-k]
    return shifted


def blank_at_zero(images, k):  # a guard that returns blank images for k = 0
    shifted = np.zeros_like(images)
    if k:
        shifted[:, :, k:] = images[:, :, :-k]
    return shifted


def in_place(images, k):
    images[:, :, k:] = images[:, :, : images.shape[2] - k].copy()
    images[:, :, :k] = 0
    return images


def test_shift_right_accepts_slicing_with_zero_fill():
    assert check_shift_right(shift_right).passed


@pytest.mark.parametrize(
    ("answer", "hint"),
    [
        (lambda images, k: np.roll(images, k, axis=2), "np.roll wraps"),
        (lambda images, k: shift_right(images.transpose(0, 2, 1), k).transpose(0, 2, 1), "moved the digits down"),
        (lambda images, k: shift_right(images[:, :, ::-1], k)[:, :, ::-1], "moved the digits left"),
        (slicing_bug, "shift_right(images, 0) raised ValueError"),
        (blank_at_zero, "everything came back blank"),
        (in_place, "changed its input"),
        (lambda images, k: None, "returns None"),
        (lambda images, k: np.zeros_like(images), "the result is blank"),
        (lambda images, k: images[:, :, k:], "has shape"),
    ],
)
def test_shift_right_rejects_common_mistakes(answer, hint):
    assert_hint(check_shift_right(answer), hint)


def test_shift_right_explains_a_malformed_answer():
    assert_hint(check_shift_right(np.zeros((1, 28, 28))), "pass the function itself")
    assert_hint(check_shift_right(lambda images: images), "raised TypeError")


# --- Exercise 2: accuracy after a diagonal shift --------------------------------------------


def dot_data():
    """Class k is one ink pixel at (2 + 2k, 2 + 2k); moved 2 right and 2 down it lands on class k + 1's spot."""
    images = np.zeros((10, 28, 28), dtype=np.float32)
    for k in range(10):
        images[k, 2 + 2 * k, 2 + 2 * k] = 1.0
    return images, np.arange(10)


@pytest.fixture(scope="module")
def dot_model():
    images, _ = dot_data()
    model = keras.Sequential(
        [keras.Input(shape=(28, 28)), keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")]
    )
    model.layers[-1].set_weights([images.reshape(10, 784).T * 10, np.zeros(10, dtype=np.float32)])
    return model


def test_diagonal_accuracy_accepts_the_right_fraction(dot_model):
    # Every moved dot is read as the next class (and the last as 0): none is right.
    assert check_diagonal_accuracy(0.0, dot_model, *dot_data()).passed


@pytest.mark.parametrize(
    ("answer", "hint"),
    [
        (1.0, "unshifted digits"),
        (0.1, "only moves the digits right"),
        (0.05, "is not the accuracy after shifting"),
        (40.0, "percentage"),
    ],
)
def test_diagonal_accuracy_rejects_common_mistakes(dot_model, answer, hint):
    assert_hint(check_diagonal_accuracy(answer, dot_model, *dot_data()), hint)


def test_diagonal_accuracy_explains_a_malformed_answer(dot_model):
    assert_hint(check_diagonal_accuracy("0.4", dot_model, *dot_data()), "not text")
    assert_hint(check_diagonal_accuracy(np.array([0.4, 0.5]), dot_model, *dot_data()), "should be one number")


# --- Exercise 3: Conv2D parameters -------------------------------------------------------------


def test_conv_parameters_accepts_the_counts():
    assert check_conv_parameters(16 * 9 + 16, 32 * 9 * 16 + 32).passed


@pytest.mark.parametrize(
    ("answer", "hint"),
    [
        ((144, 4640), "also has a bias"),
        ((160, 320), "spans all 16 channels"),
        ((160, 4608), "each of the 32 filters also has a bias"),
        ((100_480, 4640), "first layer"),
        ((160, 8256), "second layer"),
    ],
)
def test_conv_parameters_rejects_common_mistakes(answer, hint):
    assert_hint(check_conv_parameters(*answer), hint)


def test_conv_parameters_explains_a_malformed_answer():
    assert_hint(check_conv_parameters("160", "4640"), "`conv1_params` should be a whole number, not text")
    assert_hint(check_conv_parameters(160, 4640.5), "`conv2_params` should be a whole number")
    assert_hint(check_conv_parameters(160, ...), "replace the `...`")


# --- Exercise 4: a small CNN --------------------------------------------------------------------


def small_cnn(filters=(16, 32), reshape=True, pools=True, padding="valid"):
    layers = [keras.Input(shape=(28, 28))]
    if reshape:
        layers.append(keras.layers.Reshape((28, 28, 1)))
    for count in filters:
        layers.append(keras.layers.Conv2D(count, 3, activation="relu", padding=padding))
        if pools:
            layers.append(keras.layers.MaxPooling2D(2))
    layers += [keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")]
    return keras.Sequential(layers)


def test_small_cnn_accepts_the_spec():
    feedback = check_small_cnn(small_cnn())
    assert feedback.passed and f"{SMALL_CNN_PARAMETERS:,}" in feedback.message


@pytest.mark.parametrize(
    ("model", "hint"),
    [
        (small_cnn(filters=(32, 16)), "16, then 32"),
        (small_cnn(filters=(16,)), "2 Conv2D layers"),
        (small_cnn(pools=False), "MaxPooling2D(2) after each"),
        (small_cnn(padding="same"), "padding 'valid'"),
    ],
)
def test_small_cnn_rejects_common_mistakes(model, hint):
    assert_hint(check_small_cnn(model), hint)


def test_small_cnn_without_a_channel_axis_gets_the_reshape_hint():
    dense_only = keras.Sequential(
        [keras.Input(shape=(28, 28)), keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")]
    )
    assert_hint(check_small_cnn(dense_only), "Reshape((28, 28, 1))")


def test_small_cnn_explains_a_malformed_answer():
    assert_hint(check_small_cnn(small_cnn), "must return a Keras model, got function")
    assert_hint(check_small_cnn(None), "replace the `...`")
    assert_hint(check_small_cnn(keras.Sequential([keras.layers.Dense(10)])), "keras.Input(shape=(28, 28))")
