"""Checkers for lesson 05 (what the hidden units learn).

Each checker examines what the learner's code produced (a count, indices, a
function's results, a prediction), never the text of the code.
"""

import numpy as np

from helpers.exercises.core import Hint, Hints, as_whole_number, call, checker, require

hint = Hints(
    {
        1: (
            "A unit fires on an image when its activation is greater than 0. `activations > 0` is True where "
            "that happens; the mean of each column is the share of images on which that unit fires.",
            "firing_share = (trained_test['hidden_1'] > 0).mean(axis=0) gives one share per unit; count the "
            "units whose share is below 0.05 with np.sum(firing_share < 0.05).",
        ),
        2: (
            "Unit 33's activations for all test images are one column: trained_test['hidden_1'][:, 33]. "
            "np.argsort gives the indices that would sort it, smallest first.",
            "Reverse the sorted indices with [::-1] so the largest comes first, then keep the first 5: "
            "np.argsort(column)[::-1][:5].",
        ),
        3: (
            "First find the unit's k most exciting images, as in exercise 2 (with `unit` and `k` instead of "
            "33 and 5); then look up their labels.",
            "labels[top] are the digits of those images; len(np.unique(labels[top])) counts the different "
            "ones. Return that number.",
        ),
        4: (
            "The nearest class mean compares distances. The distance between two images adds up the squared "
            "differences of their 784 pixels: does a sum depend on the order of its terms?",
            "Shuffling moves the pixels of every image, and so of every class mean, in the same way: each "
            "distance adds up the same terms in another order, so every image keeps its nearest mean.",
        ),
    }
)


def _array(answer, what: str) -> np.ndarray:
    array = np.asarray(answer)
    require(
        array.dtype != object and np.issubdtype(array.dtype, np.number),
        f"expected {what}, got {type(answer).__name__}.",
    )
    return array


@checker
def check_rarely_active_count(n_rare, activations, fraction: float = 0.05) -> str:
    """Exercise 1: how many units fire (activation > 0) on fewer than `fraction` of the images."""
    activations = np.asarray(activations)
    require(
        np.ndim(n_rare) == 0,
        "expected one whole number of units, got an array: count the True values with np.sum(...)",
    )
    n_rare = as_whole_number(n_rare, "n_rarely_active")
    firing_share = (activations > 0).mean(axis=0)
    expected = int(np.sum(firing_share < fraction))
    n_units = activations.shape[1]
    require(
        n_rare != n_units - expected or n_rare == expected,
        "you counted the units that fire on *at least* 5 % of the images; count the others.",
    )
    require(
        n_rare != int(np.sum(activations.max(axis=0) == 0)) or n_rare == expected,
        "those are the units that never fire at all; also count the ones that fire on some images, "
        "but on fewer than 5 % of them.",
    )
    require(
        n_rare != int(np.sum(activations.mean(axis=0) < fraction)) or n_rare == expected,
        "you compared the mean *activation* with 0.05; compare the share of images on which the unit "
        "fires, (activations > 0).mean(axis=0).",
    )
    require(0 <= n_rare <= n_units, f"the layer has only {n_units} units.")
    require(
        n_rare == expected,
        "not the right count. For each unit (a column), take the share of images with activation > 0, "
        "then count the units where that share is below 0.05.",
    )
    return f"{expected} of {n_units} units fire on fewer than 5 % of the test images."


@checker
def check_top_images(indices, activations, unit: int, k: int = 5) -> str:
    """Exercise 2: the indices of the `k` images that excite `unit` most, strongest first."""
    activations = np.asarray(activations)
    indices = _array(indices, f"an array of {k} image indices")
    require(indices.shape == (k,), f"expected {k} indices, got shape {indices.shape}.")
    require(np.issubdtype(indices.dtype, np.integer), "expected whole-number indices (np.argsort gives them).")
    require(
        indices.min() >= 0 and indices.max() < len(activations),
        f"indices must point at images 0-{len(activations) - 1}.",
    )
    column = activations[:, unit]
    expected_values = column[np.argsort(-column, kind="stable")[:k]]
    values = column[indices]
    least_exciting = column[np.argsort(column, kind="stable")[:k]]
    right = np.allclose(values, expected_values)
    require(
        right or not np.allclose(values, least_exciting),
        "those images excite the unit *least*: np.argsort sorts from small to large; "
        "reverse it ([::-1]) before taking the first k.",
    )
    require(
        right or not np.allclose(np.sort(values)[::-1], expected_values),
        "the right images, in the wrong order: put the most exciting first.",
    )
    require(
        right,
        f"these are not the {k} images with the largest activation of unit {unit} (activations[:, {unit}]).",
    )
    return f"images {', '.join(map(str, indices))} excite unit {unit} most."


def _digits_among_top(activations: np.ndarray, labels: np.ndarray, unit: int, k: int) -> int:
    return len(np.unique(labels[np.argsort(-activations[:, unit], kind="stable")[:k]]))


def _example_layer(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Made-up activations (60 images, 5 units, no ties) whose top images mix a known number of digits."""
    rng = np.random.default_rng(seed)
    labels = rng.permutation(np.arange(60) % 10)
    activations = rng.random((60, 5))
    activations[:, 0] += 2.0 * (labels == 3)  # unit 0: its top 6 images are all 3s
    activations[:, 1] += 2.0 * np.isin(labels, (1, 7))  # unit 1: 1s and 7s
    return activations.astype(np.float32), labels


CASES = ((0, 6), (1, 10), (2, 8), (3, 1), (4, 60))  # (unit, k) on each made-up layer


@checker
def check_digits_among_top(function) -> str:
    """Exercise 3: `function(activations, labels, unit, k)` -> the number of different digits among the top k."""
    answers, expected, least = [], [], []
    for seed in (0, 1):
        activations, labels = _example_layer(seed)
        for unit, k in CASES:
            answer = call(function, activations, labels, unit, k, name="digits_among_top")
            require(
                np.ndim(answer) == 0,
                f"for unit {unit} it returned {type(answer).__name__} of shape {np.shape(answer)}; "
                "return one number: how many *different* digits (len(np.unique(...))).",
            )
            answers.append(as_whole_number(answer, "digits_among_top(...)"))
            expected.append(_digits_among_top(activations, labels, unit, k))
            least.append(len(np.unique(labels[np.argsort(activations[:, unit], kind="stable")[:k]])))
    if answers == expected:
        return "it counts the different digits among a unit's k most exciting images."
    require(
        answers != [k for _ in (0, 1) for _, k in CASES],
        "it returns k, the number of images: count the *different* digits among them (np.unique removes repeats).",
    )
    require(
        answers != least,
        "it counts the digits among the *least* exciting images: reverse np.argsort's order with [::-1].",
    )
    (unit, k), answer, right = next(
        (case, a, e) for case, a, e in zip(CASES + CASES, answers, expected, strict=True) if a != e
    )
    raise Hint(f"on made-up activations, unit {unit} with k={k}: it returns {answer}, expected {right}.")


OUTCOMES = ("lower", "about the same", "higher")
SAME_WITHIN = 0.01  # "about the same": within 1 percentage point


@checker
def check_shuffle_prediction(prediction, shuffled_accuracy, usual_accuracy) -> str:
    """Exercise 4: predict the nearest-class-mean accuracy on pixels shuffled the same way in every image."""
    require(
        isinstance(prediction, str) and prediction.strip().lower() in OUTCOMES,
        f'write your prediction as one of "lower", "about the same" or "higher", got {prediction!r}.',
    )
    shuffled, usual = float(shuffled_accuracy), float(usual_accuracy)
    difference = shuffled - usual
    outcome = "about the same" if abs(difference) < SAME_WITHIN else OUTCOMES[2 if difference > 0 else 0]
    scores = f"shuffled {100 * shuffled:.1f} %, usual order {100 * usual:.1f} %"
    require(
        prediction.strip().lower() == outcome,
        f"you predicted {prediction!r}; it came out {outcome} ({scores}). The distance between two images adds "
        "up their pixels' squared differences; shuffling every image the same way only reorders the terms.",
    )
    return (
        f"{outcome} ({scores}). A distance adds up pixel by pixel, in any order. A Dense layer is just as blind "
        "to where a pixel sits: one weight per pixel, and nothing says which pixels are neighbours (try "
        "probe_accuracy on the shuffled pixels). Lesson 07 shows what that blindness costs."
    )
