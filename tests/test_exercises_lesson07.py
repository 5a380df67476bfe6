"""Lesson 07 checkers: each accepts the solution and rejects realistic mistakes with a useful hint."""

import numpy as np
import pytest

from helpers.exercises import lesson07 as exercises
from helpers.tf_quiet import keras

# --- Exercise 1: shift by hand ------------------------------------------------------------------------


def shift_right(images, k):
    shifted = np.zeros_like(images)
    shifted[:, :, k:] = images[:, :, : images.shape[2] - k]
    return shifted


def shift_right_forgetting_k_zero(images, k):
    shifted = np.zeros_like(images)
    shifted[:, :, k:] = images[:, :, :-k]
    return shifted


def test_shift_right_accepts_the_solution(assert_correct):
    assert_correct(exercises.check_shift_right(shift_right), "nothing wraps around")


@pytest.mark.parametrize(
    ("answer", "hint"),
    [
        (lambda images, k: np.roll(images, k, axis=2), "np.roll wraps"),
        (lambda images, k: np.pad(images[:, :, k:], ((0, 0), (0, 0), (0, k))), "moved the digits left"),
        (lambda images, k: np.pad(images, ((0, 0), (k, 0), (0, 0)))[:, :28], "moved the digits down"),
        (shift_right_forgetting_k_zero, "handle k=0 separately"),
        (lambda images, k: None, "forget `return`"),
        (lambda images, k: images[:, :, k:], "has shape"),
    ],
)
def test_shift_right_rejects_common_mistakes(assert_hint, answer, hint):
    assert_hint(exercises.check_shift_right(answer), hint)


def test_shift_right_explains_a_malformed_answer(assert_hint, capsys):
    assert_hint(exercises.check_shift_right(shift_right(np.zeros((1, 28, 28)), 1)), "without brackets")
    feedback = exercises.check_shift_right(...)
    assert not feedback.attempted and "Not attempted" in capsys.readouterr().out


# --- Exercise 2: mirrored digits, predicted before running -----------------------------------------------


def dot_images() -> tuple[np.ndarray, np.ndarray]:
    """Ten raw-pixel 'digits': class k is one ink pixel at row and column 2 + 2k (none is its own mirror image)."""
    images = np.zeros((10, 28, 28), dtype=np.uint8)
    for k in range(10):
        images[k, 2 + 2 * k, 2 + 2 * k] = 255
    return images, np.arange(10)


def template_model(templates: np.ndarray) -> keras.Sequential:
    """A model on raw pixels that answers the class whose template the image's ink hits (class 0 on a tie)."""
    model = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Rescaling(1 / 255),
                              keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])  # fmt: skip
    model.layers[-1].set_weights([templates.reshape(10, 784).T / 255 * 10, np.zeros(10, dtype=np.float32)])
    return model


@pytest.fixture(scope="module")
def readers():
    """A reader that only knows upright digits, and one that also knows them mirrored."""
    images, labels = dot_images()
    upright_only = template_model(images)
    both_ways = template_model(np.maximum(images, images[:, :, ::-1]))
    return images, labels, upright_only, both_ways


def test_mirror_prediction_accepts_what_the_models_show(assert_correct, readers):
    images, labels, upright_only, both_ways = readers
    models = {"DNN": upright_only, "CNN": upright_only}
    assert_correct(exercises.check_mirror_prediction("c", models, images, labels), "the DNN reads 10 %")
    assert_correct(exercises.check_mirror_prediction(" C ", models, images, labels))
    models = {"DNN": upright_only, "CNN": both_ways}
    assert_correct(exercises.check_mirror_prediction("b", models, images, labels), "the CNN 100 %")


@pytest.mark.parametrize("wrong", ["a", "b"])
def test_mirror_prediction_rejects_a_wrong_guess_and_shows_the_result(assert_hint, readers, wrong):
    images, labels, upright_only, _ = readers
    feedback = exercises.check_mirror_prediction(wrong, {"DNN": upright_only, "CNN": upright_only}, images, labels)
    assert_hint(feedback, "both read mirrored digits much worse", "a mirrored stroke is a different pattern")


def test_mirror_prediction_explains_malformed_answers(assert_hint, readers, digit_model):
    images, labels, upright_only, _ = readers
    models = {"DNN": upright_only, "CNN": upright_only}
    assert_hint(exercises.check_mirror_prediction(3, models, images, labels), "one letter in quotes")
    assert_hint(exercises.check_mirror_prediction("d", models, images, labels), "one letter in quotes")
    assert_hint(exercises.check_mirror_prediction("c", [upright_only], images, labels), "{'DNN': dnn, 'CNN': cnn}")
    untrained = {"DNN": digit_model(seed=1), "CNN": upright_only}
    assert_hint(exercises.check_mirror_prediction("c", untrained, images, labels), "run the cells that train it")


# --- Exercise 3: the cost of a convolution --------------------------------------------------------------------


def test_conv_cost_accepts_the_solution(assert_correct):
    assert_correct(exercises.check_conv_cost(16 * (3 * 3 * 8) + 16, (11 * 11 * 16) * (3 * 3 * 8)), "139,392")


@pytest.mark.parametrize(
    ("params", "multiply_adds", "hint"),
    [
        (16 * 3 * 3 * 8, 139_392, "also has a bias"),
        (16 * 9 + 16, 139_392, "spans all 8 input channels"),
        (1_000, 139_392, "is not right"),
        (1_168, 13 * 13 * 16 * 3 * 3 * 8, "11 × 11 positions"),
        (1_168, 11 * 11 * 16 * 9, "sum over 3 × 3 × 8 inputs"),
        (1_168, 1_168, "number of weights"),
        (1_168, 500_000, "is not right"),
    ],
)
def test_conv_cost_rejects_common_mistakes(assert_hint, params, multiply_adds, hint):
    assert_hint(exercises.check_conv_cost(params, multiply_adds), hint)


def test_conv_cost_explains_a_malformed_answer(assert_hint):
    assert_hint(exercises.check_conv_cost("1168", 139_392), "not text")
    assert_hint(exercises.check_conv_cost(1_168, 139_392.5), "whole number")


# --- Exercise 4: a classic small CNN -----------------------------------------------------------------------------


def small_cnn(*, rescale: bool = True, second_pool: bool = True, filters: int = 16):
    def build():
        layers = [keras.Input(shape=(28, 28))]
        layers += [keras.layers.Rescaling(1 / 255)] if rescale else []
        layers += [keras.layers.Reshape((28, 28, 1)), keras.layers.Conv2D(8, 3, activation="relu"),
                   keras.layers.MaxPooling2D(2), keras.layers.Conv2D(filters, 3, activation="relu")]  # fmt: skip
        layers += [keras.layers.MaxPooling2D(2)] if second_pool else []
        layers += [keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")]
        return keras.Sequential(layers)

    return build


def test_small_cnn_accepts_the_solution(assert_correct):
    assert_correct(exercises.check_small_cnn(small_cnn(), 5 * 5 * 16), "400 values", "5,258 parameters")


@pytest.mark.parametrize(
    ("build", "size", "hint"),
    [
        (small_cnn(rescale=False), 400, "Rescaling(1 / 255)"),
        (small_cnn(second_pool=False), 400, "MaxPooling2D(2) after each Conv2D"),
        (small_cnn(filters=32), 400, "the spec says 8, then 16"),
        (small_cnn(), 13 * 13 * 16, "shrink the image again"),
        (small_cnn(), 7 * 7 * 16, "28 → 26"),
        (small_cnn(), 5 * 5 * 8, "16 channels"),
        (small_cnn(), 900, "is not right"),
        (lambda: None, 400, "forget `return`"),
    ],
)
def test_small_cnn_rejects_common_mistakes(assert_hint, build, size, hint):
    assert_hint(exercises.check_small_cnn(build, size), hint)


def test_small_cnn_explains_a_malformed_answer(assert_hint):
    assert_hint(exercises.check_small_cnn(small_cnn()(), 400), "without brackets")
    assert_hint(exercises.check_small_cnn(small_cnn(), "400"), "not text")
