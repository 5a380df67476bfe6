"""Same machine, same notebook, same numbers: a training notebook run twice agrees with itself.

An opt-in diagnostic (``pytest -m slow tests/test_determinism.py``): the seed
study already compares the series seed's fresh run with the stored outputs
of every notebook, so the default suite does not run a notebook twice.
"""

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbval.plugin import get_sanitize_patterns

ROOT = Path(__file__).resolve().parents[1]
TRAINING_NOTEBOOK = ROOT / "notebooks" / "02_mnist_and_normalization.ipynb"
PATTERNS = get_sanitize_patterns((ROOT / "nbval-sanitize.cfg").read_text())


def sanitized_text_outputs(path: Path) -> list[str]:
    """Run `path` in a fresh kernel and return every cell's text output, sanitized like nbval does."""
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    texts = []
    for cell in notebook.cells:
        text = "".join(
            o.get("text", "") + str(o.get("data", {}).get("text/plain", "")) for o in cell.get("outputs", [])
        )
        for regex, replacement in PATTERNS:
            text = re.sub(regex, replacement, text)
        texts.append(text)
    return texts


def test_sanitize_file_masks_only_timings_and_addresses():
    sample = "fit took 12.3 s; test accuracy 97.6 %; loss 0.0912; <object at 0x7f3a2b4c5d6e>"
    for regex, replacement in PATTERNS:
        sample = re.sub(regex, replacement, sample)
    assert sample == "fit took <seconds> s; test accuracy 97.6 %; loss 0.0912; <object at 0x<address>>"


@pytest.mark.slow
def test_training_notebook_gives_identical_outputs_twice():
    first, second = sanitized_text_outputs(TRAINING_NOTEBOOK), sanitized_text_outputs(TRAINING_NOTEBOOK)
    assert any("%" in text for text in first), "expected printed metrics to compare"
    assert first == second
