"""Input checks at the helpers' public boundary: a wrong input fails early with a message that says what to do.

The pixel-scale policy of the whole series lives here, and it is decided by
the dtype, never guessed from the values:

* ``uint8`` images are raw pixels, 0 (paper) to 255 (ink);
* floating-point images are pixels scaled to [0, 1] (lesson 02 divides by 255);
* float images with values above 1 are refused: they are raw pixels in a float array.

Nothing converts between the two scales behind the caller's back.
"""

import numpy as np


def as_image_batch(images, name: str = "images") -> np.ndarray:
    """Return `images` as an array of shape (n, 28, 28) or raise an error saying what is wrong.

    A single 28x28 image or a flattened batch of 784-vectors is reshaped;
    anything else, an empty batch or a NaN is refused.
    """
    array = np.asarray(images)
    if array.dtype == object or not (np.issubdtype(array.dtype, np.number) or array.dtype == bool):
        raise TypeError(f"{name} must be numeric pixel values, got dtype {array.dtype}")
    if array.shape in ((28, 28), (784,)):
        array = array.reshape(1, 28, 28)
    elif array.ndim == 2 and array.shape[1] == 784:
        array = array.reshape(-1, 28, 28)
    elif array.ndim != 3 or array.shape[1:] != (28, 28):
        raise ValueError(f"{name} must have shape (n, 28, 28), (n, 784) or (28, 28); got {array.shape}")
    if array.shape[0] == 0:
        raise ValueError(f"{name} is empty: pass at least one image")
    if np.issubdtype(array.dtype, np.floating) and np.isnan(array).any():
        raise ValueError(f"{name} contains NaN values")
    return array


def pixel_max(images, name: str = "images") -> float:
    """The largest value the pixels can take under the series' policy: 255 for uint8, 1 for floats.

    Raises for float pixels outside [0, 1] (raw pixels stored as floats) and
    for any other dtype.
    """
    array = np.asarray(images)
    if array.dtype == np.uint8:
        return 255.0
    if not np.issubdtype(array.dtype, np.floating):
        raise TypeError(f"{name} must be uint8 (raw pixels, 0-255) or float (scaled to [0, 1]); got {array.dtype}")
    low, high = float(np.min(array)), float(np.max(array))
    if low < 0 or high > 1:
        raise ValueError(
            f"{name} are floats from {low:g} to {high:g}; float pixels must lie in [0, 1]. "
            "Divide raw pixels by 255 (or keep them as uint8)."
        )
    return 1.0


def require_scaled(images, name: str = "images") -> np.ndarray:
    """Images as float32 in [0, 1]; raw uint8 pixels get an error that says to divide by 255."""
    array = as_image_batch(images, name)
    if array.dtype == np.uint8:
        raise ValueError(
            f"{name} are raw uint8 pixels (0-255); this expects pixels scaled to [0, 1]: divide by 255 first"
        )
    pixel_max(array, name)
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


def as_probabilities(probabilities, n: int | None = None, name: str = "probabilities") -> np.ndarray:
    """A model's softmax output: shape (n, 10), no NaN, each row a distribution; else a clear error."""
    array = np.asarray(probabilities)
    if array.dtype == object or not np.issubdtype(array.dtype, np.number):
        raise TypeError(f"{name} must be numbers, got dtype {array.dtype}")
    if array.ndim != 2 or array.shape[1] != 10:
        raise ValueError(
            f"{name} must have shape (n, 10), one row of 10 class probabilities per image; got {array.shape}"
        )
    if array.shape[0] == 0:
        raise ValueError(f"{name} is empty: pass at least one row")
    if np.isnan(array).any():
        raise ValueError(f"{name} contains NaN values")
    if array.min() < 0 or not np.allclose(array.sum(axis=1), 1, atol=1e-3):
        raise ValueError(
            f"each row of {name} must be probabilities that sum to 1 (the output of a softmax layer, "
            "e.g. model.predict(x)); these look like raw scores"
        )
    if n is not None and len(array) != n:
        raise ValueError(f"{name} has {len(array)} rows but there are {n} images")
    return array.astype(np.float32, copy=False)
