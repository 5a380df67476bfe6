"""Checkers for lesson 04 (training and evaluation).

Each checker examines what the learner's code produced (a number, an array,
a loss, a trained model), never the text of the code.
"""

import numpy as np

from helpers.exercises.core import checker, require
from helpers.tf_quiet import keras

# Exercise 3 reads these curves. They are made up for the exercise, shaped like
# the real ones lesson 06 produces when a network starts to memorise: the
# training loss keeps falling while the validation loss turns back up.
_EPOCHS = np.arange(1, 21)
_TRAIN_LOSS = 0.62 * np.exp(-0.28 * _EPOCHS) + 0.02
_VAL_LOSS = 0.60 * np.exp(-0.45 * _EPOCHS) + 0.09 + 0.0045 * np.maximum(_EPOCHS - 7, 0) ** 1.3
_TRAIN_ACCURACY = 1 - 0.9 * _TRAIN_LOSS / (1 + _TRAIN_LOSS)
_VAL_ACCURACY = 1 - 0.9 * _VAL_LOSS / (1 + _VAL_LOSS)


def example_overfitting_history() -> dict[str, list[float]]:
    """Invented 20-epoch learning curves (a dict like `history.history`) for exercise 3."""
    return {
        "loss": [round(float(v), 4) for v in _TRAIN_LOSS],
        "accuracy": [round(float(v), 4) for v in _TRAIN_ACCURACY],
        "val_loss": [round(float(v), 4) for v in _VAL_LOSS],
        "val_accuracy": [round(float(v), 4) for v in _VAL_ACCURACY],
    }


def _is_number(value) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)


@checker
def check_accuracy_by_hand(accuracy, probabilities, labels) -> str:
    """Exercise 1: the fraction of test images whose largest probability is at the true digit."""
    probabilities, labels = np.asarray(probabilities), np.asarray(labels)
    predictions = probabilities.argmax(axis=1)
    expected = float(np.mean(predictions == labels))
    require(_is_number(accuracy) or (np.ndim(accuracy) == 0 and _is_number(np.asarray(accuracy).item())),
            f"expected a single number, got {type(accuracy).__name__}"
            + (f" of shape {np.shape(accuracy)}: take the mean of the comparison" if np.ndim(accuracy) else ""))
    value = float(accuracy)
    require(not np.isclose(value, expected * 100, atol=0.01),
            "that is a percentage; give the accuracy as a fraction between 0 and 1.")
    require(not np.isclose(value, np.sum(predictions == labels)),
            "that is the number of correct predictions; divide it by the number of images.")
    require(not np.isclose(value, 1 - expected, atol=1e-6),
            "that is the share of mistakes (the error rate); count the predictions that match the label.")
    require(not np.isclose(value, float(np.mean(probabilities.max(axis=1))), atol=1e-6),
            "that is the average confidence (the mean of the largest probability); "
            "compare the predicted digit, probabilities.argmax(axis=1), with the labels.")
    require(0 <= value <= 1, f"{value:g} is not a fraction between 0 and 1.")
    require(np.isclose(value, expected, atol=1e-6),
            "not the fraction of images whose largest probability sits at the true digit; "
            "predicted digit = probabilities.argmax(axis=1), then the mean of (predicted == labels).")
    return f"accuracy {expected:.4f}, the same number model.evaluate reports."


def _example_one_hot() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A few labels, their one-hot form, and softmax-like predictions for them."""
    labels = np.array([3, 0, 7, 7, 1, 9])
    one_hot = np.eye(10, dtype=np.float32)[labels]
    rng = np.random.default_rng(4)
    scores = rng.normal(size=(len(labels), 10)).astype(np.float32)
    scores[np.arange(len(labels)), labels] += 2.0
    probabilities = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    return labels, one_hot, probabilities


def _mean_loss(loss_fn, targets, predictions) -> float:
    return float(np.mean(np.asarray(loss_fn(targets, predictions))))


@checker
def check_loss_for_one_hot(loss) -> str:
    """Exercise 2: a loss (a name or a Keras loss) that is right for one-hot labels and softmax outputs."""
    require(isinstance(loss, str) or callable(loss),
            f"expected a loss name (a string) or a Keras loss object, got {type(loss).__name__}.")
    if isinstance(loss, str):
        try:
            loss = keras.losses.get(loss)
        except ValueError:
            require(False, f"Keras knows no loss called {loss!r}; look at keras.losses for the names.")
    labels, one_hot, probabilities = _example_one_hot()
    expected = _mean_loss(keras.losses.categorical_crossentropy, one_hot, probabilities)
    try:
        value = _mean_loss(loss, one_hot, probabilities)
    except Exception:  # noqa: BLE001  (the loss refused one-hot labels: that is the point of the hint)
        require(False, "this loss cannot take one-hot labels (it failed on them): it wants one integer "
                       "per image, which is what *sparse* categorical cross-entropy does.")
    require(not np.isclose(value, _mean_loss(keras.losses.BinaryCrossentropy(), one_hot, probabilities)),
            "binary cross-entropy treats each of the 10 outputs as its own yes/no question; "
            "with one digit out of ten per image you want the categorical loss.")
    require(not np.isclose(value, _mean_loss(keras.losses.CategoricalCrossentropy(from_logits=True),
                                             one_hot, probabilities)),
            "from_logits=True expects raw scores, but this network ends in softmax and outputs probabilities.")
    require(np.isclose(value, expected, rtol=1e-5),
            "this loss gives a different value from cross-entropy (-log of the probability of the true "
            "digit) on one-hot labels. Which Keras loss takes one-hot labels?")
    return "categorical cross-entropy: the same -log p(true digit) as the sparse loss, fed one-hot labels."


@checker
def check_best_epoch(best_epoch, history) -> str:
    """Exercise 3: the epoch (counted from 1) where the validation loss is lowest."""
    require(_is_number(best_epoch) and float(best_epoch) == int(best_epoch),
            f"expected a whole epoch number, got {best_epoch!r}.")
    best_epoch = int(best_epoch)
    val_loss = np.asarray(history["val_loss"])
    expected = int(np.argmin(val_loss)) + 1
    require(best_epoch != expected - 1,
            "np.argmin counts from 0, epochs from 1: add 1.")
    require(best_epoch != int(np.argmin(history["loss"])) + 1,
            "that is where the *training* loss is lowest; it keeps falling while the network memorises. "
            "Look at the validation loss.")
    require(1 <= best_epoch <= len(val_loss), f"there are only {len(val_loss)} epochs, counted from 1.")
    require(best_epoch == expected,
            f"at epoch {best_epoch} the validation loss is {val_loss[best_epoch - 1]:.4f}, "
            f"but it goes lower elsewhere; find its minimum.")
    return (f"epoch {expected}: after it the validation loss rises while the training loss still falls, "
            "the signature of overfitting (lesson 06).")


@checker
def check_per_class_accuracy(per_class, matrix) -> str:
    """Exercise 4: for each digit, the fraction of its test images read correctly (from the confusion matrix)."""
    matrix = np.asarray(matrix)
    answer = np.asarray(per_class)
    require(answer.dtype != object and np.issubdtype(answer.dtype, np.number),
            f"expected an array of 10 numbers, got {type(per_class).__name__}.")
    require(answer.shape == (10,), f"expected 10 numbers, one per digit, got shape {answer.shape}.")
    diagonal = np.diag(matrix).astype(float)
    expected = diagonal / matrix.sum(axis=1)
    require(not np.allclose(answer, diagonal), "those are counts of correct answers; divide each by how many "
                                               "test images of that digit there are (the row sums).")
    require(not np.allclose(answer, 100 * expected, atol=1e-3),
            "those are percentages; give fractions between 0 and 1.")
    require(not np.allclose(answer, diagonal / matrix.sum(axis=0), atol=1e-6),
            "you divided by the column sums: that is the share of *predictions* of each digit that were right "
            "(precision). Rows are the true digits: divide by the row sums.")
    require(not np.allclose(answer, diagonal / matrix.sum(), atol=1e-6),
            "you divided by the total number of images; divide by each digit's own row sum.")
    require(np.allclose(answer, expected, atol=1e-6),
            "not yet the diagonal divided by the row sums (matrix.sum(axis=1)).")
    worst = int(np.argmin(expected))
    return f"the network is weakest on digit {worst} ({expected[worst]:.1%} read correctly)."


@checker
def check_sgd_with_momentum(model, x_test, y_test, threshold: float = 0.88) -> str:
    """Exercise 5: a reference-shaped model trained with SGD plus momentum that reaches `threshold` on the test set."""
    require(isinstance(model, keras.Model), f"train_sgd_with_momentum() must return the trained Keras model, "
                                            f"got {type(model).__name__}.")
    optimizer = getattr(model, "optimizer", None)
    require(optimizer is not None, "the model has not been compiled: call model.compile(...) before fit.")
    require(isinstance(optimizer, keras.optimizers.SGD),
            f"the model is compiled with {type(optimizer).__name__}; the exercise is to make SGD catch up: "
            "use keras.optimizers.SGD(...).")
    require(float(optimizer.momentum) > 0, "momentum is 0: this is still plain SGD. Pass momentum=0.9 to SGD.")
    require(model.count_params() == 109_386 and model.output_shape == (None, 10),
            f"use the reference network (build_mlp()): this one has {model.count_params():,} parameters "
            "instead of 109,386.")
    require(int(optimizer.iterations) > 0, "the model has not been trained yet: call model.fit(...).")
    _, accuracy = model.evaluate(x_test, y_test, verbose=0)
    require(accuracy >= threshold, f"test accuracy {accuracy:.1%}, below {threshold:.0%}: train for one epoch "
                                   "on the first 10,000 images with learning rate 0.01 and momentum 0.9.")
    return f"test accuracy {accuracy:.1%} after one epoch on 10,000 images: momentum closes much of the gap to Adam."
