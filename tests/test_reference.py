"""One reference model: lesson 04's cells are the recipe, and the saved copy used by 05 and 07 follows it."""

import ast
import inspect
import textwrap

import nbformat
import numpy as np
import pytest

from helpers import reference
from tools.execute import NOTEBOOKS_DIR, cell_tags


def _essentials(code: str) -> list[str]:
    """Each statement of `code` as the AST of what it computes (assigned names dropped, `seed` read as `SEED`)."""
    dumps = []
    for statement in ast.parse(code).body:
        value = statement.value if isinstance(statement, (ast.Assign, ast.Expr, ast.AnnAssign)) else statement
        for node in ast.walk(value):
            if isinstance(node, ast.Name) and node.id == "seed":
                node.id = "SEED"
        dumps.append(ast.dump(value))
    return dumps


def recipe_code() -> str:
    """The lines of `reference.train_and_save` between its "recipe start" and "recipe end" comments."""
    source = inspect.getsource(reference.train_and_save)
    block = source.split("# recipe start", 1)[1].split("# recipe end", 1)[0]
    return textwrap.dedent(block.split("\n", 1)[1])


def lesson_04_recipe_cells() -> str:
    [path] = NOTEBOOKS_DIR.glob("04_*.ipynb")
    cells = [c.source for c in nbformat.read(path, as_version=4).cells if reference.RECIPE_TAG in cell_tags(c)]
    assert cells, f"lesson 04 has no cell tagged {reference.RECIPE_TAG!r}"
    return "\n".join(cells)


def test_the_saved_reference_model_is_trained_with_lesson_04s_own_code():
    recipe, lesson = _essentials(recipe_code()), _essentials(lesson_04_recipe_cells())
    positions = iter(range(len(lesson)))
    missing = [step for step in recipe if not any(lesson[i] == step for i in positions)]
    assert not missing, f"reference.train_and_save no longer follows lesson 04's cells; first difference: {missing[0]}"


# Keras 3.15's saving code calls np.array on a TensorFlow variable, which NumPy 2 flags as deprecated
# inside Keras; Python hides it outside __main__, so a learner never sees it (nbval would fail if they did).
@pytest.mark.filterwarnings("ignore:__array__ implementation:DeprecationWarning")
def test_a_saved_model_comes_back_identical(digit_model, tmp_path):
    model = digit_model(8)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    images = np.random.default_rng(0).random((4, 28, 28)).astype(np.float32)
    model.fit(images, np.arange(4), epochs=1, verbose=0)  # trained, so the optimizer's state is saved too
    path = reference.save_model(model, tmp_path / "copy.keras")
    loaded = reference.keras.models.load_model(path)
    np.testing.assert_array_equal(model.predict(images, verbose=0), loaded.predict(images, verbose=0))
    assert [p.name for p in tmp_path.iterdir()] == ["copy.keras"]  # no half-written file left behind


def test_model_files_live_in_the_cache_one_per_seed(monkeypatch, tmp_path):
    monkeypatch.setenv("DNN_DIGITS_CACHE", str(tmp_path))
    assert reference.model_file(3) == tmp_path / "reference-seed3.keras"
    (tmp_path / "reference-seed3.keras").write_bytes(b"saved by lesson 04")
    assert reference.saved_model_file(3) == tmp_path / "reference-seed3.keras"
