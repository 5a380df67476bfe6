"""The checker machinery: three outcomes, strict mode, calling the learner's code, hints on demand."""

import numpy as np
import pytest

from helpers.exercises import core
from helpers.exercises.core import Feedback, Hint, Hints, as_number, as_whole_number, call, checker, require


@checker
def check_double(value):
    require(isinstance(value, int), f"expected a whole number, got {type(value).__name__}")
    require(value == 4, f"{value} is not twice 2")
    return "4 is twice 2."


def test_accepts_the_right_answer(capsys):
    assert check_double(4) == Feedback(True, "4 is twice 2.")
    assert capsys.readouterr().out == "✅ Correct: 4 is twice 2.\n"


def test_wrong_answer_gets_the_specific_hint(capsys):
    assert check_double(5) == Feedback(False, "5 is not twice 2")
    assert capsys.readouterr().out.startswith("❌ Not yet: 5 is not twice 2")


def test_unfilled_gap_is_not_attempted(capsys):
    feedback = check_double(...)
    assert not feedback.passed and not feedback.attempted
    assert capsys.readouterr().out.startswith("✏️ Not attempted yet: replace the `...`")


def test_malformed_answer_is_explained_not_raised():
    @checker
    def check_len(value):
        return f"length {len(value)}"

    feedback = check_len(3)
    assert not feedback.passed
    assert "could not be checked (TypeError" in feedback.message


@pytest.mark.parametrize("switch", ["environment", "function"])
def test_strict_mode_raises_with_the_same_text(monkeypatch, switch):
    if switch == "environment":
        monkeypatch.setenv("DNN_DIGITS_STRICT", "1")
    else:
        monkeypatch.setattr(core, "_strict_override", None)
        core.set_strict(True)
    try:
        assert check_double(4).passed
        with pytest.raises(AssertionError, match="❌ Not yet: 5 is not twice 2"):
            check_double(5)
        with pytest.raises(AssertionError, match="Not attempted yet"):
            check_double(...)
    finally:
        core.set_strict(False)
        monkeypatch.setattr(core, "_strict_override", None)


def test_call_copies_arguments_and_explains_failures():
    data = np.arange(3)

    def mutate(array):
        array[0] = 99
        return array.sum()

    assert call(mutate, data, name="mutate") == 102 and data[0] == 0
    with pytest.raises(Hint, match="pass it without brackets"):
        call(3, name="f")
    with pytest.raises(Hint, match="did you forget `return`"):
        call(lambda: None, name="f")
    with pytest.raises(Hint, match="your `f` raised ZeroDivisionError"):
        call(lambda: 1 / 0, name="f")


def test_require_model_turns_model_problems_into_hints(digit_model):
    model = digit_model(4)
    assert core.require_model(model, input_shape=(28, 28), output_units=10) is model
    with pytest.raises(Hint, match="must be a Keras model"):
        core.require_model([1, 2])
    with pytest.raises(Hint, match="has not been compiled"):
        core.require_model(model, trained=True)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    with pytest.raises(Hint, match="has not been trained yet"):
        core.require_model(model, trained=True)


def test_number_helpers_accept_numbers_and_hint_otherwise():
    assert as_number(np.float32(2.5), "x") == 2.5 and as_whole_number(np.array([7.0]), "n") == 7
    for bad, hint in [("7", "not text"), ([1, 2], "one whole number"), (7.5, "whole number, got 7.5")]:
        with pytest.raises(Hint, match=hint):
            as_whole_number(bad, "n")


def test_hints_come_one_at_a_time_then_point_to_the_solution(capsys):
    hint = Hints({1: ["look at the shape", "use axis=1"], 2: ["only one"]})
    hint(1)
    assert capsys.readouterr().out == "💡 Hint 1 of 2 for exercise 1: look at the shape\n"
    hint(1)
    assert capsys.readouterr().out == "💡 Hint 2 of 2 for exercise 1: use axis=1\n"
    hint(1)
    assert "No more hints for exercise 1: compare with the solution" in capsys.readouterr().out
    hint(2)
    assert "Hint 1 of 1 for exercise 2" in capsys.readouterr().out
    hint(9)
    assert "There is no exercise 9" in capsys.readouterr().out
    hint.reset()
    hint(1)
    assert "Hint 1 of 2" in capsys.readouterr().out
    with pytest.raises(ValueError, match="exercise 3 needs at least one non-empty hint"):
        Hints({3: []})
