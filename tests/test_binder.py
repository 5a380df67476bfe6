"""Binder builds the same environment the README installs."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tools.links import binder_url

ROOT = Path(__file__).resolve().parents[1]


def pins(path: Path) -> dict[str, str]:
    """{package: version} for every `name==version` line (markers ignored)."""
    found = {}
    for line in path.read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.-]+)==([^;\s]+)", line.strip())
        if match:
            found[match.group(1).lower()] = match.group(2)
    return found


def test_binder_pins_match_requirements():
    ours, binder = pins(ROOT / "requirements.txt"), pins(ROOT / "binder" / "requirements.txt")
    assert binder.pop("tensorflow-cpu") == ours["tensorflow-cpu"]
    ours.pop("tensorflow-cpu"), ours.pop("tensorflow")
    assert binder == ours


def test_binder_uses_python_311_and_an_executable_postbuild():
    assert (ROOT / "binder" / "runtime.txt").read_text().strip() == "python-3.11"
    post_build = ROOT / "binder" / "postBuild"
    assert os.access(post_build, os.X_OK)
    assert "pip install" in post_build.read_text() and "load_mnist()" in post_build.read_text()


def test_readme_binder_links_all_come_from_the_repository_url_and_the_badge_opens_the_first_lesson():
    readme = (ROOT / "README.md").read_text()
    links = re.findall(r"https://mybinder\.org/v2/gh/[^)\s]+", readme)
    assert links and all(link.startswith(binder_url("")) for link in links), "run python -m tools.links"
    badge = re.search(r"^\[binder\]: (\S+)$", readme, re.MULTILINE)
    assert badge and badge.group(1) == binder_url("00_start_here.ipynb")


@pytest.mark.binder
def test_repo2docker_generates_the_expected_build():
    """repo2docker (dry run, no Docker needed) builds Python 3.11, our pins, and runs postBuild."""
    repo2docker = os.environ.get("REPO2DOCKER") or shutil.which("repo2docker")
    assert repo2docker, "install jupyter-repo2docker (see .ci/run) or set REPO2DOCKER"
    result = subprocess.run(
        [repo2docker, "--no-build", "--user-id", "1000", "--user-name", "jovyan", str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    dockerfile = result.stdout + result.stderr
    assert "Building conda environment for python=3.11" in dockerfile
    assert 'pip install --no-cache-dir -r "binder/requirements.txt"' in dockerfile
    assert "RUN ./binder/postBuild" in dockerfile
    assert "requirements.txt" not in dockerfile.replace("binder/requirements.txt", ""), "root config must be ignored"
