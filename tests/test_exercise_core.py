"""The checker machinery: verdicts, unfilled gaps and malformed answers."""

from helpers.exercises.core import Feedback, checker, require


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


def test_unfilled_gap_asks_to_fill_it():
    assert "replace the `...`" in check_double(...).message


def test_malformed_answer_is_explained_not_raised():
    @checker
    def check_len(value):
        return f"length {len(value)}"

    feedback = check_len(3)
    assert not feedback.passed
    assert "could not be checked (TypeError" in feedback.message


def test_number_helpers_accept_numbers_and_hint_otherwise():
    import numpy as np
    import pytest

    from helpers.exercises.core import Hint, as_number, as_whole_number

    assert as_number(np.float32(2.5), "x") == 2.5 and as_whole_number(np.array([7.0]), "n") == 7
    for bad, hint in [("7", "not text"), ([1, 2], "one whole number"), (7.5, "whole number, got 7.5")]:
        with pytest.raises(Hint, match=hint):
            as_whole_number(bad, "n")
