"""Self-checking exercises, one module per lesson (`helpers.exercises.lesson01`, ...).

Every exercise in a notebook follows the same four-cell pattern:

1. a Markdown prompt;
2. a starter code cell, tagged ``exercise``, with the gap written as ``...``
   (so it runs without error even before the learner fills it in);
3. the solution, tagged ``solution`` and collapsed (``source_hidden``): a
   teacher expands it to reveal it, and the student edition
   (``python -m tools.student_edition``) removes it;
4. a ``check_...()`` call, tagged ``check``, that prints "Correct" or a
   specific hint.

Checkers test behaviour (shapes, values, a model's layers and parameter
count, an accuracy reached on held-out data), never the text of the answer.
"""
