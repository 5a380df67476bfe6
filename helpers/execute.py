"""Re-run notebooks top to bottom in a fresh kernel and store their outputs.

Usage (from the repository root)::

    python -m helpers.execute notebooks/01_from_ann_to_dnn.ipynb   # one notebook
    python -m helpers.execute                                       # all of them

This is what a maintainer runs after changing a notebook or a helper, so the
stored outputs are exactly what the code produces now; `pytest` then checks
them with nbval. The metadata is normalised (python3 kernelspec, no timing
metadata) so that a re-run only changes what really changed.
"""

import argparse
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOKS_DIR = Path(__file__).resolve().parents[1] / "notebooks"
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def lesson_notebooks(folder: Path = NOTEBOOKS_DIR) -> list[Path]:
    """The series' notebooks in reading order (their names start with the step number)."""
    return sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb"))


def normalise(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop volatile metadata so that re-running an unchanged notebook changes nothing."""
    notebook.metadata["kernelspec"] = dict(KERNELSPEC)
    notebook.metadata["language_info"] = {"name": "python"}
    notebook.metadata.pop("widgets", None)
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("ExecuteTime", None)
    return notebook


def execute_notebook(path: Path, timeout: int = 600) -> float:
    """Execute `path` in place in a fresh kernel (cwd = its folder); return the seconds taken."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
    )
    start = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - start
    nbformat.write(normalise(notebook), path)
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every lesson notebook")
    args = parser.parse_args(argv)
    for path in args.notebooks or lesson_notebooks():
        print(f"{path}: executed in {execute_notebook(path.resolve()):.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
