"""The loader: right arrays from good files, one clear error for every bad case."""

import gzip
import socket
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from helpers import data
from helpers.data import DatasetError, load_idx_folder, parse_idx
from tests.conftest import idx_bytes, write_idx_gz

SHARED_MNIST = Path(__file__).resolve().parents[2] / "shared" / "data" / "mnist"


def test_reads_the_four_files(tiny_dataset):
    folder, spec, arrays = tiny_dataset
    (x_train, y_train), (x_test, y_test) = load_idx_folder(folder, spec)
    np.testing.assert_array_equal(x_train, arrays["train-images-idx3-ubyte.gz"])
    np.testing.assert_array_equal(y_test, arrays["t10k-labels-idx1-ubyte.gz"])
    assert x_train.dtype == np.uint8 and x_test.shape == (3, 28, 28) and y_train.shape == (6,)


def test_missing_folder_says_where_to_put_the_files(tmp_path, tiny_dataset):
    _, spec, _ = tiny_dataset
    with pytest.raises(DatasetError, match=r"does not exist.*TINY_DIR"):
        load_idx_folder(tmp_path / "nowhere", spec)


def test_missing_file_is_named(tiny_dataset):
    folder, spec, _ = tiny_dataset
    (folder / "t10k-labels-idx1-ubyte.gz").unlink()
    with pytest.raises(DatasetError, match=r"t10k-labels-idx1-ubyte.gz is missing"):
        load_idx_folder(folder, spec)


def test_truncated_gzip_is_reported_and_left_alone(tiny_dataset):
    folder, spec, _ = tiny_dataset
    path = folder / "train-images-idx3-ubyte.gz"
    truncated = path.read_bytes()[:-40]
    path.write_bytes(truncated)
    with pytest.raises(DatasetError, match=r"train-images-idx3-ubyte.gz is not a complete gzip file"):
        load_idx_folder(folder, spec)
    assert path.read_bytes() == truncated  # the user's file is never deleted or rewritten


def test_bad_checksum_names_file_expected_and_actual(tiny_dataset):
    folder, spec, arrays = tiny_dataset
    changed = arrays["train-labels-idx1-ubyte.gz"].copy()
    changed[0] = (changed[0] + 1) % 10
    write_idx_gz(folder / "train-labels-idx1-ubyte.gz", changed)
    expected = spec.sha256["train-labels-idx1-ubyte.gz"]
    with pytest.raises(DatasetError, match=rf"train-labels-idx1-ubyte.gz failed its checksum.*expected {expected}"):
        load_idx_folder(folder, spec)
    assert (folder / "train-labels-idx1-ubyte.gz").exists()


def test_wrong_magic_number():
    content = bytearray(idx_bytes(np.zeros((2, 28, 28), np.uint8)))
    content[3] = 0x01
    with pytest.raises(DatasetError, match=r"magic number 0x00000801, expected 0x00000803"):
        parse_idx(bytes(content), 3)


def test_length_must_match_header():
    content = idx_bytes(np.zeros((2, 28, 28), np.uint8))[:-5]
    with pytest.raises(DatasetError, match=r"promises 1568 bytes for shape \(2, 28, 28\), file holds 1563"):
        parse_idx(content, 3)


def test_short_header():
    with pytest.raises(DatasetError, match="too short for an IDX header"):
        parse_idx(b"\x00\x00\x08", 1)


def test_image_and_label_counts_must_agree(tiny_dataset):
    folder, spec, _ = tiny_dataset
    data_bytes = write_idx_gz(folder / "t10k-labels-idx1-ubyte.gz", np.zeros(2, np.uint8))
    sums = dict(spec.sha256, **{"t10k-labels-idx1-ubyte.gz": data.sha256_of(data_bytes)})
    spec = data.DatasetSpec(**{**spec.__dict__, "sha256": sums})
    with pytest.raises(DatasetError, match="3 t10k images but 2 labels"):
        load_idx_folder(folder, spec)


def test_named_folder_wins_even_when_broken(monkeypatch, tmp_path):
    monkeypatch.setenv("MNIST_DIR", str(tmp_path / "typo"))
    with pytest.raises(DatasetError, match=r"typo does not exist.*MNIST_DIR"):
        data.load_mnist()


@pytest.fixture
def offline(monkeypatch, tmp_path):
    """No local copy anywhere, an empty Keras cache and no network."""
    monkeypatch.delenv("MNIST_DIR", raising=False)
    monkeypatch.delenv("FASHION_MNIST_DIR", raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    monkeypatch.setattr(data, "MNIST", data.DatasetSpec(**{**data.MNIST.__dict__, "repo_folder": tmp_path / "none"}))
    monkeypatch.setattr(
        data,
        "FASHION_MNIST",
        data.DatasetSpec(**{**data.FASHION_MNIST.__dict__, "repo_folder": tmp_path / "none", "system_folders": ()}),
    )

    def refuse(*args, **kwargs):
        raise OSError("network is unreachable (test)")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    return tmp_path


def test_offline_without_local_copy_says_what_to_do(offline):
    with pytest.raises(DatasetError, match=r"no local copy.*download failed.*offline.*MNIST_DIR"):
        data.load_mnist()


def test_offline_fashion_without_local_copy(offline):
    with pytest.raises(DatasetError, match=r"Fashion-MNIST: no local copy.*dataset-fashion-mnist"):
        data.load_fashion_mnist()


def test_damaged_keras_cache_is_reported_not_deleted(offline):
    cache = offline / "keras" / "datasets"
    cache.mkdir(parents=True)
    (cache / "mnist.npz").write_bytes(b"not really an npz")
    with pytest.raises(DatasetError, match=r"Keras cache file .*mnist.npz failed its checksum"):
        data.load_mnist()
    assert (cache / "mnist.npz").read_bytes() == b"not really an npz"


def test_scale_pixels_gives_float32_in_unit_interval():
    scaled = data.scale_pixels(np.array([[0, 128, 255]], np.uint8))
    assert scaled.dtype == np.float32
    np.testing.assert_allclose(scaled, [[0, 128 / 255, 1]])


def test_scale_pixels_refuses_already_scaled_input():
    with pytest.raises(TypeError, match="already scaled"):
        data.scale_pixels(np.zeros((2, 28, 28), np.float32))


@pytest.mark.skipif(not SHARED_MNIST.is_dir(), reason="needs the real MNIST files beside the repo")
def test_real_mnist_matches_keras_layout():
    (x_train, y_train), (x_test, y_test) = data.load_mnist(SHARED_MNIST)
    assert x_train.shape == (60000, 28, 28) and x_test.shape == (10000, 28, 28)
    assert y_train.shape == (60000,) and y_test.shape == (10000,)
    assert x_train.dtype == y_train.dtype == np.uint8
    assert int(x_train.max()) == 255 and set(np.unique(y_train)) == set(range(10))
    assert y_train[:5].tolist() == [5, 0, 4, 1, 9]  # the well-known first training labels


@pytest.mark.skipif(not data.FASHION_MNIST.system_folders[0].is_dir(), reason="needs Debian's dataset-fashion-mnist")
def test_real_fashion_mnist_from_debian(monkeypatch):
    monkeypatch.delenv("FASHION_MNIST_DIR", raising=False)
    (x_train, y_train), (x_test, y_test) = data.load_fashion_mnist()
    assert x_train.shape == (60000, 28, 28) and y_test.shape == (10000,)
    assert len(data.FASHION_CLASS_NAMES) == 10 == len(np.unique(y_train))


def test_fashion_sums_cover_content_so_recompressed_files_pass(tmp_path):
    """Fashion-MNIST is checked on decompressed content: a re-gzipped copy still loads."""
    arrays = {n: np.zeros((1, 28, 28) if "images" in n else 1, np.uint8) for n in data.FASHION_MNIST.sha256}
    sums = {n: data.sha256_of(idx_bytes(a)) for n, a in arrays.items()}
    for level, (name, array) in zip((1, 9, 5, 6), arrays.items(), strict=True):
        (tmp_path / name).write_bytes(gzip.compress(idx_bytes(array), compresslevel=level))
    spec = data.DatasetSpec(**{**data.FASHION_MNIST.__dict__, "sha256": sums})
    (x_train, _), _ = load_idx_folder(tmp_path, spec)
    assert x_train.shape == (1, 28, 28)


def test_import_touches_no_network():
    """Importing the loader (in a fresh interpreter) opens no socket."""
    code = (
        "import socket\n"
        "def refuse(*a, **k): raise SystemExit('network touched at import')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "import helpers.data\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
