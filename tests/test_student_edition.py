"""The student edition drops solutions, clears exercise outputs and still runs."""


import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from helpers.execute import lesson_notebooks
from helpers.student_edition import student_version, tags, write_student_edition


def tagged(cell, *names):
    cell.metadata["tags"] = list(names)
    return cell


def small_notebook():
    output = new_output("stream", name="stdout", text="shown\n")
    return new_notebook(cells=[
        new_markdown_cell("# Lesson"),
        new_code_cell("x = 1", outputs=[output], execution_count=1),
        tagged(new_markdown_cell("### Exercise 1"), "exercise-prompt"),
        tagged(new_code_cell("answer = ...", execution_count=2), "exercise"),
        tagged(new_code_cell("answer = 2", execution_count=3), "solution"),
        tagged(new_code_cell("check(answer)", outputs=[output], execution_count=4), "check"),
    ])


def test_solutions_are_removed_and_exercise_outputs_cleared():
    student = student_version(small_notebook())
    assert [c.source for c in student.cells][1:] == ["x = 1", "### Exercise 1", "answer = ...", "check(answer)"]
    assert student.cells[1].outputs  # the lesson's own output stays
    check = student.cells[-1]
    assert check.outputs == [] and check.execution_count is None
    assert "Student edition" in student.cells[0].source


def test_teacher_notebook_is_left_untouched():
    notebook = small_notebook()
    student_version(notebook)
    assert any("solution" in tags(c) for c in notebook.cells)


def test_writes_one_file_per_lesson(tmp_path):
    written = write_student_edition(tmp_path)
    assert [p.name for p in written] == [p.name for p in lesson_notebooks()]
    for path in written:
        notebook = nbformat.read(path, as_version=4)
        assert not any("solution" in tags(c) for c in notebook.cells)


EXERCISED = [p for p in lesson_notebooks() if any("solution" in tags(c) for c in nbformat.read(p, 4).cells)]


@pytest.mark.parametrize("path", EXERCISED, ids=[p.stem for p in EXERCISED])
def test_student_edition_runs_and_every_check_asks_for_an_answer(path, tmp_path):
    """Executed top to bottom, only starter cells may fail; each check says 'Not yet'."""
    [student_path] = write_student_edition(tmp_path, [path])
    notebook = nbformat.read(student_path, as_version=4)
    NotebookClient(
        notebook, timeout=600, kernel_name="python3", allow_errors=True,
        resources={"metadata": {"path": str(tmp_path)}},
    ).execute()
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        errors = [o for o in cell.outputs if o.output_type == "error"]
        if "exercise" not in tags(cell):
            assert not errors, f"cell {index} ({cell.source[:60]!r}) failed: {errors[0].ename if errors else ''}"
        if "check" in tags(cell):
            printed = "".join(o.get("text", "") for o in cell.outputs)
            assert "❌ Not yet" in printed, f"check cell {index} did not reject the unsolved starter"
