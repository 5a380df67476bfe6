"""Lesson 05's checkers accept the reference solutions and reject realistic wrong answers with a useful hint."""

import numpy as np
import pytest

from helpers.exercises import lesson05 as exercises

# --- exercise 1: rarely active units ---------------------------------------------------------------


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


def test_rarely_active_accepts_the_solution(activations, assert_correct):
    answer = int(np.sum((activations > 0).mean(axis=0) < 0.05))
    assert answer == 3
    assert_correct(exercises.check_rarely_active_count(answer, activations), "3 of 7 units")


@pytest.mark.parametrize(
    ("answer", "hint"),
    [
        (4, "fire on *at least* 5 %"),
        (1, "units that never fire at all"),
        (2, "compared the mean *activation* with 0.05"),
        (9, "only 7 units"),
        (5, "not the right count"),
    ],
)
def test_rarely_active_rejects_realistic_mistakes(activations, answer, hint, assert_hint):
    assert_hint(exercises.check_rarely_active_count(answer, activations), hint)


def test_rarely_active_explains_malformed_answers(activations, assert_hint):
    rare = (activations > 0).mean(axis=0) < 0.05
    assert_hint(exercises.check_rarely_active_count(rare, activations), "got an array", "np.sum")
    assert_hint(exercises.check_rarely_active_count(3.5, activations), "whole number")
    assert_hint(exercises.check_rarely_active_count("3", activations), "not text")


# --- exercise 2: a unit's favourite images -----------------------------------------------------------


@pytest.fixture
def unit_activations():
    return np.random.default_rng(3).random((50, 4)).astype(np.float32)


def test_top_images_accepts_the_solution(unit_activations, assert_correct):
    top5 = np.argsort(unit_activations[:, 2])[::-1][:5]
    assert_correct(exercises.check_top_images(top5, unit_activations, unit=2), "excite unit 2 most")


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (lambda a: np.argsort(a[:, 2])[:5], "excite the unit *least*"),
        (lambda a: np.argsort(a[:, 2])[-5:], "in the wrong order"),
        (lambda a: np.argsort(a[:, 1])[::-1][:5], "not the 5 images with the largest activation of unit 2"),
        (lambda a: np.argsort(a[:, 2])[::-1][:4], "expected 5 indices, got shape (4,)"),
        (lambda a: np.argsort(a[:, 2])[::-1][:5] + 100, "must point at images 0-49"),
        (lambda a: np.sort(a[:, 2])[::-1][:5], "whole-number indices"),
    ],
)
def test_top_images_rejects_realistic_mistakes(unit_activations, wrong, hint, assert_hint):
    assert_hint(exercises.check_top_images(wrong(unit_activations), unit_activations, unit=2), hint)


def test_top_images_accepts_any_order_among_tied_images(assert_correct):
    dead = np.zeros((20, 3), dtype=np.float32)  # a dead unit: every image ties at 0
    assert_correct(exercises.check_top_images(np.array([7, 3, 9, 0, 1]), dead, unit=1))


def test_top_images_explains_a_malformed_answer(unit_activations, assert_hint):
    assert_hint(exercises.check_top_images({1, 2, 3}, unit_activations, unit=2), "an array of 5 image indices, got set")


# --- exercise 3: digits among a unit's favourites ----------------------------------------------------


def solution(activations, labels, unit, k):
    top = np.argsort(activations[:, unit])[::-1][:k]
    return len(np.unique(labels[top]))


def test_example_layer_has_the_structure_the_hints_rely_on():
    activations, labels = exercises._example_layer(0)
    assert solution(activations, labels, 0, 6) == 1  # only 3s
    assert solution(activations, labels, 1, 10) == 2  # 1s and 7s
    assert solution(activations, labels, 4, 60) == 10


def test_digits_among_top_accepts_the_solution(assert_correct):
    assert_correct(exercises.check_digits_among_top(solution), "different digits")


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (lambda a, labels, unit, k: len(np.unique(labels[np.argsort(a[:, unit])[:k]])), "*least* exciting"),
        (lambda a, labels, unit, k: k, "the number of images"),
        (lambda a, labels, unit, k: labels[np.argsort(a[:, unit])[::-1][:k]], "return one number"),
        (lambda a, labels, unit, k: len(np.unique(labels[np.argsort(a[:, 0])[::-1][:k]])), "expected"),
        (lambda a, labels, unit, k: 1.5, "whole number"),
    ],
)
def test_digits_among_top_rejects_realistic_mistakes(wrong, hint, assert_hint):
    assert_hint(exercises.check_digits_among_top(wrong), hint)


def test_digits_among_top_explains_malformed_answers(assert_hint, capsys):
    def starter(activations, labels, unit, k): ...  # your code here

    assert_hint(exercises.check_digits_among_top(starter), "returned None", "forget `return`")
    assert_hint(exercises.check_digits_among_top(3), "should be your function itself")
    assert_hint(exercises.check_digits_among_top(lambda a, b: 1), "raised TypeError")


# --- exercise 4: predict before you run, shuffled pixels ---------------------------------------------


def test_shuffle_prediction_accepts_about_the_same(assert_correct):
    feedback = exercises.check_shuffle_prediction("about the same", 0.8124, 0.8124)
    assert_correct(feedback, "about the same (shuffled 81.2 %, usual order 81.2 %)", "Lesson 07")


@pytest.mark.parametrize("prediction", ["lower", "higher"])
def test_shuffle_prediction_rejects_the_other_outcomes(prediction, assert_hint):
    feedback = exercises.check_shuffle_prediction(prediction, 0.8125, 0.8124)
    assert_hint(feedback, f"you predicted {prediction!r}; it came out about the same", "reorders the terms")


def test_shuffle_prediction_judges_by_what_happened(assert_correct, assert_hint):
    assert_correct(exercises.check_shuffle_prediction("lower", 0.70, 0.81))
    assert_hint(exercises.check_shuffle_prediction("about the same", 0.70, 0.81), "it came out lower")


def test_shuffle_prediction_explains_malformed_answers(assert_hint):
    assert_hint(exercises.check_shuffle_prediction("same", 0.81, 0.81), 'one of "lower", "about the same"')
    assert_hint(exercises.check_shuffle_prediction(0.81, 0.81, 0.81), "got 0.81")


def test_shuffle_prediction_waits_for_an_answer(capsys):
    feedback = exercises.check_shuffle_prediction(..., 0.81, 0.81)
    assert not feedback.attempted and "Not attempted" in capsys.readouterr().out


# --- hints ----------------------------------------------------------------------------------------------
