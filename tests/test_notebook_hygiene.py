"""Every notebook is tidy, navigable and shaped like a lesson."""

import re

import nbformat
import pytest

from helpers.execute import NOTEBOOKS_DIR, lesson_notebooks
from helpers.student_edition import tags

NOTEBOOKS = lesson_notebooks()
LESSONS = [p for p in NOTEBOOKS if not p.name.startswith("00_")]
TITLES = {
    "00": "Start here", "01": "From ANN to DNN", "02": "MNIST and normalization",
    "03": "Layer by layer", "04": "Training and evaluation", "05": "What the hidden units learn",
    "06": "Overfitting and remedies", "07": "What's next",
}  # fmt: skip
MACHINE_DETAILS = re.compile(r"(/root\b|/home/\w+|/Users/\w+|[A-Z]:\\\\Users|/work/|/tmp/|site-packages)")


def load(path):
    return nbformat.read(path, as_version=4)


def ids(paths):
    return [p.stem for p in paths]


def test_every_notebook_is_in_the_series():
    on_disk = sorted(p.name for p in NOTEBOOKS_DIR.glob("*.ipynb"))
    assert on_disk == [p.name for p in NOTEBOOKS], "notebook names must start with their step number"
    assert [p.name[:2] for p in NOTEBOOKS] == sorted(TITLES)[: len(NOTEBOOKS)]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_kernelspec_and_execution_order(path):
    notebook = load(path)
    assert notebook.metadata.kernelspec.name == "python3"
    counts = [c.execution_count for c in notebook.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1)), "run Restart & Run All (or helpers.execute), then save"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_outputs_hold_no_errors_stderr_or_machine_details(path):
    for index, cell in enumerate(load(path).cells):
        for output in cell.get("outputs", []):
            assert output.output_type != "error", f"cell {index} stores an error"
            assert output.get("name") != "stderr", f"cell {index} stores stderr: {output.get('text', '')[:80]}"
            text = output.get("text", "") + str(output.get("data", {}).get("text/plain", ""))
            assert not MACHINE_DETAILS.search(text), f"cell {index} shows a machine path: {text[:120]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_cells_are_short_and_use_keras_3_idioms(path):
    for index, cell in enumerate(load(path).cells):
        if cell.cell_type != "code":
            continue
        assert cell.source.count("\n") < 35, f"cell {index} is longer than a screen"
        assert "input_shape=" not in cell.source and "tf.keras" not in cell.source, f"cell {index}"


def navigation_line(number: str) -> str:
    """The navigation line every notebook carries at its top and bottom."""
    numbers = sorted(TITLES)
    position = numbers.index(number)
    parts = [f"**dnn-digits** · {number} {TITLES[number]}"]
    if position > 0:
        prev = numbers[position - 1]
        parts.append(f"[← Previous: {prev} {TITLES[prev]}]({file_name(prev)})")
    if position < len(numbers) - 1:
        nxt = numbers[position + 1]
        parts.append(f"[Next: {nxt} {TITLES[nxt]} →]({file_name(nxt)})")
    return " · ".join(parts)


def file_name(number: str) -> str:
    [path] = [p for p in NOTEBOOKS_DIR.glob(f"{number}_*.ipynb")] or [None]
    return path.name if path else f"{number}_*.ipynb (missing)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_navigation_at_top_and_bottom(path):
    markdown = [c.source.strip() for c in load(path).cells if c.cell_type == "markdown"]
    expected = navigation_line(path.name[:2])
    assert markdown[0].splitlines()[0] == expected
    assert markdown[-1].splitlines()[-1] == expected


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_reads_as_a_lesson(path):
    cells = load(path).cells
    text = "\n".join(c.source for c in cells if c.cell_type == "markdown")
    assert "**Goal:**" in text and "## Summary" in text
    first_code = next(c.source for c in cells if c.cell_type == "code")
    assert "setup_notebook()" in first_code


@pytest.mark.parametrize("path", LESSONS, ids=ids(LESSONS))
def test_three_to_five_checked_exercises(path):
    cells = load(path).cells
    sequence = [("exercise" if "exercise" in tags(c) else "solution" if "solution" in tags(c)
                 else "check" if "check" in tags(c) else None) for c in cells]
    exercises = [i for i, kind in enumerate(sequence) if kind == "exercise"]
    assert 3 <= len(exercises) <= 5, f"{len(exercises)} exercises"
    for i in exercises:
        assert sequence[i + 1 : i + 3] == ["solution", "check"], f"exercise at cell {i} lacks solution/check"
        assert cells[i + 1].metadata.get("jupyter", {}).get("source_hidden") is True, "solution not collapsed"
        assert "..." in cells[i].source, "the starter cell must show the gap as ..."
        assert "check_" in cells[i + 2].source
        assert "✅ Correct" in "".join(o.get("text", "") for o in cells[i + 2].outputs)
