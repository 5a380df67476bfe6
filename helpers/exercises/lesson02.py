"""Checkers for the exercises of lesson 02 (MNIST and normalization)."""

import numpy as np

from helpers.checks import as_image_batch, as_labels
from helpers.exercises.core import Hints, as_number, as_whole_number, call, checker, require
from helpers.report import format_percent

NEAREST_MEAN_TARGET = 0.75  # the nearest-mean classifier reads about 78 % of the first 2,000 test images
CHANCE_LEVEL = 0.3  # below this, a classifier of ten roughly balanced digits is close to guessing

hint = Hints(
    {
        1: (
            "Think of one position at a time: it is blank in every image exactly when its largest value, "
            "over all 60,000 images, is 0.",
            "`x_train.max(axis=0)` takes the largest value over the first axis (the images) and keeps the "
            "28 × 28 grid; count where it equals 0 with `np.sum(... == 0)`.",
        ),
        2: (
            "Lesson 01: a weight's gradient says how much the loss changes when that weight changes a little. "
            "What does a small change of a weight do when the pixel it multiplies is always 0?",
            "weight × 0 is 0 whatever the weight, so the gradient of such a weight is exactly 0 in every batch. "
            "SGD moves a weight by learning rate × gradient, Adam by running averages of its gradients: "
            "how far does either move it?",
        ),
        3: (
            "For one mean, `images - mean` subtracts it from every image at once (broadcasting, section 5); "
            "square that and sum over the two pixel axes, axis=(1, 2): one distance per image.",
            "`distances` has one row per digit and one column per image, shape (10, number of images); "
            "`distances.argmin(axis=0)` gives, for every column (every image), the row of the smallest "
            "distance: the digit.",
        ),
        4: (
            "The model divides by 255 itself. What range do the pixels have after they were divided "
            "by 255 twice, and what does the first layer then see?",
            "Pixels of at most 1/255 ≈ 0.004 look almost blank to the network: every image gives nearly the "
            "same first-layer sums (the biases), so nearly the same prediction for every image.",
        ),
    }
)


def _choice(prediction, name: str = "prediction") -> str:
    """The learner's multiple-choice answer as one of "A", "B", "C", or a hint."""
    require(isinstance(prediction, str), f'`{name}` should be one of the letters "A", "B" or "C", in quotes')
    letter = prediction.strip().upper()
    require(letter in {"A", "B", "C"}, f'`{name}` should be "A", "B" or "C", got {prediction!r}')
    return letter


@checker
def check_always_blank(n_always_blank, images) -> str:
    """Exercise 1: how many of the 784 pixel positions are 0 in every training image."""
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
    return f"{answer} of the 784 positions are blank in every training image."


@checker
def check_blank_weights(prediction, blank_changes, other_changes) -> str:
    """Exercise 2: the first-layer weights of never-inked pixels do not move during training (their gradient is 0)."""
    letter = _choice(prediction)
    blank = np.abs(np.asarray(blank_changes, dtype=np.float64))
    others = np.abs(np.asarray(other_changes, dtype=np.float64))
    require(blank.size > 0 and others.size > 0, "pass the changes of the blank pixels' weights and of the others")
    largest = float(blank.max())
    outcome = "C" if largest == 0 else ("B" if largest < float(others.mean()) else "A")
    explanations = {
        "A": "they moved as much as the others",
        "B": "they moved, but less than the others",
        "C": "not one of them moved: the largest change is exactly 0",
    }
    require(
        letter == outcome,
        f"the measurement says {outcome}: {explanations[outcome]} (largest change {largest:.3g}; the other "
        f"weights moved by {float(others.mean()):.3f} on average). Think about the gradient of a weight whose "
        "input is always 0: exercises.hint(2)",
    )
    return (
        f"{explanations[outcome]}. A weight whose pixel is always 0 has a gradient of exactly 0, so neither SGD "
        "nor Adam ever moves it: it keeps its random starting value, and it is harmless only because it always "
        "multiplies 0."
    )


@checker
def check_nearest_mean(predict_nearest_mean, images, labels, mean_images) -> str:
    """Exercise 3: classify images by the closest mean image (no training at all)."""
    images = as_image_batch(images)
    labels = as_labels(labels, len(images))
    means = np.asarray(mean_images, dtype=np.float64)
    require(means.shape == (10, 28, 28), f"mean_images should have shape (10, 28, 28), got {means.shape}")
    predicted = call(predict_nearest_mean, images, mean_images, name="predict_nearest_mean")
    require(
        predicted is not Ellipsis, "your function still returns `...`: replace it with your code, then run it again"
    )
    predicted = np.asarray(predicted)
    require(
        predicted.shape == (len(images),),
        f"return one label per image, shape ({len(images)},); got shape {predicted.shape}. "
        "Take argmin along the digits' axis only, so that one answer per image is left",
    )
    require(
        np.issubdtype(predicted.dtype, np.integer) and np.all((predicted >= 0) & (predicted <= 9)),
        "the labels should be whole numbers 0-9: the position (argmin) of the smallest distance, not the distance",
    )
    distances = np.stack([((images.astype(np.float64) - m) ** 2).sum(axis=(1, 2)) for m in means], axis=1)
    require(
        np.mean(predicted == np.argmax(distances, axis=1)) < 0.9,
        "you picked the farthest mean for each image: use argmin, not argmax",
    )
    agreement = float(np.mean(predicted == np.argmin(distances, axis=1)))
    accuracy = float(np.mean(predicted == labels))
    require(
        agreement >= 0.99,
        f"your labels match the closest mean for only {format_percent(agreement, 0)} of the images "
        f"(accuracy {format_percent(accuracy)}). Measure closeness as the sum of squared pixel differences "
        "over both pixel axes and take the smallest",
    )
    require(
        accuracy >= NEAREST_MEAN_TARGET,
        f"accuracy {format_percent(accuracy)} is below {format_percent(NEAREST_MEAN_TARGET, 0)}: "
        "are the mean images on the scale of the images?",
    )
    return (
        f"{format_percent(accuracy)} of {len(images):,} test images right with no training at all. "
        "A network must beat that."
    )


@checker
def check_scaled_twice(prediction, accuracy) -> str:
    """Exercise 4: a model that divides by 255 itself, fed pixels already divided by 255, reads almost nothing."""
    letter = _choice(prediction)
    accuracy = as_number(accuracy, "accuracy")
    require(0 <= accuracy <= 1, f"`accuracy` should be a fraction between 0 and 1, got {accuracy:g}")
    outcome = "C" if accuracy < CHANCE_LEVEL else ("B" if accuracy < 0.9 else "A")
    require(
        letter == outcome,
        f"the measurement says {outcome}: {format_percent(accuracy)} of the validation images right. "
        "What do pixels divided by 255 twice look like to the network? exercises.hint(4)",
    )
    return (
        f"{format_percent(accuracy)}, close to guessing. Divided twice, every pixel is at most 1/255: "
        "the network sees nearly blank images. A model that carries its own scaling wants the raw "
        "pixels; scaling is done once, either outside or inside."
    )
