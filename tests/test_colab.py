"""A lesson runs as Colab runs it: one .ipynb, alone, in an environment without this repository.

Run alone with ``pytest -m colab tests/test_colab.py`` (CI does). It builds the
helpers' wheel (what ``pip install git+https://...`` builds on Colab), makes a
fresh virtual environment with only what Colab preinstalls (TensorFlow, Keras,
NumPy, Matplotlib, ipywidgets and a Jupyter kernel; unpinned, so newer than
our pins, as on Colab), copies one lesson into an empty folder outside the
repository, points its install cell at the local wheel instead of GitHub,
and runs it top to bottom. The install cell must install the helpers and
every cell must pass without an error or a word on stderr. The data comes
from ``MNIST_DIR`` (this machine is offline; on Colab it downloads).

The lesson is 05 (``COLAB_LESSON`` picks another): with an empty model
cache it must first train lesson 04's reference model itself, the path of
every learner who opens lesson 05 or 07 alone. (The nbval run shares one
cache between the notebooks, so there lessons 05 and 07 usually find the
model lesson 04 saved.)
"""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from tools.execute import ROOT, lesson_notebooks
from tools.links import INSTALL_TAG, repository_url

pytestmark = pytest.mark.colab

LESSON = os.environ.get("COLAB_LESSON", "05")
COLAB_PREINSTALLED = ["tensorflow-cpu", "keras", "numpy", "matplotlib", "ipywidgets", "ipykernel", "nbclient"]
RUNNER = """
import sys, nbformat
from nbclient import NotebookClient
notebook = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(notebook, timeout=900, kernel_name="python3", resources={"metadata": {"path": sys.argv[2]}}).execute()
nbformat.write(notebook, sys.argv[1])
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The helpers' wheel, built from this checkout the way pip builds it from the repository URL."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(ROOT)],
                   check=True)  # fmt: skip
    [built] = out.glob("*.whl")
    return built


def test_the_wheel_ships_the_whole_learner_package_and_nothing_else(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ["helpers/__init__.py", "helpers/exercises/core.py", "helpers/results/seed_study.csv",
                     *(f"helpers/lesson{p.name[:2]}.py" for p in lesson_notebooks()),
                     *(f"helpers/exercises/lesson{p.name[:2]}.py" for p in lesson_notebooks()[1:])]:  # fmt: skip
        assert required in names, f"the wheel lacks {required}"
    assert not [n for n in names if n.split("/")[0] in {"tools", "benchmarks", "tests", "notebooks"}]


@pytest.fixture(scope="module")
def colab_python(tmp_path_factory) -> Path:
    """A fresh venv holding only the libraries Colab preinstalls (latest releases)."""
    venv = tmp_path_factory.mktemp("colab-venv")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "--quiet", *COLAB_PREINSTALLED], check=True)
    return python


def test_a_lone_lesson_installs_the_helpers_and_runs_clean(colab_python, wheel, tmp_path):
    [source] = [p for p in lesson_notebooks() if p.name.startswith(LESSON)]
    notebook = nbformat.read(source, as_version=4)
    [install] = [c for c in notebook.cells if INSTALL_TAG in c.metadata.get("tags", [])]
    assert f"git+{repository_url()}" in install.source
    install.source = install.source.replace(f"git+{repository_url()}", str(wheel))
    lone = tmp_path / source.name
    nbformat.write(notebook, lone)
    env = dict(os.environ, DNN_DIGITS_CACHE=str(tmp_path / "cache"), PYTHONNOUSERSITE="1")
    env.pop("PYTHONPATH", None)
    result = subprocess.run([colab_python, "-c", RUNNER, lone, tmp_path], env=env, capture_output=True, text=True,
                            cwd=tmp_path)  # fmt: skip
    assert result.returncode == 0, result.stderr[-4000:]
    ran = nbformat.read(lone, as_version=4)
    [ran_install] = [c for c in ran.cells if INSTALL_TAG in c.metadata.get("tags", [])]
    install_output = "".join(o.get("text", "") for o in ran_install.outputs)
    assert "restart the kernel" in install_output or "Successfully installed" in install_output, install_output
    for index, cell in enumerate(ran.cells):
        for output in cell.get("outputs", []):
            assert output.output_type != "error", f"cell {index}: {output.get('ename')}: {output.get('evalue')}"
            assert output.get("name") != "stderr", f"cell {index} wrote to stderr: {output.get('text', '')[:500]}"
    shown = subprocess.run([colab_python, "-m", "pip", "show", "dnn-digits-helpers"], capture_output=True, text=True)
    assert shown.returncode == 0 and str(ROOT) not in shown.stdout
