"""The nbgrader edition, graded by the real nbgrader: full marks, one wrong answer, an untouched release.

Run alone with ``pytest -m nbgrader tests/test_nbgrader.py`` (CI does). It needs
nbgrader in a virtual environment of its own, so its dependencies never move
the project's pins::

    python3 -m venv .venv-nbgrader && .venv-nbgrader/bin/pip install nbgrader==0.9.6

(or point ``NBGRADER`` at an ``nbgrader`` executable). The project's own
environment is registered as the ``dnn-digits`` kernel in a temporary
folder, exactly as a teacher registers it once. By default two lessons are
graded; ``NBGRADER_LESSONS=all`` grades every lesson (``"02 03"`` picks them).
"""

import ast
import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import nbformat
import pytest

from tools.execute import ROOT, lesson_notebooks
from tools.nbgrader_edition import KERNELSPEC, assignment_name, write_course

pytestmark = pytest.mark.nbgrader

NBGRADER = Path(os.environ.get("NBGRADER", ROOT / ".venv-nbgrader" / "bin" / "nbgrader"))
CHOSEN = os.environ.get("NBGRADER_LESSONS", "02 03").split()
LESSONS = [p for p in lesson_notebooks() if not p.name.startswith("00") and ("all" in CHOSEN or p.name[:2] in CHOSEN)]
STUDENTS = ("teacher", "one-wrong", "untouched")
SCORES_SCRIPT = """
import json, sys
from nbgrader.api import Gradebook
scores = {}
with Gradebook("sqlite:///gradebook.db") as gradebook:
    for assignment, notebook in json.loads(sys.argv[1]):
        for student in gradebook.students:
            submission = gradebook.find_submission_notebook(notebook, assignment, student.id)
            scores[f"{assignment}/{student.id}"] = {grade.name: grade.score for grade in submission.grades}
print(json.dumps(scores))
"""


def run(command: list, cwd: Path, env: dict) -> str:
    """Run a command; fail the test with its output if it fails."""
    result = subprocess.run([str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True)
    assert result.returncode == 0, f"{command} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result.stdout + result.stderr


def wrong_region(region: list[str]) -> list[str]:
    """A wrong answer in place of a solution region: the same names, but values no checker accepts."""
    indent = region[0][: len(region[0]) - len(region[0].lstrip())]
    if indent:  # inside the starter's function: a body that returns nonsense
        return [f"{indent}return -1"]
    wrong = []
    for statement in ast.parse(textwrap.dedent("\n".join(region))).body:
        if isinstance(statement, ast.FunctionDef):
            wrong += [f"def {statement.name}(*args, **kwargs):", "    return -1"]
        elif isinstance(statement, ast.Assign):
            wrong += [f"{ast.unparse(target)} = -1" for target in statement.targets]
    return wrong or ["pass"]


def answered(release: nbformat.NotebookNode, source: nbformat.NotebookNode, wrong_exercise: str) -> None:
    """Fill `release`'s answer cells with the source's solutions, except a wrong answer for `wrong_exercise`."""
    solutions = {c.metadata["nbgrader"]["grade_id"]: c.source for c in source.cells
                 if c.metadata.get("nbgrader", {}).get("solution")}  # fmt: skip
    for cell in release.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id not in solutions:
            continue
        lines = solutions[grade_id].splitlines()
        start = next(i for i, line in enumerate(lines) if "### BEGIN SOLUTION" in line)
        end = next(i for i, line in enumerate(lines) if "### END SOLUTION" in line)
        region = lines[start + 1 : end]
        if grade_id == wrong_exercise:
            region = wrong_region(region)
        cell.source = "\n".join(lines[:start] + region + lines[end + 1 :])


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Write the course, generate and validate each assignment, autograde three submissions per lesson."""
    if not NBGRADER.exists():
        pytest.fail(f"nbgrader not found at {NBGRADER}: create its venv (see this module's docstring) or set NBGRADER")
    root = tmp_path_factory.mktemp("course")
    kernels = root / "kernels"
    subprocess.run([sys.executable, "-m", "ipykernel", "install", "--prefix", str(kernels),
                    "--name", KERNELSPEC["name"], "--display-name", KERNELSPEC["display_name"]],
                   check=True, capture_output=True)  # fmt: skip
    env = dict(os.environ, JUPYTER_PATH=str(kernels / "share" / "jupyter"),
               PATH=f"{NBGRADER.parent}{os.pathsep}{os.environ['PATH']}",
               DNN_DIGITS_CACHE=str(root / "model-cache"))  # fmt: skip
    env.pop("DNN_DIGITS_STRICT", None)
    course = root / "course"
    write_course(course, LESSONS)
    seconds = {}
    for path in LESSONS:
        assignment, name = assignment_name(path), path.name
        run([NBGRADER, "generate_assignment", assignment, "--force"], course, env)
        validation = run([NBGRADER, "validate", course / "source" / assignment / name], course, env)
        assert "Success! Your notebook passes all the tests." in validation, validation[-2000:]
        source = nbformat.read(course / "source" / assignment / name, as_version=4)
        release = nbformat.read(course / "release" / assignment / name, as_version=4)
        first_answer = next(c.metadata["nbgrader"]["grade_id"] for c in source.cells
                            if c.metadata.get("nbgrader", {}).get("solution"))  # fmt: skip
        answered(one_wrong := nbformat.from_dict(release), source, first_answer)
        for student, notebook in zip(STUDENTS, (source, one_wrong, release), strict=True):
            target = course / "submitted" / student / assignment / name
            target.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(notebook, target)
        start = time.perf_counter()
        run([NBGRADER, "autograde", assignment, "--force"], course, env)
        seconds[assignment] = time.perf_counter() - start
    pairs = json.dumps([[assignment_name(p), p.stem] for p in LESSONS])
    scores = json.loads(run([NBGRADER.parent / "python", "-c", SCORES_SCRIPT, pairs], course, env).splitlines()[-1])
    for assignment, taken in seconds.items():
        print(f"{assignment}: autograded {len(STUDENTS)} submissions in {taken:.0f} s")
    yield scores
    shutil.rmtree(root, ignore_errors=True)


def per_lesson(scores: dict, student: str) -> dict[str, dict[str, float]]:
    return {key.split("/")[0]: grades for key, grades in scores.items() if key.endswith(f"/{student}")}


def test_the_teachers_solutions_score_full_marks(graded):
    for assignment, grades in per_lesson(graded, "teacher").items():
        assert grades and all(score == 1 for score in grades.values()), (assignment, grades)


def test_a_single_wrong_answer_loses_exactly_that_exercises_points(graded):
    for assignment, grades in per_lesson(graded, "one-wrong").items():
        lost = {name for name, score in grades.items() if score == 0}
        assert lost == {f"l{assignment[-2:]}-ex1-check"}, (assignment, grades)


def test_an_untouched_release_scores_zero_and_the_grader_does_not_crash(graded):
    for assignment, grades in per_lesson(graded, "untouched").items():
        assert grades and all(score == 0 for score in grades.values()), (assignment, grades)
    assert {key.split("/")[0] for key in graded} == {assignment_name(p) for p in LESSONS}
