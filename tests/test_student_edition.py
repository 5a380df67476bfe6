"""The student edition drops solutions, clears exercise outputs, and still runs (one cheap lesson, for real)."""

import ast

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from tools.execute import cell_tags, lesson_notebooks
from tools.student_edition import student_version, write_student_edition

SMOKE_LESSON = "03"  # cheap to run (about 10 s) and has every kind of exercise cell


def tagged(cell, *names):
    cell.metadata["tags"] = list(names)
    return cell


def small_notebook():
    output = new_output("stream", name="stdout", text="shown\n")
    return new_notebook(
        cells=[
            new_markdown_cell("# Lesson"),
            new_code_cell("x = 1", outputs=[output], execution_count=1),
            tagged(new_markdown_cell("### Exercise 1"), "exercise-prompt"),
            tagged(new_code_cell("answer = ...", execution_count=2), "exercise"),
            tagged(new_code_cell("answer = 2", execution_count=3), "solution"),
            tagged(new_code_cell("check(answer)", outputs=[output], execution_count=4), "check"),
        ]
    )


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
    assert any("solution" in cell_tags(c) for c in notebook.cells)


@pytest.mark.parametrize("path", lesson_notebooks(), ids=[p.stem for p in lesson_notebooks()])
def test_each_student_notebook_keeps_the_lesson_and_leaves_every_gap_open(path, tmp_path):
    [written] = write_student_edition(tmp_path, [path])
    student, teacher = nbformat.read(written, as_version=4), nbformat.read(path, as_version=4)
    assert not any("solution" in cell_tags(c) for c in student.cells)
    lesson = [c.source for c in teacher.cells if not cell_tags(c) & {"solution", "exercise", "check"}]
    assert [c.source for c in student.cells if not cell_tags(c) & {"exercise", "check"}][1:] == lesson[1:]
    for cell in student.cells:
        if cell_tags(cell) & {"exercise", "check"}:
            assert cell.outputs == [] and cell.execution_count is None
        if "exercise" in cell_tags(cell):
            assert "..." in cell.source
            ast.parse("\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith("%")))


def test_one_student_lesson_runs_and_every_check_asks_for_an_answer(tmp_path):
    """Executed top to bottom, no cell fails and every check says the exercise is still open."""
    [path] = [p for p in lesson_notebooks() if p.name.startswith(SMOKE_LESSON)]
    [student_path] = write_student_edition(tmp_path, [path])
    notebook = nbformat.read(student_path, as_version=4)
    NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    checks = [c for c in notebook.cells if "check" in cell_tags(c)]
    assert checks
    for cell in checks:
        printed = "".join(o.get("text", "") for o in cell.outputs)
        assert "Not attempted yet" in printed or "❌ Not yet" in printed, printed
