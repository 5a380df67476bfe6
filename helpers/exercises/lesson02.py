"""Checkers for the exercises of lesson 02 (MNIST and normalization)."""

import numpy as np

from helpers.checks import as_image_batch, as_labels
from helpers.exercises.core import as_whole_number, checker, require

NEAREST_MEAN_TARGET = 0.75



@checker
def check_inked_pixels(n_inked, image) -> str:
    """Exercise 1: how many pixels of one image carry ink (are above 0)."""
    image = as_image_batch(image, "image")
    require(len(image) == 1, "the check needs one image, x_train[0]")
    image = image[0]
    answer = as_whole_number(n_inked, "n_inked")
    inked = int(np.sum(image > 0))
    require(answer != 784 - inked, "you counted the blank pixels: count those above 0")
    require(
        answer != int(np.sum(image == 255)) or inked == int(np.sum(image == 255)),
        "you counted only the full-ink pixels (255): every value above 0 is some ink",
    )
    require(answer != int(image.sum(dtype=np.int64)), "that is the sum of the pixel values: count the pixels instead")
    require(answer <= 784, f"{answer:,} is more than the 784 pixels of one image: use x_train[0], the first image only")
    require(answer == inked, "not quite: count the pixels of x_train[0] whose value is above 0")
    return f"{inked} of the 784 pixels ({inked / 784:.0%}) carry ink; the rest is blank paper."


@checker
def check_normalize(normalize) -> str:
    """Exercise 2: a function from uint8 pixels (0-255) to float32 in [0, 1]."""
    require(callable(normalize), "`normalize` should be a function that takes an array of images")
    rng = np.random.default_rng(0)
    faint = rng.integers(0, 100, size=(3, 28, 28), dtype=np.uint8)  # no pixel above 99
    images = np.concatenate([faint, np.full((1, 28, 28), 255, np.uint8)])
    original = images.copy()
    result = normalize(images)
    require(result is not None, "your function returned None: did you forget `return`?")
    result = np.asarray(result)
    require(np.array_equal(images, original), "your function changed the input array: return a new array instead")
    require(result.shape == images.shape, f"the output should keep the shape {images.shape}, got {result.shape}")
    require(
        result.dtype != np.float64,
        "the result is float64, twice the memory of float32: convert with .astype('float32') before dividing",
    )
    require(result.dtype == np.float32, f"the result should be float32, got {result.dtype}")
    require(
        float(result.max()) <= 1.0 + 1e-6,
        f"the largest value is {result.max():g}: pixels should end up in [0, 1], so divide by 255",
    )
    require(
        np.allclose(result, images / 255, atol=1e-6),
        "the values are off: divide by 255, so that 255 (full ink) becomes exactly 1",
    )
    require(
        np.allclose(normalize(faint), faint / 255, atol=1e-6),
        "a faint batch (no pixel above 99) came out wrong: "
        "divide by the fixed 255, not by the largest value in the batch",
    )
    return "uint8 0-255 in, float32 0-1 out, the input left untouched."


@checker
def check_always_blank(n_always_blank, images) -> str:
    """Exercise 3: how many of the 784 pixel positions are 0 in every training image."""
    images = as_image_batch(images)
    answer = as_whole_number(n_always_blank, "n_always_blank")
    blank_everywhere = int(np.sum(images.max(axis=0) == 0))
    blank_somewhere = int(np.sum(images.min(axis=0) == 0))
    require(
        answer <= 784, f"{answer:,} is more than the 784 pixel positions: count positions (axis 1 and 2), not pixels"
    )
    require(
        answer != blank_somewhere or blank_somewhere == blank_everywhere,
        "you counted positions that are 0 in at least one image; count those that are 0 in every image",
    )
    require(
        answer != 784 - blank_everywhere,
        "you counted the positions that are inked somewhere: count the ones never inked",
    )
    require(
        answer == blank_everywhere, "not quite: a position is always blank when its largest value over all images is 0"
    )
    return f"{answer} of the 784 positions are blank in every image; no weight can learn anything from them."


@checker
def check_nearest_mean(predict_nearest_mean, images, labels, mean_images) -> str:
    """Exercise 4: classify images by the closest mean image (no training at all)."""
    require(
        callable(predict_nearest_mean), "`predict_nearest_mean` should be a function (images, mean_images) -> labels"
    )
    images = as_image_batch(images)
    labels = as_labels(labels, len(images))
    means = np.asarray(mean_images, dtype=np.float32)
    predicted = predict_nearest_mean(images, mean_images)
    require(predicted is not None, "your function returned None: did you forget `return`?")
    predicted = np.asarray(predicted)
    require(
        predicted.shape == (len(images),),
        f"return one label per image, shape ({len(images)},); got shape {predicted.shape}",
    )
    require(
        np.all((predicted >= 0) & (predicted <= 9)), "the labels should be digits 0-9: use np.argmin over the 10 means"
    )
    distances = np.stack([((images.astype(np.float32) - m) ** 2).sum(axis=(1, 2)) for m in means], axis=1)
    farthest = np.argmax(distances, axis=1)
    require(np.mean(predicted == farthest) < 0.9, "you picked the farthest mean for each image: use argmin, not argmax")
    accuracy = float(np.mean(predicted == labels))
    agreement = float(np.mean(predicted == np.argmin(distances, axis=1)))
    require(
        agreement >= 0.99,
        f"your labels match the closest mean for only {agreement:.0%} of the images (accuracy {accuracy:.1%}). "
        "Measure closeness as the sum of squared pixel differences and take the smallest",
    )
    require(
        accuracy >= NEAREST_MEAN_TARGET,
        f"accuracy {accuracy:.1%} is below {NEAREST_MEAN_TARGET:.0%}: "
        "are the mean images on the same scale as the images?",
    )
    return f"{accuracy:.1%} of {len(images):,} test images right with no training at all. A network must beat that."
