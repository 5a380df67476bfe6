"""What every checker shares: the three outcomes, strict mode for graders, hints on demand.

A checker looks at what the learner's code produced (a number, an array, a
function, a model), never at its text. It has three outcomes, printed as
one line:

* "✅ Correct: ..." with what the answer shows;
* "❌ Not yet: ..." with a hint that says what is wrong;
* "✏️ Not attempted yet: ..." while the starter's `...` gap is still there.

In a learner's notebook a checker only prints. In **strict mode** a wrong or
unattempted answer also raises `AssertionError` with the same text, which is
what an autograder such as nbgrader needs. Strict mode is one switch: the
environment variable ``DNN_DIGITS_STRICT=1``, or `set_strict(True)`.

Each lesson's exercise module also offers `hint(n)`: the first call prints a
first hint for exercise `n`, the next a second one, then it points to the
solution.
"""

import copy
import functools
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

STRICT_VARIABLE = "DNN_DIGITS_STRICT"
_strict_override: bool | None = None


def set_strict(on: bool = True) -> None:
    """Make every checker raise `AssertionError` on a wrong or unattempted answer (or stop doing so)."""
    global _strict_override
    _strict_override = bool(on)


def is_strict() -> bool:
    """True when checkers raise: `set_strict(True)` was called, or `$DNN_DIGITS_STRICT` is 1/true/yes."""
    if _strict_override is not None:
        return _strict_override
    return os.environ.get(STRICT_VARIABLE, "").strip().lower() in {"1", "true", "yes"}


@dataclass(frozen=True)
class Feedback:
    """The verdict of a checker: `passed`, a message for the learner, and whether an answer was given."""

    passed: bool
    message: str
    attempted: bool = True

    def __str__(self) -> str:
        if self.passed:
            return f"✅ Correct: {self.message}"
        return f"{'❌ Not yet' if self.attempted else '✏️ Not attempted yet'}: {self.message}"

    def _ipython_display_(self) -> None:
        """Show nothing as a cell's result: the checker has already printed the verdict."""


UNATTEMPTED = Feedback(False, "replace the `...` in the starter cell with your answer, then run it again.", False)


class Hint(Exception):
    """Raised inside a checker to stop at the first problem and tell the learner about it."""


def is_unfilled(answer) -> bool:
    """True while the learner has left the starter's `...` gap in place."""
    return answer is Ellipsis or answer is None


def require(condition: bool, hint: str) -> None:
    """Stop the check with `hint` unless `condition` holds."""
    if not condition:
        raise Hint(hint)


def _copied(value):
    """A copy the learner's function may change without fooling the checker (models are passed as they are)."""
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, (list, dict, tuple)):
        return copy.deepcopy(value)
    return value


def call(function, *args, name: str):
    """Call the learner's `function` on copies of `args` and return its result, or stop with a hint.

    Says so when `function` is not a function (or was called instead of
    passed), when it raises, and when it returns None (a forgotten `return`).
    """
    require(
        callable(function) and not isinstance(function, type),
        f"`{name}` should be your function itself: pass it without brackets, e.g. check_...({name}); "
        f"got {type(function).__name__}",
    )
    try:
        result = function(*(_copied(arg) for arg in args))
    except Exception as error:  # noqa: BLE001  (the learner's code failed: say how)
        raise Hint(f"your `{name}` raised {type(error).__name__}: {error}") from None
    require(result is not None, f"your `{name}` returned None: did you forget `return`?")
    return result


def require_model(
    model,
    name: str = "the model",
    *,
    input_shape: tuple | None = None,
    output_units: int | None = None,
    trained: bool = False,
):
    """The learner's Keras model, checked for a defined input, the given shapes and (if asked) training."""
    from helpers.models import require_model as check_model

    try:
        check_model(model, input_shape=input_shape, output_units=output_units, name=name)
    except (TypeError, ValueError) as error:
        raise Hint(str(error)) from None
    if trained:
        optimizer = getattr(model, "optimizer", None)
        require(optimizer is not None, f"{name} has not been compiled: call model.compile(...), then model.fit(...)")
        require(int(optimizer.iterations) > 0, f"{name} has not been trained yet: call model.fit(...)")
    return model


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

    The checker prints its verdict and returns the `Feedback`. An unfilled
    gap, a `Hint` or any error raised while it examines a malformed answer
    becomes a message, never a traceback from inside the checker. In strict
    mode a verdict other than "Correct" also raises `AssertionError`.
    """

    @functools.wraps(func)
    def wrapper(*answers, **kwargs) -> Feedback:
        if any(is_unfilled(a) for a in (*answers, *kwargs.values())):
            feedback = UNATTEMPTED
        else:
            try:
                feedback = Feedback(True, func(*answers, **kwargs))
            except Hint as hint:
                feedback = Feedback(False, str(hint))
            except Exception as error:  # noqa: BLE001  (a malformed answer: explain, don't crash)
                feedback = Feedback(
                    False,
                    f"your answer could not be checked ({type(error).__name__}: {error}). "
                    "Check that it has the type the exercise asks for.",
                )
        print(feedback)
        if is_strict() and not feedback.passed:
            raise AssertionError(str(feedback))
        return feedback

    return wrapper


class Hints:
    """Hints on demand for one lesson's exercises: `hint(3)` prints the next hint for exercise 3.

    Each exercise has its hints in order, most general first. After the last
    one, a further call points to the solution.
    """

    def __init__(self, hints: Mapping[int, Sequence[str]]):
        for exercise, texts in hints.items():
            if not texts or not all(isinstance(text, str) and text.strip() for text in texts):
                raise ValueError(f"exercise {exercise} needs at least one non-empty hint")
        self._hints = {int(exercise): tuple(texts) for exercise, texts in hints.items()}
        self._given: dict[int, int] = {}

    def __call__(self, exercise: int) -> None:
        if exercise not in self._hints:
            print(f"There is no exercise {exercise} here; the exercises are {sorted(self._hints)}.")
            return
        given = self._given.get(exercise, 0)
        texts = self._hints[exercise]
        if given < len(texts):
            print(f"💡 Hint {given + 1} of {len(texts)} for exercise {exercise}: {texts[given]}")
            self._given[exercise] = given + 1
        else:
            print(
                f"No more hints for exercise {exercise}: compare with the solution "
                "(the collapsed cell below your starter cell, or ask your teacher)."
            )

    def reset(self) -> None:
        """Start every exercise's hints from the first again."""
        self._given.clear()
