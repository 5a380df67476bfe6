"""Load MNIST and Fashion-MNIST, offline from checked local files or through Keras.

Where the data comes from, in order:

1. a folder given as ``data_dir``;
2. the folder named by an environment variable (``MNIST_DIR`` or
   ``FASHION_MNIST_DIR``);
3. the repository's git-ignored ``data/mnist/`` or ``data/fashion-mnist/``;
4. for Fashion-MNIST, Debian's ``dataset-fashion-mnist`` package
   (``/usr/share/datasets/fashion-mnist/``);
5. otherwise Keras downloads the data once and caches it.

Every local file is checked by SHA-256 before it is read. Nothing here ever
deletes or rewrites a file, and nothing touches the network at import time.
The arrays come back exactly as ``keras.datasets.mnist.load_data()`` returns
them: ``(x_train, y_train), (x_test, y_test)``, uint8, images shaped (n, 28, 28).
"""

import gzip
import hashlib
import os
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[1]

Split = tuple[np.ndarray, np.ndarray]

IDX_MAGIC = {1: 0x00000801, 3: 0x00000803}  # labels: 1 dimension, images: 3


class DatasetError(RuntimeError):
    """The data could not be loaded. The message says which file and what to do."""


@dataclass(frozen=True)
class DatasetSpec:
    """Where a data set lives and how its four files are checked."""

    name: str
    env_var: str
    repo_folder: Path
    system_folders: tuple[Path, ...]
    sha256: dict[str, str]  # file name -> expected SHA-256
    checked_content: str  # "gzip file" or "decompressed content": what the sums cover
    source_hint: str


MNIST = DatasetSpec(
    name="MNIST",
    env_var="MNIST_DIR",
    repo_folder=REPO_ROOT / "data" / "mnist",
    system_folders=(),
    # The published sums of the official gzip files.
    sha256={
        "train-images-idx3-ubyte.gz": "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
        "train-labels-idx1-ubyte.gz": "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
        "t10k-images-idx3-ubyte.gz": "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
        "t10k-labels-idx1-ubyte.gz": "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
    },
    checked_content="gzip file",
    source_hint="the four official MNIST files (train-images-idx3-ubyte.gz and its three siblings)",
)

FASHION_MNIST = DatasetSpec(
    name="Fashion-MNIST",
    env_var="FASHION_MNIST_DIR",
    repo_folder=REPO_ROOT / "data" / "fashion-mnist",
    system_folders=(Path("/usr/share/datasets/fashion-mnist"),),
    # Sums of the decompressed IDX content: Debian recompresses the gzip files,
    # so only the content is the same everywhere.
    sha256={
        "train-images-idx3-ubyte.gz": "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
        "train-labels-idx1-ubyte.gz": "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
        "t10k-images-idx3-ubyte.gz": "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
        "t10k-labels-idx1-ubyte.gz": "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
    },
    checked_content="decompressed content",
    source_hint=("the four Fashion-MNIST files (on Debian/Ubuntu: `apt-get install dataset-fashion-mnist`)"),
)

FASHION_CLASS_NAMES = (
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
)  # fmt: skip

KERAS_MNIST_SHA256 = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"


def _how_to_fix(spec: DatasetSpec) -> str:
    return (
        f"put {spec.source_hint} in {spec.repo_folder} "
        f"or in a folder named by the {spec.env_var} environment variable; "
        "download them again if this copy is damaged (this loader never deletes your files)."
    )


def sha256_of(data: bytes) -> str:
    """Hex SHA-256 of some bytes."""
    return hashlib.sha256(data).hexdigest()


def _read_gzip(path: Path) -> tuple[bytes, bytes]:
    """Return a gzip file's raw bytes and its decompressed content."""
    raw = path.read_bytes()
    try:
        return raw, gzip.decompress(raw)
    except (EOFError, OSError, zlib.error) as error:
        raise DatasetError(
            f"{path} is not a complete gzip file ({error}); it is probably truncated or corrupted."
        ) from error


def parse_idx(content: bytes, ndim: int, source: str = "IDX data") -> np.ndarray:
    """Parse decompressed IDX bytes with `ndim` dimensions (1 for labels, 3 for images).

    Checks the magic number, that the header is complete and that the payload
    has exactly the number of bytes the dimensions promise.
    """
    if ndim not in IDX_MAGIC:
        raise ValueError(f"ndim must be 1 (labels) or 3 (images), got {ndim}")
    header_size = 4 + 4 * ndim
    if len(content) < header_size:
        raise DatasetError(f"{source}: only {len(content)} bytes, too short for an IDX header of {header_size} bytes.")
    magic = int.from_bytes(content[:4], "big")
    if magic != IDX_MAGIC[ndim]:
        raise DatasetError(
            f"{source}: magic number 0x{magic:08x}, expected 0x{IDX_MAGIC[ndim]:08x} "
            f"(an IDX file of unsigned bytes with {ndim} dimension(s))."
        )
    dims = tuple(int.from_bytes(content[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))
    expected = int(np.prod(dims))
    payload = len(content) - header_size
    if payload != expected:
        raise DatasetError(f"{source}: header promises {expected} bytes for shape {dims}, file holds {payload}.")
    return np.frombuffer(content, dtype=np.uint8, offset=header_size).reshape(dims)


def _read_checked(path: Path, spec: DatasetSpec) -> bytes:
    """Read one file of `spec`, verify its SHA-256 and return the decompressed content."""
    if not path.is_file():
        raise DatasetError(f"{spec.name}: {path} is missing. To fix it, {_how_to_fix(spec)}")
    raw, content = _read_gzip(path)
    checked = raw if spec.checked_content == "gzip file" else content
    actual = sha256_of(checked)
    expected = spec.sha256[path.name]
    if actual != expected:
        raise DatasetError(
            f"{spec.name}: {path} failed its checksum: the SHA-256 of its {spec.checked_content} "
            f"is {actual}, expected {expected}. To fix it, {_how_to_fix(spec)}"
        )
    return content


def load_idx_folder(folder: Path, spec: DatasetSpec = MNIST) -> tuple[Split, Split]:
    """Load the four files of `spec` from `folder`, each checked by SHA-256."""
    folder = Path(folder)
    if not folder.is_dir():
        raise DatasetError(f"{spec.name}: the folder {folder} does not exist. To fix it, {_how_to_fix(spec)}")
    arrays = {}
    for name in spec.sha256:
        ndim = 3 if "images" in name else 1
        arrays[name] = parse_idx(_read_checked(folder / name, spec), ndim, source=str(folder / name))
    x_train, y_train = arrays["train-images-idx3-ubyte.gz"], arrays["train-labels-idx1-ubyte.gz"]
    x_test, y_test = arrays["t10k-images-idx3-ubyte.gz"], arrays["t10k-labels-idx1-ubyte.gz"]
    for images, labels, split in ((x_train, y_train, "train"), (x_test, y_test, "t10k")):
        if len(images) != len(labels):
            raise DatasetError(f"{spec.name}: {folder} has {len(images)} {split} images but {len(labels)} labels.")
    return (x_train, y_train), (x_test, y_test)


def local_folder(spec: DatasetSpec, data_dir: str | os.PathLike | None = None) -> Path | None:
    """The folder to load `spec` from, or None to fall back to the Keras download.

    A folder the user names (argument or environment variable) is used even if
    it is broken, so that the user hears about the problem instead of a download.
    """
    named = data_dir if data_dir is not None else os.environ.get(spec.env_var)
    if named:
        return Path(named).expanduser()
    for folder in (spec.repo_folder, *spec.system_folders):
        if folder.is_dir():
            return folder
    return None


def keras_cache_dir() -> Path:
    """Where Keras caches downloaded data sets (`$KERAS_HOME/datasets`)."""
    return Path(os.environ.get("KERAS_HOME", Path.home() / ".keras")) / "datasets"


def _offline_error(spec: DatasetSpec, error: Exception) -> DatasetError:
    return DatasetError(
        f"{spec.name}: no local copy was found and the download failed ({error}). "
        f"If this machine is offline, {_how_to_fix(spec)}"
    )


def _download_mnist_with_keras() -> tuple[Split, Split]:
    """MNIST through Keras' download-and-cache, guarding the user's cached file.

    Keras deletes a cached file whose checksum does not match when it cannot
    download a new one, so a damaged cache is reported here instead.
    """
    cached = keras_cache_dir() / "mnist.npz"
    if cached.is_file() and sha256_of(cached.read_bytes()) != KERAS_MNIST_SHA256:
        raise DatasetError(
            f"MNIST: the Keras cache file {cached} failed its checksum (expected SHA-256 "
            f"{KERAS_MNIST_SHA256}). Move it away so Keras can download it again, or "
            f"{_how_to_fix(MNIST)}"
        )
    from helpers.tf_quiet import keras

    try:
        return keras.datasets.mnist.load_data()
    except Exception as error:  # Keras raises bare Exceptions for network failures
        raise _offline_error(MNIST, error) from error


def _download_fashion_with_keras() -> tuple[Split, Split]:
    """Fashion-MNIST through Keras' download-and-cache, checked like a local folder."""
    from helpers.tf_quiet import keras

    base = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
    try:
        paths = [
            keras.utils.get_file(name, origin=base + name, cache_subdir="datasets/fashion-mnist")
            for name in FASHION_MNIST.sha256
        ]
    except Exception as error:  # Keras raises bare Exceptions for network failures
        raise _offline_error(FASHION_MNIST, error) from error
    return load_idx_folder(Path(paths[0]).parent, FASHION_MNIST)


def load_mnist(data_dir: str | os.PathLike | None = None) -> tuple[Split, Split]:
    """MNIST as `(x_train, y_train), (x_test, y_test)`: uint8, 60,000 and 10,000 images of 28x28.

    Reads the four official files from `data_dir`, `$MNIST_DIR` or `data/mnist/`
    (each checked by SHA-256), else lets Keras download and cache the data.
    Raises `DatasetError` with what to do when neither works.
    """
    folder = local_folder(MNIST, data_dir)
    if folder is None:
        return _download_mnist_with_keras()
    return load_idx_folder(folder, MNIST)


def load_fashion_mnist(data_dir: str | os.PathLike | None = None) -> tuple[Split, Split]:
    """Fashion-MNIST, in the same form as `load_mnist` (labels: see `FASHION_CLASS_NAMES`).

    Looks in `data_dir`, `$FASHION_MNIST_DIR`, `data/fashion-mnist/` and
    `/usr/share/datasets/fashion-mnist/` (Debian's `dataset-fashion-mnist`),
    else lets Keras download and cache the files.
    """
    folder = local_folder(FASHION_MNIST, data_dir)
    if folder is None:
        return _download_fashion_with_keras()
    return load_idx_folder(folder, FASHION_MNIST)


def scale_pixels(images: np.ndarray) -> np.ndarray:
    """uint8 pixels 0-255 -> float32 in [0, 1], without a float64 copy on the way."""
    images = np.asarray(images)
    if images.dtype != np.uint8:
        raise TypeError(
            f"scale_pixels expects raw uint8 pixels (0-255), got dtype {images.dtype}; were they already scaled?"
        )
    scaled = images.astype(np.float32)
    scaled /= 255
    return scaled
