"""Lesson 02's experiment: is raw-pixel training only a matter of the learning rate?

The lesson trains one small network on raw and on scaled pixels, with plain
SGD and with Adam, each at one learning rate. This experiment gives every
combination its own best chance: it trains the same network at a grid of
learning rates, over the study's seeds, and reports the validation accuracy
after 1 and after 5 epochs. The lesson picks its SGD learning rate from this
table (the best for scaled pixels on validation) and shows it beside its own
runs.

The setup is lesson 02's, cell for cell: the first 20,000 training images
(the last 10 % held out for validation), Input(28, 28) → [Rescaling(1/255)] →
Flatten → Dense(64, ReLU) → Dense(10, softmax), batch size 128, 5 epochs.
"""

import statistics
from collections.abc import Sequence

from benchmarks.experiments import Rows, experiment
from helpers.data import load_mnist
from helpers.tf_quiet import keras

N_IMAGES = 20_000
EPOCHS = 5
LEARNING_RATES = {
    "SGD": (1e-5, 1e-4, 1e-3, 1e-2, 0.1, 0.3, 1.0),
    "Adam": (1e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2),
}
OPTIMIZERS = {"SGD": keras.optimizers.SGD, "Adam": keras.optimizers.Adam}


def _validation_accuracies(x, y, scaled: bool, optimizer: str, learning_rate: float, seed: int) -> list[float]:
    """Lesson 02's small network trained for 5 epochs; its validation accuracy after each epoch."""
    keras.utils.set_random_seed(seed)
    preprocessing = [keras.layers.Rescaling(1 / 255)] if scaled else []
    model = keras.Sequential(
        [keras.Input(shape=(28, 28)), *preprocessing, keras.layers.Flatten(),
         keras.layers.Dense(64, activation="relu"), keras.layers.Dense(10, activation="softmax")]
    )  # fmt: skip
    model.compile(
        optimizer=OPTIMIZERS[optimizer](learning_rate=learning_rate),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
        steps_per_execution=50,
    )
    history = model.fit(x, y, epochs=EPOCHS, batch_size=128, validation_split=0.1, verbose=0)
    return history.history["val_accuracy"]


@experiment("lesson02_learning_rates")
def learning_rates(seeds: Sequence[int]) -> Rows:
    """Validation accuracy of lesson 02's network on raw and scaled pixels, SGD and Adam, at a grid of learning rates.

    One row per pixel scale, optimizer and learning rate: the mean validation
    accuracy after 1 epoch and the mean, sd, minimum and maximum after 5 epochs,
    over the seeds.
    """
    (x_train, y_train), _ = load_mnist()
    x, y = x_train[:N_IMAGES], y_train[:N_IMAGES]
    rows = []
    for pixels, scaled in (("raw 0-255", False), ("scaled 0-1", True)):
        for optimizer, rates in LEARNING_RATES.items():
            for learning_rate in rates:
                runs = [_validation_accuracies(x, y, scaled, optimizer, learning_rate, seed) for seed in seeds]
                after_1, after_5 = [run[0] for run in runs], [run[-1] for run in runs]
                rows.append(
                    {
                        "pixels": pixels,
                        "optimizer": optimizer,
                        "learning_rate": learning_rate,
                        "seeds": len(after_5),
                        "val_accuracy_epoch_1": round(statistics.fmean(after_1), 4),
                        "val_accuracy_epoch_5": round(statistics.fmean(after_5), 4),
                        "val_accuracy_epoch_5_sd": round(statistics.stdev(after_5) if len(after_5) > 1 else 0.0, 4),
                        "val_accuracy_epoch_5_min": round(min(after_5), 4),
                        "val_accuracy_epoch_5_max": round(max(after_5), 4),
                    }
                )
                print(rows[-1], flush=True)
    return rows
