"""Every notebook is tidy, navigable, launchable anywhere and shaped like a lesson."""

import importlib
import re

import nbformat
import pytest

from helpers.exercises.core import Hints
from tools.execute import FIGURE_TAG, FIGURES_DIR, NOTEBOOKS_DIR, cell_tags, lesson_notebooks
from tools.links import INSTALL_TAG, install_cell_source, with_links

NOTEBOOKS = lesson_notebooks()
LESSONS = [p for p in NOTEBOOKS if not p.name.startswith("00_")]
TITLES = {
    "00": "Start here", "01": "From ANN to DNN", "02": "MNIST and normalization",
    "03": "Layer by layer", "04": "Training and evaluation", "05": "What the hidden units learn",
    "06": "Overfitting and remedies", "07": "What's next",
}  # fmt: skip
MACHINE_DETAILS = re.compile(r"(/root\b|/home/\w+|/Users/\w+|[A-Z]:\\\\Users|/work/|/tmp/|site-packages)")
HELPER_IMPORT = re.compile(r"^\s*(from helpers\S* import .*|import helpers\S*)$", re.MULTILINE)
ALLOWED_IMPORT = re.compile(
    r"^\s*from helpers import (setup_notebook|lesson\d\d as lesson)$"
    r"|^\s*from helpers\.exercises import lesson\d\d as exercises$"
)


def load(path):
    return nbformat.read(path, as_version=4)


def ids(paths):
    return [p.stem for p in paths]


def code_cells(path):
    return [c for c in load(path).cells if c.cell_type == "code"]


def test_every_notebook_is_in_the_series():
    on_disk = sorted(p.name for p in NOTEBOOKS_DIR.glob("*.ipynb"))
    assert on_disk == [p.name for p in NOTEBOOKS], "notebook names must start with their step number"
    assert [p.name[:2] for p in NOTEBOOKS] == sorted(TITLES)[: len(NOTEBOOKS)]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_kernelspec_and_execution_order(path):
    notebook = load(path)
    assert notebook.metadata.kernelspec.name == "python3"
    counts = [c.execution_count for c in notebook.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1)), "run Restart & Run All (or tools.execute), then save"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_outputs_hold_no_errors_stderr_machine_details_or_maintainer_noise(path):
    for index, cell in enumerate(load(path).cells):
        for output in cell.get("outputs", []):
            assert output.output_type != "error", f"cell {index} stores an error"
            assert output.get("name") != "stderr", f"cell {index} stores stderr: {output.get('text', '')[:80]}"
            text = output.get("text", "") + str(output.get("data", {}).get("text/plain", ""))
            assert not MACHINE_DETAILS.search(text), f"cell {index} shows a machine path: {text[:120]}"
            assert "README" not in text, f"cell {index} talks about the README: that is the maintainer's business"
            assert "not in the seed study yet" not in text, f"cell {index}: run `python -m benchmarks.seeds`"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_cells_are_short_and_use_keras_3_idioms(path):
    for index, cell in enumerate(load(path).cells):
        if cell.cell_type != "code":
            continue
        assert cell.source.count("\n") < 30, f"cell {index} is longer than a screen"
        assert "input_shape=" not in cell.source and "tf.keras" not in cell.source, f"cell {index}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_helpers_are_imported_once_per_module_with_provenance(path):
    """`from helpers import lesson05 as lesson`, then `lesson.plot_...`: no scattered helper imports."""
    imports = [line for c in code_cells(path) for line in HELPER_IMPORT.findall(c.source)]
    strays = [line.strip() for line in imports if not ALLOWED_IMPORT.match(line)]
    assert not strays, f"import the lesson's module once (from helpers import lessonNN as lesson): {strays}"
    assert len(imports) == len(set(imports)), f"a helper module is imported twice: {imports}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_every_assert_says_what_it_checks(path):
    for index, cell in enumerate(code_cells(path)):
        lines = cell.source.splitlines()
        for number, line in enumerate(lines):
            if line.lstrip().startswith("assert "):
                marked = "# check:" in line or (number and lines[number - 1].lstrip().startswith("# check:"))
                assert marked, f"code cell {index}: mark the assert with a `# check: ...` comment: {line.strip()}"


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
    [path] = list(NOTEBOOKS_DIR.glob(f"{number}_*.ipynb")) or [None]
    return path.name if path else f"{number}_*.ipynb (missing)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_navigation_at_top_and_bottom(path):
    markdown = [c.source.strip() for c in load(path).cells if c.cell_type == "markdown"]
    expected = navigation_line(path.name[:2])
    assert markdown[0].splitlines()[0] == expected
    assert markdown[-1].splitlines()[-1] == expected


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_launch_links_and_the_install_cell_are_up_to_date(path):
    notebook = load(path)
    assert with_links(nbformat.from_dict(notebook), path.name) == notebook, "run `python -m tools.links`"
    first, second = code_cells(path)[:2]
    assert INSTALL_TAG in cell_tags(first) and first.source == install_cell_source()
    assert "setup_notebook()" in second.source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_reads_as_a_lesson(path):
    text = "\n".join(c.source for c in load(path).cells if c.cell_type == "markdown")
    assert "**Goal:**" in text and "## Summary" in text


def test_every_readme_figure_comes_from_a_tagged_cell():
    tagged = {tag.removeprefix(FIGURE_TAG) for p in NOTEBOOKS for c in load(p).cells for tag in cell_tags(c)
              if tag.startswith(FIGURE_TAG)}  # fmt: skip
    assert tagged == {p.stem for p in FIGURES_DIR.glob("*.png")}, "run `python -m tools.execute` to redraw them"


def exercise_cells(path):
    cells = load(path).cells
    kinds = [next((k for k in ("exercise", "solution", "check") if k in cell_tags(c)), None) for c in cells]
    return cells, kinds, [i for i, kind in enumerate(kinds) if kind == "exercise"]


@pytest.mark.parametrize("path", LESSONS, ids=ids(LESSONS))
def test_three_to_five_checked_exercises_each_with_hints(path):
    cells, kinds, exercises = exercise_cells(path)
    assert 3 <= len(exercises) <= 5, f"{len(exercises)} exercises"
    for i in exercises:
        assert kinds[i + 1 : i + 3] == ["solution", "check"], f"exercise at cell {i} lacks solution/check"
        assert cells[i + 1].metadata.get("jupyter", {}).get("source_hidden") is True, "solution not collapsed"
        assert "..." in cells[i].source, "the starter cell must show the gap as ..."
        assert "exercises.check_" in cells[i + 2].source
        assert "✅ Correct" in "".join(o.get("text", "") for o in cells[i + 2].outputs)
    module = importlib.import_module(f"helpers.exercises.lesson{path.name[:2]}")
    assert isinstance(module.hint, Hints)
    assert sorted(module.hint._hints) == list(range(1, len(exercises) + 1))
    assert all(len(texts) >= 2 for texts in module.hint._hints.values()), "give each exercise two hints"
    prompts = "\n".join(c.source for c in cells if c.cell_type == "markdown")
    assert all(f"exercises.hint({n})" in prompts for n in range(1, len(exercises) + 1)), "tell learners how"
