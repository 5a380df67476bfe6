"""Experiments too large to run inside a lesson, run by the seed study over its seeds.

Each lesson that needs one has a module here (``lesson04.py``, ...) whose
functions are registered with `@experiment("name")`. An experiment takes the
study's seeds and returns its table as a list of rows (dicts of plain
numbers and strings); the study writes it to ``helpers/results/NAME.csv``,
where the lesson reads it (`helpers.study.read_table`), and to
``benchmarks/results/NAME.md`` for people.
"""

import importlib
import pkgutil
from collections.abc import Callable, Sequence

Rows = list[dict[str, float | int | str]]
EXPERIMENTS: dict[str, Callable[[Sequence[int]], Rows]] = {}


def experiment(name: str):
    """Register `function(seeds) -> rows` as the experiment `name`."""

    def register(function: Callable[[Sequence[int]], Rows]) -> Callable[[Sequence[int]], Rows]:
        if name in EXPERIMENTS:
            raise ValueError(f"two experiments are called {name!r}")
        EXPERIMENTS[name] = function
        return function

    return register


def load_all() -> dict[str, Callable[[Sequence[int]], Rows]]:
    """Import every experiment module of this package and return the registry."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    return EXPERIMENTS
