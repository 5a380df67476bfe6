"""What every checker shares: how feedback looks and how malformed answers are reported."""

import functools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Feedback:
    """The verdict of a checker: `passed`, and a message for the learner."""

    passed: bool
    message: str

    def __str__(self) -> str:
        return f"{'✅ Correct' if self.passed else '❌ Not yet'}: {self.message}"

    def _ipython_display_(self) -> None:
        """Show nothing as a cell's result: the checker has already printed the verdict."""


class Hint(Exception):
    """Raised inside a checker to stop at the first problem and tell the learner about it."""


def is_unfilled(answer) -> bool:
    """True while the learner has left the starter's `...` gap in place."""
    return answer is Ellipsis or answer is None


def require(condition: bool, hint: str) -> None:
    """Stop the check with `hint` unless `condition` holds."""
    if not condition:
        raise Hint(hint)


def model_shapes(model, missing_input_hint: str) -> tuple[tuple, tuple]:
    """A Keras model's (input shape, output shape), or `missing_input_hint` if it has no defined input."""
    try:
        return tuple(model.input_shape), tuple(model.output_shape)
    except (AttributeError, ValueError):
        raise Hint(missing_input_hint) from None


def as_number(value, name: str, kind: str = "number") -> float:
    """A single finite number from a float, an int or a one-element array, or a hint naming `name`."""
    require(not isinstance(value, (str, bytes)), f"`{name}` should be a {kind}, not text ({value!r})")
    require(not isinstance(value, bool), f"`{name}` should be a {kind}, got {value!r}")
    array = np.asarray(value)
    require(np.issubdtype(array.dtype, np.number), f"`{name}` should be a {kind}, got {type(value).__name__}")
    require(array.size == 1, f"`{name}` should be one {kind}, got an array of shape {array.shape}")
    number = float(array.reshape(-1)[0])
    require(np.isfinite(number), f"`{name}` is {number}: it should be a finite {kind}")
    return number


def as_whole_number(value, name: str) -> int:
    """A single whole number (an int, or a float with nothing after the point), or a hint."""
    number = as_number(value, name, kind="whole number")
    require(number == int(number), f"`{name}` should be a whole number, got {number}")
    return int(number)


def checker(func: Callable[..., str]) -> Callable[..., Feedback]:
    """Turn a function that raises `Hint` or returns a success message into a checker.

    The checker prints its verdict (a line starting "✅ Correct" or "❌ Not
    yet") and returns the `Feedback`. An unfilled gap, a `Hint` or any error
    raised while the checker examines a malformed answer becomes a hint,
    never a traceback from deep inside the checker.
    """

    @functools.wraps(func)
    def wrapper(*answers, **kwargs) -> Feedback:
        if any(is_unfilled(a) for a in (*answers, *kwargs.values())):
            feedback = Feedback(False, "replace the `...` in the starter cell with your answer, then run it again.")
        else:
            try:
                feedback = Feedback(True, func(*answers, **kwargs))
            except Hint as hint:
                feedback = Feedback(False, str(hint))
            except Exception as error:  # a malformed answer: explain, don't crash
                feedback = Feedback(
                    False,
                    f"your answer could not be checked ({type(error).__name__}: {error}). "
                    "Check that it has the type the exercise asks for.",
                )
        print(feedback)
        return feedback

    return wrapper
