"""Lesson 05's checkers accept the reference solutions and reject realistic wrong answers with a useful hint."""

import numpy as np
import pytest

from helpers.exercises import lesson05
from helpers.lesson05 import nearest_class_mean_accuracy
from helpers.reference import build_reference_model
from helpers.tf_quiet import keras


@pytest.fixture(scope="module")
def model():
    """The reference architecture, untrained: the checkers only need its layers and weights."""
    keras.utils.set_random_seed(0)
    return build_reference_model()


# --- exercise 1: one unit's weight image -------------------------------------------------------


def test_unit_weight_image_accepts_the_solution(model):
    kernel = model.layers[1].get_weights()[0]
    assert lesson05.check_unit_weight_image(kernel[:, 39].reshape(28, 28), model, 39).passed


@pytest.mark.parametrize(("wrong", "hint"), [
    (lambda k: k[:, 39].reshape(28, 28).T, "the image is transposed"),
    (lambda k: k[:, 39].reshape(28, 28, order="F"), "the image is transposed"),
    (lambda k: k[:, 38].reshape(28, 28), "those are the weights of unit 38"),
    (lambda k: k[39], "expected a 28 x 28 array, got shape (128,)"),
    (lambda k: np.zeros((28, 28)), "these are not the unit's weights"),
])
def test_unit_weight_image_rejects_realistic_mistakes(model, wrong, hint):
    feedback = lesson05.check_unit_weight_image(wrong(model.layers[1].get_weights()[0]), model, 39)
    assert not feedback.passed and hint in feedback.message


def test_unit_weight_image_explains_a_malformed_answer(model, capsys):
    feedback = lesson05.check_unit_weight_image("unit 39", model, 39)
    assert not feedback.passed and "expected a 28 x 28 array of weights, got str" in capsys.readouterr().out


# --- exercise 2: rarely active units -------------------------------------------------------------


@pytest.fixture
def activations():
    """100 images, 7 units: dead, rare but strong, rare, half, most, always-but-weak, 60 %."""
    acts = np.zeros((100, 7), dtype=np.float32)
    acts[:2, 1] = 10.0  # fires on 2 % of images, mean 0.2
    acts[:3, 2] = 5.0  # 3 %, mean 0.15
    acts[:50, 3] = 1.0
    acts[:90, 4] = 1.0
    acts[:, 5] = 0.01  # fires on every image, mean 0.01
    acts[:60, 6] = 1.0
    return acts  # units firing on < 5 %: 0, 1, 2 -> 3


def test_rarely_active_accepts_the_solution(activations):
    answer = int(np.sum((activations > 0).mean(axis=0) < 0.05))
    assert answer == 3
    assert lesson05.check_rarely_active_count(answer, activations).passed


@pytest.mark.parametrize(("answer", "hint"), [
    (4, "fire on *at least* 5 %"),
    (1, "units that never fire at all"),
    (2, "compared the mean *activation* with 0.05"),
    (9, "only 7 units"),
    (5, "not the right count"),
])
def test_rarely_active_rejects_realistic_mistakes(activations, answer, hint):
    feedback = lesson05.check_rarely_active_count(answer, activations)
    assert not feedback.passed and hint in feedback.message


def test_rarely_active_explains_an_array_answer(activations):
    feedback = lesson05.check_rarely_active_count((activations > 0).mean(axis=0) < 0.05, activations)
    assert not feedback.passed and "count the True values" in feedback.message
    feedback = lesson05.check_rarely_active_count(3.0, activations)
    assert not feedback.passed and "expected a whole number of units, got float" in feedback.message


# --- exercise 3: a unit's favourite images ---------------------------------------------------------


@pytest.fixture
def unit_activations():
    return np.random.default_rng(3).random((50, 4)).astype(np.float32)


def test_top_images_accepts_the_solution(unit_activations):
    top5 = np.argsort(unit_activations[:, 2])[::-1][:5]
    assert lesson05.check_top_images(top5, unit_activations, unit=2).passed


@pytest.mark.parametrize(("wrong", "hint"), [
    (lambda a: np.argsort(a[:, 2])[:5], "excite the unit *least*"),
    (lambda a: np.argsort(a[:, 2])[-5:], "in the wrong order"),
    (lambda a: np.argsort(a[:, 1])[::-1][:5], "not the 5 images with the largest activation of unit 2"),
    (lambda a: np.argsort(a[:, 2])[::-1][:4], "expected 5 indices, got shape (4,)"),
    (lambda a: np.argsort(a[:, 2])[::-1][:5] + 100, "must point at images 0-49"),
    (lambda a: np.sort(a[:, 2])[::-1][:5], "whole-number indices"),
])
def test_top_images_rejects_realistic_mistakes(unit_activations, wrong, hint):
    feedback = lesson05.check_top_images(wrong(unit_activations), unit_activations, unit=2)
    assert not feedback.passed and hint in feedback.message


def test_top_images_explains_a_malformed_answer(unit_activations):
    feedback = lesson05.check_top_images({1, 2, 3}, unit_activations, unit=2)
    assert not feedback.passed and "expected an array of 5 image indices, got set" in feedback.message


# --- exercise 4: look inside the second layer ---------------------------------------------------------


@pytest.fixture(scope="module")
def images():
    return np.random.default_rng(4).random((8, 28, 28)).astype(np.float32)


def test_second_layer_model_accepts_the_solution(model, images):
    solution = keras.Model(inputs=model.inputs, outputs=model.layers[2].output)
    assert lesson05.check_second_layer_model(solution, model, images).passed


@pytest.mark.parametrize(("layer", "hint"), [
    (1, "the 128-unit layer (model.layers[1])"),
    (3, "the output layer (model.layers[3])"),
    (0, "the Flatten layer (model.layers[0])"),
])
def test_second_layer_model_names_the_layer_you_picked(model, images, layer, hint):
    wrong = keras.Model(inputs=model.inputs, outputs=model.layers[layer].output)
    feedback = lesson05.check_second_layer_model(wrong, model, images)
    assert not feedback.passed and hint in feedback.message


def test_second_layer_model_must_come_from_the_trained_network(model, images):
    keras.utils.set_random_seed(1)
    other = build_reference_model()  # same shapes, different weights
    wrong = keras.Model(inputs=other.inputs, outputs=other.layers[2].output)
    feedback = lesson05.check_second_layer_model(wrong, model, images)
    assert not feedback.passed and "not the trained network's 64-unit activations" in feedback.message


def test_second_layer_model_wants_a_single_output(model, images):
    both = keras.Model(inputs=model.inputs, outputs=[model.layers[1].output, model.layers[2].output])
    feedback = lesson05.check_second_layer_model(both, model, images)
    assert not feedback.passed and "several outputs" in feedback.message


def test_second_layer_model_explains_a_malformed_answer(model, images):
    feedback = lesson05.check_second_layer_model(model.layers[2], model, images)
    assert not feedback.passed and "expected a keras.Model, got Dense" in feedback.message


# --- exercise 5: a nearest-class-mean classifier ------------------------------------------------------


def solution(train_features, train_labels, test_features, test_labels):
    means = np.stack([train_features[train_labels == digit].mean(axis=0) for digit in range(10)])
    distances = np.stack([np.linalg.norm(test_features - mean, axis=1) for mean in means], axis=1)
    return float(np.mean(distances.argmin(axis=1) == test_labels))


def test_nearest_class_mean_accepts_the_solution(capsys):
    assert lesson05.check_nearest_class_mean(solution).passed
    assert "✅ Correct" in capsys.readouterr().out


def test_example_data_tells_the_wrong_variants_apart():
    for seed in (0, 1):
        data = lesson05._example_features(seed)
        right = nearest_class_mean_accuracy(*data)
        assert 0.3 < right < 1.0
        assert right != lesson05._nearest_mean_variant(*data, farthest=True)
        assert right != lesson05._nearest_mean_variant(*data, means_from_test=True)


def farthest(train, train_labels, test, test_labels):
    means = np.stack([train[train_labels == d].mean(axis=0) for d in range(10)])
    return float(np.mean(np.linalg.norm(test[:, None] - means[None], axis=2).argmax(axis=1) == test_labels))


def means_from_test(train, train_labels, test, test_labels):
    return solution(test, test_labels, test, test_labels)


def count_not_fraction(train, train_labels, test, test_labels):
    return solution(train, train_labels, test, test_labels) * len(test_labels)


@pytest.mark.parametrize(("wrong", "hint"), [
    (farthest, "*farthest*"),
    (means_from_test, "peeks at the answers"),
    (count_not_fraction, "return the fraction"),
    (lambda *data: 100 * solution(*data), "returns a percentage"),
    (lambda *data: 0.5, "instead of"),
])
def test_nearest_class_mean_rejects_realistic_mistakes(wrong, hint):
    feedback = lesson05.check_nearest_class_mean(wrong)
    assert not feedback.passed and hint in feedback.message


def test_nearest_class_mean_starter_asks_to_fill_the_gap():
    def starter(train_features, train_labels, test_features, test_labels):
        ...  # your code here

    feedback = lesson05.check_nearest_class_mean(starter)
    assert not feedback.passed and "returns nothing yet" in feedback.message


def test_nearest_class_mean_explains_malformed_answers():
    feedback = lesson05.check_nearest_class_mean(0.96)
    assert not feedback.passed and "expected your function" in feedback.message
    feedback = lesson05.check_nearest_class_mean(lambda *data: [0.9, 0.8])
    assert not feedback.passed and "must return one number" in feedback.message
    feedback = lesson05.check_nearest_class_mean(lambda a, b: 0.9)  # wrong signature
    assert not feedback.passed and "could not be checked (TypeError" in feedback.message
