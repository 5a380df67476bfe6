"""The nbgrader source edition, checked without nbgrader: answers, tests, read-only cells, valid metadata."""

import re

import nbformat
import pytest

from tools.execute import cell_tags, lesson_notebooks
from tools.nbgrader_edition import KERNELSPEC, answer_source, nbgrader_version, write_course

LESSONS = [p for p in lesson_notebooks() if not p.name.startswith("00_")]
GRADE_ID = re.compile(r"^[a-zA-Z0-9_\-]*$")
SCHEMA_KEYS = {"schema_version", "grade", "locked", "solution", "grade_id", "points"}


def test_a_gap_is_replaced_by_the_solution_region_with_its_indentation():
    starter = "def half(v):\n    ...  # your code here"
    assert answer_source(starter, "def half(v):\n    return v / 2") == (
        "def half(v):\n    ### BEGIN SOLUTION\n    return v / 2\n    ### END SOLUTION"
    )
    assert answer_source("x = ...  # your code", "x = 2 * y") == "### BEGIN SOLUTION\nx = 2 * y\n### END SOLUTION"


def test_scaffolding_stays_and_a_rewritten_starter_becomes_one_region():
    starter = "data = load()\n\ndef f(x):\n    ...\n\nresult = f(data)"
    solution = "def f(x):\n    return x + 1\n\nresult = f(data)"
    merged = answer_source(starter, solution)
    assert merged.startswith("data = load()") and "    ### BEGIN SOLUTION\n    return x + 1" in merged
    assert answer_source("a = 1\nb = ...", "a = 2\nb = 3") == "### BEGIN SOLUTION\na = 2\nb = 3\n### END SOLUTION"


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_every_exercise_becomes_one_answer_and_one_locked_test(path):
    teacher = nbformat.read(path, as_version=4)
    edition = nbgrader_version(teacher, path.name[:2])
    n_exercises = sum("exercise" in cell_tags(c) for c in teacher.cells)
    meta = [c.metadata.get("nbgrader") for c in edition.cells]
    answers = [m for m in meta if m and m["solution"]]
    tests = [m for m in meta if m and m["grade"]]
    assert len(answers) == len(tests) == n_exercises
    assert all(m["locked"] and m["points"] > 0 and not m["solution"] for m in tests)
    assert not any("solution" in cell_tags(c) for c in edition.cells)
    ids = [m["grade_id"] for m in meta if m]
    assert len(ids) == len(set(ids)) and all(GRADE_ID.match(i) for i in ids)
    assert all(set(m) <= SCHEMA_KEYS and m["schema_version"] == 3 for m in meta if m)
    assert [m["grade_id"] for m in tests] == [f"l{path.name[:2]}-ex{k}-check" for k in range(1, n_exercises + 1)]
    for cell in edition.cells:
        if (cell.metadata.get("nbgrader") or {}).get("solution"):
            assert "### BEGIN SOLUTION" in cell.source and "### END SOLUTION" in cell.source
    strict = [c for c in edition.cells if "set_strict(True)" in c.source]
    assert len(strict) == 1 and edition.cells.index(strict[0]) < edition.cells.index(
        next(c for c in edition.cells if (c.metadata.get("nbgrader") or {}).get("solution"))
    )
    assert edition.metadata.kernelspec == KERNELSPEC


def test_the_course_folder_has_a_config_and_one_assignment_per_lesson(tmp_path):
    written = write_course(tmp_path, LESSONS[:2])
    config = (tmp_path / "nbgrader_config.py").read_text()
    assert "c.Execute.timeout" in config and "course_id" in config
    assert [p.relative_to(tmp_path).parts[:2] for p in written] == [
        ("source", f"lesson{p.name[:2]}") for p in LESSONS[:2]
    ]
