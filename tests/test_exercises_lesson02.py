"""Lesson 02's checkers accept the solutions, reject realistic mistakes with the right hint and explain malformed
answers instead of raising. Synthetic images only."""

import numpy as np
import pytest

from helpers.exercises import lesson02 as exercises


def blank_border_images() -> np.ndarray:
    """Five images inked only inside rows and columns 4-23 (400 positions), some positions in only one image."""
    images = np.zeros((5, 28, 28), np.uint8)
    images[:, 4:24, 4:24] = np.random.default_rng(0).integers(0, 256, (5, 20, 20), dtype=np.uint8)
    return images


# ---------------------------------------------------------------- exercise 1: never inked


def test_always_blank_accepted(assert_correct):
    images = blank_border_images()
    expected = int(np.sum(images.max(axis=0) == 0))
    assert_correct(exercises.check_always_blank(expected, images), f"{expected} of the 784 positions")


@pytest.mark.parametrize(
    ("answer", "hint"),
    [
        (lambda images: int(np.sum(images.min(axis=0) == 0)), "0 in at least one image"),
        (lambda images: 784 - int(np.sum(images.max(axis=0) == 0)), "inked somewhere"),
        (lambda images: int(np.sum(images == 0)), "more than the 784 pixel positions"),
    ],
)
def test_always_blank_mistakes(answer, hint, assert_hint):
    images = blank_border_images()
    assert_hint(exercises.check_always_blank(answer(images), images), hint)


def test_always_blank_malformed(assert_hint):
    assert_hint(exercises.check_always_blank("384", blank_border_images()), "not text")
    assert_hint(exercises.check_always_blank([1, 2], blank_border_images()), "one whole number")


# ---------------------------------------------------------------- exercise 2: weights of blank pixels


def test_blank_weights_accepted_when_they_did_not_move(assert_correct):
    feedback = exercises.check_blank_weights("c", np.zeros((5, 64)), np.full((10, 64), 0.04))
    assert_correct(feedback, "not one of them moved", "gradient of exactly 0")


@pytest.mark.parametrize(("prediction", "blank", "hint"), [
    ("A", 0.0, "the measurement says C"),
    ("B", 0.0, "the measurement says C"),
    ("C", 0.01, "the measurement says B"),
])  # fmt: skip
def test_blank_weights_wrong_predictions_are_explained(prediction, blank, hint, assert_hint):
    feedback = exercises.check_blank_weights(prediction, np.full((5, 64), blank), np.full((10, 64), 0.04))
    assert_hint(feedback, hint, "exercises.hint(2)")


def test_blank_weights_malformed(assert_hint, capsys):
    assert_hint(exercises.check_blank_weights(3, np.zeros(3), np.ones(3)), '"A", "B" or "C"')
    assert_hint(exercises.check_blank_weights("D", np.zeros(3), np.ones(3)), "got 'D'")
    feedback = exercises.check_blank_weights(..., np.zeros(3), np.ones(3))
    assert not feedback.attempted and "Not attempted" in capsys.readouterr().out


# ---------------------------------------------------------------- exercise 3: nearest mean


def predict_nearest_mean(images, mean_images):
    distances = np.array([((images - mean) ** 2).sum(axis=(1, 2)) for mean in mean_images])
    return distances.argmin(axis=0)


def distance_table(images, means):
    return np.array([((images - mean) ** 2).sum(axis=(1, 2)) for mean in means])


def noisy_digits(n: int = 200) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Images of value 20 * digit with noise: the nearest mean reads nearly all of them."""
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 10, n)
    images = np.clip(20.0 * labels[:, None, None] + rng.normal(0, 5, (n, 28, 28)), 0, 255).astype(np.uint8)
    means = np.stack([images[labels == d].mean(axis=0) for d in range(10)])
    return images, labels, means


def test_nearest_mean_accepted(assert_correct):
    assert_correct(exercises.check_nearest_mean(predict_nearest_mean, *noisy_digits()), "with no training at all")


@pytest.mark.parametrize(
    ("function", "hint"),
    [
        (lambda images, means: distance_table(images, means).argmax(axis=0), "argmax"),
        (lambda images, means: distance_table(images, means).argmin(axis=1), "digits' axis only"),
        (lambda images, means: distance_table(images, means).argmin(), "digits' axis only"),
        (lambda images, means: distance_table(images, means).min(axis=0), "argmin"),
        (lambda images, means: np.zeros(len(images), int), "closest mean for only"),
        (lambda images, means: None, "forget `return`"),
        (lambda images, means: ..., "still returns `...`"),
    ],
)
def test_nearest_mean_mistakes(function, hint, assert_hint):
    assert_hint(exercises.check_nearest_mean(function, *noisy_digits()), hint)


def test_nearest_mean_malformed(assert_hint):
    assert_hint(exercises.check_nearest_mean(5, *noisy_digits()), "should be your function itself")
    assert_hint(exercises.check_nearest_mean(lambda images: images, *noisy_digits()), "raised TypeError")


# ---------------------------------------------------------------- exercise 4: scaled twice


def test_scaled_twice_accepted(assert_correct):
    assert_correct(exercises.check_scaled_twice("C", 0.094), "9.4 %", "nearly blank images")


@pytest.mark.parametrize(("prediction", "accuracy", "hint"), [
    ("A", 0.094, "the measurement says C"),
    ("B", 0.16, "the measurement says C"),
    ("C", 0.95, "the measurement says A"),
])  # fmt: skip
def test_scaled_twice_wrong_predictions_are_explained(prediction, accuracy, hint, assert_hint):
    assert_hint(exercises.check_scaled_twice(prediction, accuracy), hint, "exercises.hint(4)")


def test_scaled_twice_malformed(assert_hint):
    assert_hint(exercises.check_scaled_twice("C", "0.1"), "not text")
    assert_hint(exercises.check_scaled_twice("C", 9.4), "fraction between 0 and 1")
    assert_hint(exercises.check_scaled_twice(["C"], 0.1), '"A", "B" or "C"')


# ---------------------------------------------------------------- hints
