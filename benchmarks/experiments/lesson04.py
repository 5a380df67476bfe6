"""Lesson 04's experiments: each optimizer at its best learning rate, and what the batch size changes.

Both train the series' reference network with lesson 04's recipe (raw
pixels, `Rescaling`, 5 epochs, `validation_split=0.1`, batch 32 unless the
batch size is what varies, `steps_per_execution=50`) and change one thing.
The network is a fresh copy (`keras.models.clone_model`) of the reference
model lesson 04 saves, made right after `keras.utils.set_random_seed(seed)`,
so every run of one seed starts from the same weights as lesson 04's model.
"""

import math
import time
from collections.abc import Sequence

from benchmarks.experiments import Rows, experiment
from helpers import reference
from helpers.data import load_mnist
from helpers.tf_quiet import keras

EPOCHS, BATCH_SIZE, VALIDATION_SPLIT = 5, 32, 0.1

# Each grid spans 2.5 decades in half-decade steps, wide enough that each
# optimizer's best rate lies inside it, not at an end (the results confirm it).
# SGD with momentum 0.9 takes steps about lr / (1 - 0.9) = 10 x lr long, so its
# grid sits a decade below plain SGD's.
LEARNING_RATES = {
    "plain SGD": (0.01, 0.03, 0.1, 0.3, 1.0, 3.0),
    "SGD + momentum 0.9": (0.001, 0.003, 0.01, 0.03, 0.1, 0.3),
    "Adam": (0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03),
}
BATCH_SIZES = (32, 128, 512)


def _optimizer(name: str, learning_rate: float) -> keras.optimizers.Optimizer:
    if name == "plain SGD":
        return keras.optimizers.SGD(learning_rate=learning_rate)
    if name == "SGD + momentum 0.9":
        return keras.optimizers.SGD(learning_rate=learning_rate, momentum=0.9)
    return keras.optimizers.Adam(learning_rate=learning_rate)


def _train(seed: int, optimizer: keras.optimizers.Optimizer, batch_size: int, data) -> dict[str, float]:
    """Lesson 04's recipe with this optimizer and batch size: the final epoch's numbers, test accuracy, fit time."""
    (x_train, y_train), (x_test, y_test) = data
    keras.backend.clear_session()  # one process trains many models: drop the old ones
    template = keras.models.load_model(reference.saved_model_file(seed))
    keras.utils.set_random_seed(seed)
    model = keras.models.clone_model(template)
    model.compile(
        optimizer=optimizer, loss="sparse_categorical_crossentropy", metrics=["accuracy"], steps_per_execution=50
    )
    start = time.perf_counter()
    history = model.fit(
        x_train, y_train, epochs=EPOCHS, batch_size=batch_size, validation_split=VALIDATION_SPLIT, verbose=0
    )
    seconds = time.perf_counter() - start
    _, test_accuracy = model.evaluate(x_test, y_test, verbose=0)
    last = {key: values[-1] for key, values in history.history.items()}
    return {
        "train_accuracy": round(float(last["accuracy"]), 6),
        "val_accuracy": round(float(last["val_accuracy"]), 6),
        "val_loss": round(float(last["val_loss"]), 6) if math.isfinite(last["val_loss"]) else "nan",
        "test_accuracy": round(float(test_accuracy), 6),
        "fit_seconds": round(seconds, 2),
    }


@experiment("lr_grid")
def lr_grid(seeds: Sequence[int]) -> Rows:
    """Plain SGD, SGD with momentum 0.9 and Adam, each at six learning rates (half-decade steps), on the
    reference network with the same budget (5 epochs, batch 32). One row per optimizer, learning rate and
    seed: the last epoch's training and validation accuracy and validation loss, the test accuracy (for
    reporting the chosen rates only: each optimizer's rate is chosen on validation accuracy) and the fit
    time in seconds (on a machine shared with other jobs: rough)."""
    data = load_mnist()
    rows = []
    for seed in seeds:
        for name, rates in LEARNING_RATES.items():
            for learning_rate in rates:
                result = _train(seed, _optimizer(name, learning_rate), BATCH_SIZE, data)
                rows.append({"optimizer": name, "learning_rate": learning_rate, "seed": seed, **result})
                print(f"lr_grid: seed {seed}, {name}, lr {learning_rate:g}: {result}", flush=True)
    return rows


@experiment("batch_sizes")
def batch_sizes(seeds: Sequence[int]) -> Rows:
    """The reference recipe (Adam at its default learning rate 0.001, 5 epochs) at batch sizes 32, 128 and
    512: updates per epoch, the last epoch's validation accuracy, the test accuracy and the fit time in
    seconds (on a machine shared with other jobs: rough). The learning rate is not re-tuned per batch size."""
    data = load_mnist()
    n_train = round(len(data[0][0]) * (1 - VALIDATION_SPLIT))
    rows = []
    for seed in seeds:
        for batch_size in BATCH_SIZES:
            result = _train(seed, keras.optimizers.Adam(), batch_size, data)
            updates = math.ceil(n_train / batch_size)
            rows.append({"batch_size": batch_size, "updates_per_epoch": updates, "seed": seed, **result})
            print(f"batch_sizes: seed {seed}, batch {batch_size}: {result}", flush=True)
    return rows
