"""The seed study's committed results, and the hook that lets the study collect a notebook's numbers.

Training results depend on the seed (the starting weights and the order of
the batches) and, in the last digits, on the machine. The maintainer's seed
study (``python -m benchmarks.seeds``) runs every lesson under several
seeds and writes, into this package's ``results/`` folder:

* ``seed_study.csv``: one row per measured number a lesson reports, with its
  mean, standard deviation, minimum and maximum over the seeds;
* one CSV per experiment too large to run inside a lesson (for example
  lesson 04's learning-rate grid), which the lessons draw and quote.

When the environment variable ``DNN_DIGITS_RECORD`` names a file, every
number a lesson reports through `helpers.report.measured` is appended to it
as a line of JSON; that is how the study collects them.
"""

import csv
import json
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parent / "results"
SEED_STUDY = "seed_study"
RECORD_VARIABLE = "DNN_DIGITS_RECORD"


@dataclass(frozen=True)
class Spread:
    """How one measured number varied over the study's seeds."""

    seeds: int
    mean: float
    sd: float
    low: float
    high: float


def read_table(name: str) -> list[dict[str, str]]:
    """The rows of the committed result table ``results/NAME.csv``, as dicts of strings."""
    path = RESULTS_DIR / f"{name}.csv"
    if not path.is_file():
        raise FileNotFoundError(
            f"the seed study has not written {path.name} yet: run `python -m benchmarks.seeds` "
            "from the repository (a maintainer command)"
        )
    with path.open(newline="") as file:
        return list(csv.DictReader(file))


@cache
def _spreads() -> dict[tuple[str, str], Spread]:
    try:
        rows = read_table(SEED_STUDY)
    except FileNotFoundError:
        return {}
    return {
        (row["lesson"], row["measure"]): Spread(
            int(row["seeds"]), float(row["mean"]), float(row["sd"]), float(row["min"]), float(row["max"])
        )
        for row in rows
    }


def spread(lesson: str, measure: str) -> Spread | None:
    """The study's spread of one lesson's measured number, or None if the study has no row for it."""
    return _spreads().get((lesson, measure))


def record(lesson: str, measure: str, value: float, unit: str, decimals: int) -> None:
    """Append one measured number to `$DNN_DIGITS_RECORD`, if the seed study asked for it."""
    target = os.environ.get(RECORD_VARIABLE)
    if not target:
        return
    line = {"lesson": lesson, "measure": measure, "value": float(value), "unit": unit, "decimals": decimals}
    with open(target, "a") as file:
        file.write(json.dumps(line) + "\n")
