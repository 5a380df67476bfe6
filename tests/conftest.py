"""Fixtures shared by the unit tests: one place for the plumbing every test module needs.

* Matplotlib draws off-screen (Agg) and every test's figures are closed after it.
* Every test gets its own empty model cache and runs with the series' seed,
  no strict checkers and no recording, whatever the shell has set.
* `assert_correct` / `assert_hint` read a checker's verdict; `digit_model`
  builds small untrained digit classifiers; `tiny_dataset` writes tiny IDX files.
"""

import gzip
import struct
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers.data import DatasetSpec, sha256_of  # noqa: E402


@pytest.fixture(autouse=True)
def isolated_run(monkeypatch, tmp_path):
    """A fresh model cache per test, the series' seed, friendly checkers, no recording; figures closed after."""
    monkeypatch.setenv("DNN_DIGITS_CACHE", str(tmp_path / "model-cache"))
    for name in ("DNN_DIGITS_SEED", "DNN_DIGITS_RECORD", "DNN_DIGITS_STRICT"):
        monkeypatch.delenv(name, raising=False)
    yield
    plt.close("all")


@pytest.fixture
def assert_correct(capsys):
    """`assert_correct(feedback, *fragments)`: the checker accepted, printed so, and its message has the fragments."""

    def check(feedback, *fragments: str) -> None:
        printed = capsys.readouterr().out
        assert feedback.passed, f"expected the answer to be accepted, got: {feedback}"
        assert printed.startswith("✅ Correct"), printed
        for fragment in fragments:
            assert fragment in feedback.message, f"{fragment!r} not in {feedback.message!r}"

    return check


@pytest.fixture
def assert_hint(capsys):
    """`assert_hint(feedback, *fragments)`: rejected, printed "Not yet", and the hint has the fragments."""

    def check(feedback, *fragments: str) -> None:
        printed = capsys.readouterr().out
        assert not feedback.passed and feedback.attempted, f"expected a hint, got: {feedback}"
        assert printed.startswith("❌ Not yet"), printed
        assert "Traceback" not in printed
        for fragment in fragments:
            assert fragment in feedback.message, f"{fragment!r} not in {feedback.message!r}"

    return check


@pytest.fixture
def digit_model():
    """`digit_model(*hidden_units, seed=0)`: an untrained Input(28, 28) → Flatten → Dense(ReLU)… → Dense(10)."""
    from helpers.tf_quiet import keras

    def build(*hidden_units: int, seed: int = 0):
        keras.utils.set_random_seed(seed)
        return keras.Sequential(
            [keras.Input(shape=(28, 28)), keras.layers.Flatten()]
            + [keras.layers.Dense(units, activation="relu") for units in hidden_units]
            + [keras.layers.Dense(10, activation="softmax")]
        )

    return build


def idx_bytes(array: np.ndarray) -> bytes:
    """Encode a uint8 array as IDX (magic 0x0801 for 1-D, 0x0803 for 3-D)."""
    header = struct.pack(">I", 0x0800 | array.ndim) + b"".join(struct.pack(">I", d) for d in array.shape)
    return header + array.astype(np.uint8).tobytes()


def write_idx_gz(path: Path, array: np.ndarray) -> bytes:
    """Write `array` as a gzip IDX file; return the gzip bytes."""
    data = gzip.compress(idx_bytes(array), mtime=0)
    path.write_bytes(data)
    return data


@pytest.fixture
def tiny_dataset(tmp_path):
    """A folder with four valid tiny IDX files and a DatasetSpec that trusts them."""
    rng = np.random.default_rng(0)
    arrays = {
        "train-images-idx3-ubyte.gz": rng.integers(0, 256, (6, 28, 28), dtype=np.uint8),
        "train-labels-idx1-ubyte.gz": rng.integers(0, 10, 6, dtype=np.uint8),
        "t10k-images-idx3-ubyte.gz": rng.integers(0, 256, (3, 28, 28), dtype=np.uint8),
        "t10k-labels-idx1-ubyte.gz": rng.integers(0, 10, 3, dtype=np.uint8),
    }
    sums = {name: sha256_of(write_idx_gz(tmp_path / name, a)) for name, a in arrays.items()}
    spec = DatasetSpec(
        name="Tiny",
        env_var="TINY_DIR",
        repo_folder=tmp_path / "not-there",
        system_folders=(),
        sha256=sums,
        checked_content="gzip file",
        source_hint="the four tiny files",
    )
    return tmp_path, spec, arrays
