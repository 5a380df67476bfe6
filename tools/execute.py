"""Re-run notebooks top to bottom in a fresh kernel, store their outputs and write the README figures.

Usage (from the repository root)::

    python -m tools.execute notebooks/01_from_ann_to_dnn.ipynb   # one notebook
    python -m tools.execute                                       # all of them

This is what a maintainer runs after changing a notebook or a helper, so the
stored outputs are exactly what the code produces now; `pytest` then checks
them with nbval. Metadata is normalised (python3 kernelspec, no timing
metadata) so a re-run only changes what really changed.

A cell tagged ``figure:NAME`` also has its picture written to
``figures/NAME.png`` for the README, so learners' runs never write into the
repository and the lesson shows no saving code. The kernels run with the
series' own seed and one model cache shared by the notebooks of this run
(lesson 04 saves the reference model, lessons 05 and 07 load it).
"""

import argparse
import base64
import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS_DIR = ROOT / "notebooks"
FIGURES_DIR = ROOT / "figures"
FIGURE_TAG = "figure:"
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
# Variables that would make a run differ from the stored outputs.
RUN_VARIABLES = ("DNN_DIGITS_SEED", "DNN_DIGITS_RECORD", "DNN_DIGITS_STRICT")


def lesson_notebooks(folder: Path = NOTEBOOKS_DIR) -> list[Path]:
    """The series' notebooks in reading order (their names start with the step number)."""
    return sorted(folder.glob("[0-9][0-9]_*.ipynb"))


def cell_tags(cell: nbformat.NotebookNode) -> set[str]:
    """The cell's tags."""
    return set(cell.get("metadata", {}).get("tags", []))


def normalise(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop volatile metadata so that re-running an unchanged notebook changes nothing."""
    notebook.metadata["kernelspec"] = dict(KERNELSPEC)
    notebook.metadata["language_info"] = {"name": "python"}
    notebook.metadata.pop("widgets", None)
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("ExecuteTime", None)
    return notebook


def readme_figures(notebook: nbformat.NotebookNode) -> dict[str, bytes]:
    """{name: PNG bytes} of every cell tagged 'figure:NAME' (its last picture)."""
    figures = {}
    for cell in notebook.cells:
        for tag in cell_tags(cell):
            if not tag.startswith(FIGURE_TAG):
                continue
            pictures = [o["data"]["image/png"] for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
            if not pictures:
                raise ValueError(f"the cell tagged {tag!r} shows no picture: {cell.source[:60]!r}")
            figures[tag.removeprefix(FIGURE_TAG)] = base64.b64decode(pictures[-1])
    return figures


def execute_notebook(path: Path, env: dict[str, str] | None = None, timeout: int = 900) -> nbformat.NotebookNode:
    """Run `path` top to bottom in a fresh kernel (cwd = its folder) and return the executed notebook."""
    notebook = nbformat.read(path, as_version=4)
    saved = {name: os.environ.get(name) for name in (env or {})}
    os.environ.update(env or {})
    try:
        NotebookClient(
            notebook,
            timeout=timeout,
            kernel_name="python3",
            record_timing=False,
            resources={"metadata": {"path": str(path.parent)}},
        ).execute()
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return notebook


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every lesson notebook")
    args = parser.parse_args(argv)
    for name in RUN_VARIABLES:
        os.environ.pop(name, None)
    with tempfile.TemporaryDirectory(prefix="dnn-digits-cache-") as cache:
        for path in args.notebooks or lesson_notebooks():
            start = time.perf_counter()
            notebook = normalise(execute_notebook(path.resolve(), {"DNN_DIGITS_CACHE": cache}))
            nbformat.write(notebook, path)
            for name, png in readme_figures(notebook).items():
                FIGURES_DIR.mkdir(exist_ok=True)
                (FIGURES_DIR / f"{name}.png").write_bytes(png)
            print(f"{path}: executed in {time.perf_counter() - start:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
