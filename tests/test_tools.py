"""Maintainer tools: README figures come from tagged cells; re-running an unchanged notebook changes nothing."""

import base64

import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from tools.execute import normalise, readme_figures
from tools.links import binder_url, colab_url, install_cell_source, launch_row, repository_url

PNG = b"\x89PNG\r\n\x1a\n fake"


def picture_cell(*tags):
    output = new_output("display_data", data={"image/png": base64.b64encode(PNG).decode(), "text/plain": "<Figure>"})
    return new_code_cell("fig = plot()", outputs=[output], metadata={"tags": list(tags)})


def test_a_tagged_cell_gives_its_picture_and_an_untagged_one_gives_none():
    notebook = new_notebook(cells=[picture_cell("figure:learning_curves"), picture_cell()])
    assert readme_figures(notebook) == {"learning_curves": PNG}


def test_a_tagged_cell_without_a_picture_is_an_error():
    notebook = new_notebook(cells=[new_code_cell("x = 1", metadata={"tags": ["figure:missing"]})])
    with pytest.raises(ValueError, match="shows no picture"):
        readme_figures(notebook)


def test_normalise_keeps_only_stable_metadata():
    notebook = new_notebook(cells=[new_code_cell("x", metadata={"execution": {"iopub": "t"}, "ExecuteTime": 1})])
    notebook.metadata["widgets"] = {"state": 1}
    normalise(notebook)
    assert notebook.metadata.kernelspec.name == "python3" and "widgets" not in notebook.metadata
    assert notebook.cells[0].metadata == {}


def test_every_launch_link_comes_from_the_one_repository_url():
    url = repository_url()
    owner_repo = url.removeprefix("https://github.com/")
    assert (
        binder_url("04_x.ipynb")
        == f"https://mybinder.org/v2/gh/{owner_repo}/HEAD?urlpath=lab/tree/notebooks/04_x.ipynb"
    )
    assert colab_url("04_x.ipynb").endswith(f"/github/{owner_repo}/blob/main/notebooks/04_x.ipynb")
    assert binder_url("04_x.ipynb") in launch_row("04_x.ipynb") and colab_url("04_x.ipynb") in launch_row("04_x.ipynb")
    assert f"%pip install --quiet git+{url}" in install_cell_source()
