"""Write the nbgrader source edition of the lessons: a course that nbgrader can release and autograde.

Usage (from the repository root)::

    python -m tools.nbgrader_edition                # every lesson, into nbgrader/ (git-ignored)
    python -m tools.nbgrader_edition 02 03 --out DIR

It writes a course folder that nbgrader 0.9 works in:

* ``nbgrader_config.py``: the course layout, a cell timeout long enough for
  lessons that train (`CELL_TIMEOUT`), and strict checks (below);
* ``source/lessonNN/NN_*.ipynb``: one assignment per lesson, generated from
  the notebooks' own tags (the authoring source of truth):

  - each exercise's starter cell (tag ``exercise``) and solution cell (tag
    ``solution``) become one autograded answer cell: the starter, with each
    ``...`` gap replaced by the solution's lines between ``### BEGIN
    SOLUTION`` and ``### END SOLUTION`` (nbgrader turns that region into
    ``raise NotImplementedError()`` in the students' release);
  - each check cell (tag ``check``) becomes a locked autograder test worth
    `POINTS`; a locked cell before the exercises switches the checkers to
    strict mode, so a wrong or unattempted answer raises ``AssertionError``
    with the same hint a learner sees in the friendly notebooks;
  - the prose and the two setup cells are read-only; the lesson's code stays
    editable, so a student can still change a hyperparameter and explore;
  - grade ids are stable and readable: ``l04-ex3-answer``, ``l04-ex3-check``,
    ``l04-<cell id>`` for read-only cells;
  - the kernel is ``dnn-digits``: register the project's environment under
    that name (see the README's teacher's guide); nbgrader itself can live in
    a virtual environment of its own.
"""

import argparse
import difflib
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell

from tools.execute import ROOT, cell_tags, lesson_notebooks
from tools.links import INSTALL_TAG

DEFAULT_OUT = ROOT / "nbgrader"
KERNELSPEC = {"name": "dnn-digits", "display_name": "Python 3 (dnn-digits)", "language": "python"}
POINTS = 1
CELL_TIMEOUT = 600  # seconds: some lesson cells train a network for a minute on a slow machine
GAP = "..."
STRICT_CELL = (
    "# Graded edition: each check below raises an AssertionError while its answer is wrong or\n"
    "# missing, which is how nbgrader counts it. The hints are the ones the friendly edition prints.\n"
    "from helpers.exercises import core as grading\n"
    "\n"
    "grading.set_strict(True)"
)
CONFIG = f'''"""nbgrader configuration for the dnn-digits course (written by `python -m tools.nbgrader_edition`)."""

c = get_config()  # noqa: F821 (nbgrader provides it)

c.CourseDirectory.course_id = "dnn-digits"
c.CourseDirectory.root = "."
# Lessons train networks: give every cell up to {CELL_TIMEOUT} s (nbgrader's default is 30 s).
c.Execute.timeout = {CELL_TIMEOUT}
c.ExecutePreprocessor.timeout = {CELL_TIMEOUT}
c.ClearSolutions.code_stub = {{"python": "# YOUR CODE HERE\\nraise NotImplementedError()"}}
'''


def nbgrader_metadata(grade_id: str, *, grade: bool = False, solution: bool = False, locked: bool = False) -> dict:
    """The cell metadata nbgrader (schema 3) reads: an answer, a test worth `POINTS`, or a read-only cell."""
    metadata = {"schema_version": 3, "grade": grade, "solution": solution, "locked": locked, "grade_id": grade_id}
    if grade:
        metadata["points"] = POINTS
    return metadata


def answer_source(starter: str, solution: str) -> str:
    """The starter cell with each `...` gap replaced by the solution's lines, marked as the solution region.

    Lines the starter and the solution share stay as they are. When the two
    differ anywhere but in the gaps, the whole solution becomes the region.
    """
    old, new = starter.splitlines(), solution.splitlines()
    merged = []
    for tag, old_start, old_end, new_start, new_end in difflib.SequenceMatcher(None, old, new).get_opcodes():
        if tag == "equal":
            merged += old[old_start:old_end]
        elif tag == "delete" and not any(GAP in line for line in old[old_start:old_end]):
            merged += old[old_start:old_end]  # scaffolding the solution cell did not repeat
        elif tag == "replace" and all(GAP in line for line in old[old_start:old_end]):
            indent = old[old_start][: len(old[old_start]) - len(old[old_start].lstrip())]
            merged += [f"{indent}### BEGIN SOLUTION", *new[new_start:new_end], f"{indent}### END SOLUTION"]
        else:
            return "\n".join(["### BEGIN SOLUTION", *new, "### END SOLUTION"])
    return "\n".join(merged)


def nbgrader_version(notebook: nbformat.NotebookNode, lesson: str) -> nbformat.NotebookNode:
    """The nbgrader source version of one lesson notebook (see the module docstring)."""
    cells = list(notebook.cells)
    kinds = [next((k for k in ("exercise", "solution", "check") if k in cell_tags(c)), None) for c in cells]
    code = [i for i, c in enumerate(cells) if c.cell_type == "code"]
    setup_cells = set(code[:2])
    first_prompt = next(i for i, kind in enumerate(kinds) if kind == "exercise") - 1
    out, exercise = [], 0
    for index, cell in enumerate(cells):
        cell = nbformat.from_dict(cell)
        kind = kinds[index]
        if index == first_prompt:
            strict = new_code_cell(STRICT_CELL)
            strict.metadata["nbgrader"] = nbgrader_metadata(f"l{lesson}-strict-checks", locked=True)
            out.append(strict)
        if kind == "exercise":
            exercise += 1
            cell.source = answer_source(cell.source, cells[index + 1].source)
            cell.outputs, cell.execution_count = [], None
            cell.metadata["nbgrader"] = nbgrader_metadata(f"l{lesson}-ex{exercise}-answer", solution=True)
        elif kind == "solution":
            continue
        elif kind == "check":
            cell.outputs, cell.execution_count = [], None
            cell.metadata["nbgrader"] = nbgrader_metadata(f"l{lesson}-ex{exercise}-check", grade=True, locked=True)
        elif cell.cell_type == "markdown" or index in setup_cells or INSTALL_TAG in cell_tags(cell):
            cell.metadata["nbgrader"] = nbgrader_metadata(f"l{lesson}-{cell.id}", locked=True)
        out.append(cell)
    edition = nbformat.from_dict(notebook)
    edition.cells = out
    edition.metadata["kernelspec"] = dict(KERNELSPEC)
    return edition


def assignment_name(notebook: Path) -> str:
    """The nbgrader assignment a lesson notebook becomes: 'lesson04' for 04_training_and_evaluation.ipynb."""
    return f"lesson{notebook.name[:2]}"


def write_course(out_dir: Path = DEFAULT_OUT, notebooks: list[Path] | None = None) -> list[Path]:
    """Write nbgrader_config.py and source/lessonNN/NN_*.ipynb into `out_dir`; return the notebooks written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "nbgrader_config.py").write_text(CONFIG)
    written = []
    for path in notebooks or [p for p in lesson_notebooks() if not p.name.startswith("00_")]:
        target = out_dir / "source" / assignment_name(path) / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nbgrader_version(nbformat.read(path, as_version=4), path.name[:2]), target)
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lessons", nargs="*", help="lesson numbers such as 04 (default: every lesson with exercises)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the course folder (default: nbgrader/)")
    args = parser.parse_args(argv)
    chosen = [p for p in lesson_notebooks() if p.name[:2] in args.lessons] if args.lessons else None
    for path in write_course(args.out, chosen):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
