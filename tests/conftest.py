"""Shared fixtures: tiny IDX files the tests make themselves (never real MNIST)."""

import gzip
import struct
from pathlib import Path

import numpy as np
import pytest

from helpers.data import DatasetSpec, sha256_of


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
