"""Lesson 02's checkers accept the solutions, reject realistic mistakes with the right hint
and explain malformed answers instead of raising. Synthetic images only."""

import numpy as np
import pytest

from helpers.exercises import lesson02


def one_image() -> np.ndarray:
    image = np.zeros((28, 28), np.uint8)
    image[10:14, 5:20] = 255  # 60 full-ink pixels
    image[20, 0:8] = 40  # 8 faint pixels
    return image


# ---------------------------------------------------------------- exercise 1


def test_inked_pixels_accepted():
    feedback = lesson02.check_inked_pixels(68, one_image())
    assert feedback.passed and "68 of the 784 pixels" in feedback.message


@pytest.mark.parametrize(
    ("answer", "hint"),
    [
        (784 - 68, "counted the blank pixels"),
        (60, "only the full-ink pixels"),
        (60 * 255 + 8 * 40, "sum of the pixel values"),
        (5000, "more than the 784 pixels"),
        (67, "not quite"),
    ],
)
def test_inked_pixel_mistakes(answer, hint):
    feedback = lesson02.check_inked_pixels(answer, one_image())
    assert not feedback.passed and hint in feedback.message


def test_inked_pixels_malformed():
    assert "whole number" in lesson02.check_inked_pixels("68", one_image()).message
    assert "whole number" in lesson02.check_inked_pixels(68.5, one_image()).message


# ---------------------------------------------------------------- exercise 2


def normalize(images):
    scaled = images.astype("float32")
    scaled /= 255
    return scaled


def test_normalize_accepted():
    assert lesson02.check_normalize(normalize).passed


@pytest.mark.parametrize(
    ("function", "hint"),
    [
        (lambda images: images / 255, "float64"),
        (lambda images: images.astype("float32") / images.max(), "faint batch"),
        (lambda images: images.astype("float32") / 256, "divide by 255, so that 255"),
        (lambda images: images.astype("float32"), "divide by 255"),
        (lambda images: images.astype("float32").reshape(len(images), -1) / 255, "keep the shape"),
        (lambda images: None, "forget `return`"),
    ],
)
def test_normalize_mistakes(function, hint):
    feedback = lesson02.check_normalize(function)
    assert not feedback.passed and hint in feedback.message


def test_normalize_that_changes_its_input_is_caught():
    def in_place(images):
        images[...] = images // 2
        return images.astype("float32") / 255

    assert "changed the input array" in lesson02.check_normalize(in_place).message


def test_normalize_malformed():
    assert "should be a function" in lesson02.check_normalize("x / 255").message
    assert "could not be checked" in lesson02.check_normalize(lambda: 1).message


# ---------------------------------------------------------------- exercise 3


def blank_border_images() -> np.ndarray:
    """Five images; only the central 20 x 20 square is ever inked, row 14 of it only in image 0."""
    images = np.zeros((5, 28, 28), np.uint8)
    images[:, 4:24, 4:24] = 100
    images[1:, 14, 4:24] = 0  # inked in image 0 only: blank in some images, not in all
    return images


def test_always_blank_accepted():
    feedback = lesson02.check_always_blank(784 - 400, blank_border_images())
    assert feedback.passed and "384 of the 784 positions" in feedback.message


@pytest.mark.parametrize(
    ("answer", "hint"),
    [
        (384 + 20, "at least one image"),
        (400, "inked somewhere"),
        (5 * 384, "more than the 784 pixel positions"),
        (383, "not quite"),
    ],
)
def test_always_blank_mistakes(answer, hint):
    feedback = lesson02.check_always_blank(answer, blank_border_images())
    assert not feedback.passed and hint in feedback.message


def test_always_blank_malformed():
    assert "whole number" in lesson02.check_always_blank([1, 2], blank_border_images()).message


# ---------------------------------------------------------------- exercise 4


def prototype_data(per_class: int = 20) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Images that are noisy copies of ten random prototypes, and the prototypes as means."""
    rng = np.random.default_rng(4)
    prototypes = rng.uniform(0, 1, size=(10, 28, 28)).astype(np.float32)
    labels = np.repeat(np.arange(10), per_class)
    images = np.clip(prototypes[labels] + rng.normal(0, 0.2, size=(len(labels), 28, 28)), 0, 1).astype(np.float32)
    return images, labels, prototypes


def predict_nearest_mean(images, mean_images):
    distances = np.stack([((images - mean) ** 2).sum(axis=(1, 2)) for mean in mean_images], axis=1)
    return distances.argmin(axis=1)


def test_nearest_mean_accepted():
    images, labels, means = prototype_data()
    feedback = lesson02.check_nearest_mean(predict_nearest_mean, images, labels, means)
    assert feedback.passed and "100.0% of 200 test images" in feedback.message


def test_nearest_mean_on_raw_images_with_raw_means_works_too():
    images, labels, means = prototype_data()
    raw = (images * 255).astype(np.uint8)
    assert lesson02.check_nearest_mean(predict_nearest_mean, raw, labels, means * 255).passed


@pytest.mark.parametrize(
    ("function", "hint"),
    [
        (
            lambda images, means: np.stack([((images - m) ** 2).sum(axis=(1, 2)) for m in means], 1).argmax(1),
            "farthest",
        ),
        (
            lambda images, means: np.stack([((images - m) ** 2).sum(axis=(1, 2)) for m in means], 1),
            "one label per image",
        ),
        (lambda images, means: np.zeros(len(images), int), "match the closest mean"),
        (lambda images, means: np.full(len(images), 12), "digits 0-9"),
    ],
)
def test_nearest_mean_mistakes(function, hint):
    images, labels, means = prototype_data()
    feedback = lesson02.check_nearest_mean(function, images, labels, means)
    assert not feedback.passed and hint in feedback.message


def test_nearest_mean_malformed():
    images, labels, means = prototype_data()
    assert "should be a function" in lesson02.check_nearest_mean(5, images, labels, means).message
    crashing = lesson02.check_nearest_mean(lambda images: images, images, labels, means)
    assert not crashing.passed and "could not be checked (TypeError" in crashing.message
