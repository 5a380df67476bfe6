"""Input checks shared by the helpers: a wrong input fails early with a clear message."""

import numpy as np


def as_image_batch(images, name: str = "images") -> np.ndarray:
    """Return `images` as an array of shape (n, 28, 28) or raise a ValueError saying what is wrong.

    A single 28x28 image or a flattened batch of 784-vectors is reshaped;
    anything else, an empty batch or a NaN is refused.
    """
    array = np.asarray(images)
    if array.dtype == object or not (np.issubdtype(array.dtype, np.number) or array.dtype == bool):
        raise TypeError(f"{name} must be numeric pixel values, got dtype {array.dtype}")
    if array.shape == (28, 28) or array.shape == (784,):
        array = array.reshape(1, 28, 28)
    elif array.ndim == 2 and array.shape[1] == 784:
        array = array.reshape(-1, 28, 28)
    elif array.ndim != 3 or array.shape[1:] != (28, 28):
        raise ValueError(
            f"{name} must have shape (n, 28, 28), (n, 784) or (28, 28); got {array.shape}"
        )
    if array.shape[0] == 0:
        raise ValueError(f"{name} is empty: pass at least one image")
    if np.issubdtype(array.dtype, np.floating) and np.isnan(array).any():
        raise ValueError(f"{name} contains NaN values")
    return array


def pixel_scale(images: np.ndarray) -> str:
    """'raw' for 0-255 pixels, 'scaled' for [0, 1]; raises for anything else."""
    low, high = float(np.min(images)), float(np.max(images))
    if low < 0 or high > 255:
        raise ValueError(f"pixel values must lie in [0, 1] or [0, 255]; found {low:g} to {high:g}")
    return "scaled" if high <= 1.0 else "raw"


def require_scaled(images, name: str = "images") -> np.ndarray:
    """Images as float32 in [0, 1]; raw 0-255 pixels get an error that says to divide by 255."""
    array = as_image_batch(images, name)
    if pixel_scale(array) == "raw":
        raise ValueError(
            f"{name} look like raw pixels (maximum {np.max(array):g}); "
            "this expects pixels scaled to [0, 1]: divide by 255 first"
        )
    return array.astype(np.float32, copy=False)


def as_labels(labels, n: int | None = None, name: str = "labels") -> np.ndarray:
    """Integer digit labels 0-9 as a 1-D array (of length `n` if given)."""
    array = np.asarray(labels)
    if array.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of digits 0-9, got shape {array.shape}")
    if array.size and not np.issubdtype(array.dtype, np.integer) and not np.all(np.mod(array, 1) == 0):
        raise ValueError(f"{name} must be whole numbers 0-9, got dtype {array.dtype}")
    if array.size and (array.min() < 0 or array.max() > 9):
        raise ValueError(f"{name} must lie in 0-9; found {array.min()} to {array.max()}")
    if n is not None and len(array) != n:
        raise ValueError(f"{name} has {len(array)} entries but there are {n} images")
    return array.astype(np.int64)
