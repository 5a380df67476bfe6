"""Portable, strict nbval: exact where every machine agrees, within the seed study's spread where training decides.

nbval compares every cell's stored output with a fresh run. This plugin
changes two things, and nothing else:

1. **Training results are compared within a tolerance.** The seed study
   (``python -m benchmarks.seeds``) runs every notebook under several seeds
   and writes ``tests/nbval_tolerances.json``: for each cell whose numbers
   varied between seeds, the lowest and highest value of each number. For
   such a cell the text around the numbers must match exactly (the
   skeleton, see `tools.output_numbers`), so must the spreads it quotes
   from the study ("97.3 ± 0.3 % over 5 seeds"), every number that never varied
   must match exactly, and every number that varied must lie within
   [lowest - range, highest + range], where range = highest - lowest, widened
   by one unit of its printed precision. All other outputs of those cells
   (HTML, figure reprs) are compared with the numbers masked. Cells not in
   the file are compared exactly, as nbval always does.
2. **No cell may write to stderr**, not even one whose output is not
   compared (`nbval-ignore-output`): a warning anywhere fails the suite.

It also gives the notebooks' kernels one model cache (``DNN_DIGITS_CACHE``)
for the whole run, empty at the start and removed at the end, never the
user's: all xdist workers share it. A lesson that studies lesson 04's model
(05, 07) loads it there when lesson 04 has already run, and otherwise trains
it itself, exactly as lesson 04 does; `tests/test_colab.py` runs lesson 05
alone from an empty cache, so that path is run in CI too.
"""

import copy
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from nbval.plugin import IPyNbCell, IPyNbFile

from tools import output_numbers

TOLERANCES_FILE = Path(__file__).resolve().parent / "nbval_tolerances.json"
TOLERANCES_VARIABLE = "DNN_DIGITS_NBVAL_TOLERANCES"  # another file, for the plugin's own tests
RUN_CACHE_VARIABLE = "DNN_DIGITS_NBVAL_MODEL_CACHE"  # the run's model cache, passed on to the xdist workers


def load_tolerances(path: Path | None = None) -> dict[str, dict[str, list[list[float]]]]:
    """{notebook file name: {cell id: [[lowest, highest], ...] per number}} from the seed study."""
    path = Path(path or os.environ.get(TOLERANCES_VARIABLE) or TOLERANCES_FILE)
    if not path.is_file():
        return {}
    return json.loads(path.read_text())["notebooks"]


def numbers_within(stored: str, fresh: str, bands: list[list[float]]) -> list[str]:
    """What is wrong with `fresh` against `stored` under the seed study's `bands` (empty when it passes)."""
    if output_numbers.skeleton(stored) != output_numbers.skeleton(fresh):
        return ["the text around the numbers differs:\n--- stored\n" + stored + "\n--- fresh\n" + fresh]
    if output_numbers.spreads(stored) != output_numbers.spreads(fresh):
        return [
            f"the seed study's spreads changed: stored {output_numbers.spreads(stored)}, now "
            f"{output_numbers.spreads(fresh)}; re-run `python -m tools.execute` on this notebook"
        ]
    stored_numbers, fresh_numbers = output_numbers.numbers(stored), output_numbers.numbers(fresh)
    if len(bands) != len(stored_numbers):
        return [
            f"the seed study saw {len(bands)} numbers in this cell, the stored output has "
            f"{len(stored_numbers)}: re-run `python -m benchmarks.seeds` for this notebook"
        ]
    problems = []
    for index, (old, new, (low, high), places) in enumerate(
        zip(stored_numbers, fresh_numbers, bands, output_numbers.decimals(stored), strict=True)
    ):
        if low == high:
            if new != old:
                problems.append(f"number {index + 1}: {new:g} instead of {old:g}, which did not vary between seeds")
            continue
        margin = (high - low) + 10.0**-places
        if not low - margin <= new <= high + margin:
            problems.append(
                f"number {index + 1}: {new:g} lies outside {low - margin:g} to {high + margin:g} "
                f"(the seeds gave {low:g} to {high:g})"
            )
    return problems


def _masked(outputs):
    """A copy of `outputs` with every number in every text replaced by '#'."""
    masked = copy.deepcopy(outputs)
    for output in masked:
        if "text" in output:
            output["text"] = output_numbers.skeleton(output["text"])
        for key, value in output.get("data", {}).items():
            if isinstance(value, str) and key.startswith("text/"):
                output["data"][key] = output_numbers.skeleton(value)
    return masked


_original_compare = IPyNbCell.compare_outputs
_original_runtest = IPyNbCell.runtest
_original_setup = IPyNbFile.setup


def _compare_outputs(self, test, ref, skip_compare=None):
    bands = self.config._nbval_tolerances.get(self.path.name, {}).get(self.cell.get("id"))
    if bands is None:
        return _original_compare(self, test, ref, skip_compare)
    stored = output_numbers.sanitized(output_numbers.output_text(ref), self.parent.sanitize_patterns.items())
    fresh = output_numbers.sanitized(output_numbers.output_text(test), self.parent.sanitize_patterns.items())
    problems = numbers_within(stored, fresh, bands)
    if problems:
        self.comparison_traceback = ["Training results outside the seed study's spread:", *problems]
        return False
    return _original_compare(self, _masked(test), _masked(ref), skip_compare)


def _runtest(self):
    try:
        _original_runtest(self)
    finally:
        errors = [o.get("text", "") for o in self.test_outputs or [] if o.get("name") == "stderr"]
    if errors:
        self.raise_cell_error("Cell wrote to stderr (a warning or a log line); fix its cause:", "".join(errors))


def _setup(self):
    """Start the notebook's kernel with the run's model cache as its `DNN_DIGITS_CACHE`."""
    saved = os.environ.get("DNN_DIGITS_CACHE")
    os.environ["DNN_DIGITS_CACHE"] = os.environ[RUN_CACHE_VARIABLE]
    try:
        _original_setup(self)
    finally:
        _restore(saved)


def _restore(value: str | None) -> None:
    if value is None:
        os.environ.pop("DNN_DIGITS_CACHE", None)
    else:
        os.environ["DNN_DIGITS_CACHE"] = value


@pytest.hookimpl
def pytest_configure(config):
    config._nbval_tolerances = load_tolerances()
    # The run that starts first (xdist's controller, or pytest itself) makes the cache; workers inherit it.
    config._nbval_owned_cache = None
    if RUN_CACHE_VARIABLE not in os.environ:
        config._nbval_owned_cache = tempfile.mkdtemp(prefix="dnn-digits-nbval-cache-")
        os.environ[RUN_CACHE_VARIABLE] = config._nbval_owned_cache
    IPyNbCell.compare_outputs = _compare_outputs
    IPyNbCell.runtest = _runtest
    IPyNbFile.setup = _setup


@pytest.hookimpl
def pytest_unconfigure(config):
    if getattr(config, "_nbval_owned_cache", None):
        shutil.rmtree(config._nbval_owned_cache, ignore_errors=True)
        os.environ.pop(RUN_CACHE_VARIABLE, None)
