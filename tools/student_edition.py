"""Write the student edition: the lessons without solutions, exercise outputs cleared.

Usage (from the repository root)::

    python -m tools.student_edition            # writes student/NN_*.ipynb
    python -m tools.student_edition --out DIR  # somewhere else

The notebooks in `notebooks/` are the teacher's edition: every exercise is
solved there (the solution cell is collapsed) so CI proves each solution
passes its checker. The student edition drops the cells tagged `solution` and
clears the outputs of the cells tagged `exercise` and `check`, leaving the
lesson's own outputs in place so a learner can read before running.
"""

import argparse
import sys
from pathlib import Path

import nbformat

from tools.execute import ROOT, cell_tags, lesson_notebooks

DEFAULT_OUT = ROOT / "student"
STUDENT_NOTE = (
    "> **Student edition.** The exercises at the end are yours to solve: fill in each "
    "`...`, run the cell, then run the check below it. Stuck? Each exercise says how to ask for a hint."
)


def student_version(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of `notebook` without solutions and with exercise outputs cleared."""
    student = nbformat.from_dict(notebook)
    cells = []
    for cell in student.cells:
        tags = cell_tags(cell)
        if "solution" in tags:
            continue
        if cell.cell_type == "code" and tags & {"exercise", "check"}:
            cell.outputs = []
            cell.execution_count = None
        cells.append(cell)
    student.cells = cells
    if cells and cells[0].cell_type == "markdown":
        cells[0].source = f"{cells[0].source}\n\n{STUDENT_NOTE}"
    return student


def write_student_edition(out_dir: Path = DEFAULT_OUT, notebooks: list[Path] | None = None) -> list[Path]:
    """Write the student version of each notebook into `out_dir`; return the paths written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for path in notebooks or lesson_notebooks():
        target = out_dir / path.name
        nbformat.write(student_version(nbformat.read(path, as_version=4)), target)
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder to write (default: student/)")
    args = parser.parse_args(argv)
    for path in write_student_edition(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
