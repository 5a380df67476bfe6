"""Lesson 04's checkers accept the reference solutions and reject realistic wrong answers with a useful hint."""

import numpy as np
import pytest

from helpers.exercises import lesson04
from helpers.reference import build_reference_model
from helpers.tf_quiet import keras


def verdict(feedback, capsys):
    """The feedback and what the checker printed."""
    return feedback, capsys.readouterr().out


# --- exercise 1: accuracy by hand --------------------------------------------------------------


@pytest.fixture
def predictions_and_labels():
    rng = np.random.default_rng(0)
    scores = rng.normal(size=(40, 10))
    probabilities = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    labels = probabilities.argmax(axis=1)
    labels[:10] = (labels[:10] + 1) % 10  # 10 of 40 wrong: accuracy 0.75
    return probabilities, labels


def test_accuracy_by_hand_accepts_the_solution(predictions_and_labels, capsys):
    probabilities, labels = predictions_and_labels
    feedback, out = verdict(lesson04.check_accuracy_by_hand(np.mean(probabilities.argmax(axis=1) == labels),
                                                            probabilities, labels), capsys)
    assert feedback.passed and out.startswith("✅ Correct: accuracy 0.7500")


@pytest.mark.parametrize(("answer", "hint"), [
    (75.0, "that is a percentage"),
    (30, "number of correct predictions"),
    (0.25, "share of mistakes"),
])
def test_accuracy_by_hand_rejects_common_slips(predictions_and_labels, answer, hint):
    feedback = lesson04.check_accuracy_by_hand(answer, *predictions_and_labels)
    assert not feedback.passed and hint in feedback.message


def test_accuracy_by_hand_recognises_the_average_confidence(predictions_and_labels):
    probabilities, labels = predictions_and_labels
    feedback = lesson04.check_accuracy_by_hand(float(probabilities.max(axis=1).mean()), probabilities, labels)
    assert not feedback.passed and "average confidence" in feedback.message


def test_accuracy_by_hand_explains_an_array_or_a_string(predictions_and_labels):
    probabilities, labels = predictions_and_labels
    feedback = lesson04.check_accuracy_by_hand(probabilities.argmax(axis=1) == labels, probabilities, labels)
    assert not feedback.passed and "take the mean" in feedback.message
    feedback = lesson04.check_accuracy_by_hand("0.75", probabilities, labels)
    assert not feedback.passed and "expected a single number, got str" in feedback.message


# --- exercise 2: the loss for one-hot labels ------------------------------------------------------


@pytest.mark.parametrize("answer", ["categorical_crossentropy", keras.losses.CategoricalCrossentropy(),
                                    keras.losses.categorical_crossentropy])
def test_one_hot_loss_accepts_categorical_cross_entropy(answer):
    assert lesson04.check_loss_for_one_hot(answer).passed


@pytest.mark.parametrize(("answer", "hint"), [
    ("sparse_categorical_crossentropy", "wants one integer per image"),
    (keras.losses.SparseCategoricalCrossentropy(), "wants one integer per image"),
    ("binary_crossentropy", "binary cross-entropy treats each of the 10 outputs"),
    (keras.losses.CategoricalCrossentropy(from_logits=True), "from_logits=True expects raw scores"),
    ("mse", "different value from cross-entropy"),
    ("no_such_loss", "Keras knows no loss called 'no_such_loss'"),
])
def test_one_hot_loss_rejects_other_losses_with_a_reason(answer, hint):
    feedback = lesson04.check_loss_for_one_hot(answer)
    assert not feedback.passed and hint in feedback.message


def test_one_hot_loss_explains_a_malformed_answer(capsys):
    feedback, out = verdict(lesson04.check_loss_for_one_hot(42), capsys)
    assert not feedback.passed and "expected a loss name (a string) or a Keras loss object, got int" in out


# --- exercise 3: read a learning curve --------------------------------------------------------


def test_example_history_overfits_after_a_minimum():
    history = lesson04.example_overfitting_history()
    assert set(history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert all(len(values) == 20 for values in history.values())
    assert np.all(np.diff(history["loss"]) < 0)  # training loss keeps falling
    best = int(np.argmin(history["val_loss"]))
    assert 0 < best < 19 and history["val_loss"][-1] > history["val_loss"][best]


def test_best_epoch_accepts_the_solution():
    history = lesson04.example_overfitting_history()
    assert lesson04.check_best_epoch(int(np.argmin(history["val_loss"])) + 1, history).passed


@pytest.mark.parametrize(("answer", "hint"), [
    (7, "np.argmin counts from 0"),
    (20, "where the *training* loss is lowest"),
    (12, "it goes lower elsewhere"),
    (25, "only 20 epochs"),
    ("8", "expected a whole epoch number"),
    (7.5, "expected a whole epoch number"),
])
def test_best_epoch_rejects_wrong_epochs(answer, hint):
    feedback = lesson04.check_best_epoch(answer, lesson04.example_overfitting_history())
    assert not feedback.passed and hint in feedback.message


# --- exercise 4: per-class accuracy ---------------------------------------------------------------


@pytest.fixture
def matrix():
    rng = np.random.default_rng(2)
    counts = rng.integers(0, 8, size=(10, 10))
    counts[np.arange(10), np.arange(10)] = rng.integers(80, 120, size=10)
    return counts


def test_per_class_accuracy_accepts_the_solution(matrix, capsys):
    expected = np.diag(matrix) / matrix.sum(axis=1)
    feedback, out = verdict(lesson04.check_per_class_accuracy(expected, matrix), capsys)
    assert feedback.passed and f"weakest on digit {int(np.argmin(expected))}" in out


@pytest.mark.parametrize(("wrong", "hint"), [
    (lambda m: np.diag(m) / m.sum(axis=0), "(precision)"),
    (lambda m: np.diag(m), "counts of correct answers"),
    (lambda m: 100 * np.diag(m) / m.sum(axis=1), "those are percentages"),
    (lambda m: np.diag(m) / m.sum(), "total number of images"),
    (lambda m: np.diag(m)[:9] / m.sum(axis=1)[:9], "expected 10 numbers"),
])
def test_per_class_accuracy_rejects_wrong_denominators(matrix, wrong, hint):
    feedback = lesson04.check_per_class_accuracy(wrong(matrix), matrix)
    assert not feedback.passed and hint in feedback.message


def test_per_class_accuracy_explains_a_malformed_answer(matrix):
    feedback = lesson04.check_per_class_accuracy({"digit 0": 0.9}, matrix)
    assert not feedback.passed and "expected an array of 10 numbers, got dict" in feedback.message


# --- exercise 5: SGD with momentum ----------------------------------------------------------------


@pytest.fixture(scope="module")
def bars():
    """An easy stand-in for MNIST: digit d is a bright bar on rows 2d+4 and 2d+5, plus noise."""
    rng = np.random.default_rng(0)
    labels = np.arange(600) % 10
    images = rng.random((600, 28, 28)).astype(np.float32) * 0.3
    for digit in range(10):
        images[labels == digit, 2 * digit + 4 : 2 * digit + 6, 4:24] = 1.0
    return images, labels


def trained(optimizer, bars, epochs=1):
    keras.utils.set_random_seed(0)
    model = build_reference_model()
    model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    if epochs:
        model.fit(*bars, epochs=epochs, batch_size=32, verbose=0)
    return model


def test_sgd_with_momentum_accepts_a_trained_momentum_model(bars, capsys):
    model = trained(keras.optimizers.SGD(learning_rate=0.01, momentum=0.9), bars)
    feedback, out = verdict(lesson04.check_sgd_with_momentum(model, *bars), capsys)
    assert feedback.passed and out.startswith("✅ Correct: test accuracy")


@pytest.mark.parametrize(("optimizer", "epochs", "hint"), [
    ("adam", 0, "compiled with Adam"),
    (keras.optimizers.SGD(learning_rate=0.1), 0, "momentum is 0"),
    (keras.optimizers.SGD(momentum=0.9), 0, "has not been trained yet"),
])
def test_sgd_with_momentum_rejects_the_wrong_optimizer_or_no_training(bars, optimizer, epochs, hint):
    feedback = lesson04.check_sgd_with_momentum(trained(optimizer, bars, epochs), *bars)
    assert not feedback.passed and hint in feedback.message


def test_sgd_with_momentum_rejects_a_model_below_the_threshold(bars):
    model = trained(keras.optimizers.SGD(momentum=0.9), bars)
    images, labels = bars
    feedback = lesson04.check_sgd_with_momentum(model, images, (labels + 1) % 10)  # every label wrong
    assert not feedback.passed and "below 88%" in feedback.message


def test_sgd_with_momentum_rejects_another_architecture(bars):
    model = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(),
                              keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer=keras.optimizers.SGD(momentum=0.9), loss="sparse_categorical_crossentropy")
    feedback = lesson04.check_sgd_with_momentum(model, *bars)
    assert not feedback.passed and "7,850 parameters instead of 109,386" in feedback.message


def test_sgd_with_momentum_explains_malformed_answers(bars):
    feedback = lesson04.check_sgd_with_momentum(None, *bars)
    assert not feedback.passed and "replace the `...`" in feedback.message
    feedback = lesson04.check_sgd_with_momentum("model", *bars)
    assert not feedback.passed and "must return the trained Keras model, got str" in feedback.message
    uncompiled = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(),
                                   keras.layers.Dense(10, activation="softmax")])
    feedback = lesson04.check_sgd_with_momentum(uncompiled, *bars)
    assert not feedback.passed and "not been compiled" in feedback.message
