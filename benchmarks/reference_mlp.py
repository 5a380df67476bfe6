"""The plain script a learner would write for the reference model, timed.

No helpers beyond loading the data: Keras MLP 784-128-64-10, Adam, 5 epochs,
`validation_split=0.1`, batch 32. Prints one JSON line with the fit time,
the test accuracy and the peak resident memory, for `python -m benchmarks`.
"""

import json
import resource
import time

from helpers.data import load_mnist
from helpers.tf_quiet import keras  # the plain `import keras`, minus TensorFlow's C++ start-up lines

(x_train, y_train), (x_test, y_test) = load_mnist()
x_train, x_test = x_train / 255.0, x_test / 255.0

keras.utils.set_random_seed(0)
model = keras.Sequential([
    keras.Input(shape=(28, 28)),
    keras.layers.Flatten(),
    keras.layers.Dense(128, activation="relu"),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(10, activation="softmax"),
])  # fmt: skip
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])

start = time.perf_counter()
model.fit(x_train, y_train, epochs=5, batch_size=32, validation_split=0.1, verbose=0)
fit_seconds = time.perf_counter() - start
_, test_accuracy = model.evaluate(x_test, y_test, verbose=0)

print(json.dumps({
    "fit_seconds": fit_seconds,
    "test_accuracy": test_accuracy,
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1000**2,
}))  # fmt: skip
