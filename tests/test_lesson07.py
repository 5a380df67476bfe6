"""Lesson 07's plumbing (helpers.lesson07): shifting, counting multiply-adds, tables, figures and the explorer."""

import json
from pathlib import Path

import matplotlib.pyplot as plt
import nbformat
import numpy as np
import pytest
from matplotlib.figure import Figure

from benchmarks.experiments import lesson07 as experiments
from helpers import lesson07 as lesson
from helpers.data import FASHION_CLASS_NAMES
from helpers.tf_quiet import keras


def dot_images() -> tuple[np.ndarray, np.ndarray]:
    """Ten raw-pixel 'digits': class k is a single ink pixel (255) at row and column 2 + 2k."""
    images = np.zeros((10, 28, 28), dtype=np.uint8)
    for k in range(10):
        images[k, 2 + 2 * k, 2 + 2 * k] = 255
    return images, np.arange(10)


def template_model(images: np.ndarray) -> keras.Sequential:
    """A 'trained' model on raw pixels that matches each image against the ten dot templates.

    In place each dot hits its own template; moved by any number of pixels,
    it hits none, every output ties and argmax answers 0, so only class 0
    stays right.
    """
    model = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Rescaling(1 / 255),
                              keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])  # fmt: skip
    model.layers[-1].set_weights([images.reshape(10, 784).T / 255 * 10, np.zeros(10, dtype=np.float32)])
    return model


@pytest.fixture(scope="module")
def dots():
    images, labels = dot_images()
    return images, labels, template_model(images)


def curves(values_by_direction=None):
    return values_by_direction or {"right": [0.98, 0.9, 0.5], "left": [0.98, 0.92, 0.6]}


# --- shift_images ---------------------------------------------------------------------------------


def test_shift_moves_ink_right_and_down():
    image = np.zeros((28, 28), dtype=np.float32)
    image[10, 12] = 1.0
    moved = lesson.shift_images(image, dx=3, dy=-2)
    assert moved.shape == (1, 28, 28) and moved.dtype == np.float32
    assert moved[0, 8, 15] == 1.0 and moved.sum() == 1.0


def test_shift_fills_with_zeros_keeps_the_dtype_and_never_wraps_around():
    images = np.ones((2, 28, 28), dtype=np.uint8)
    moved = lesson.shift_images(images, dx=2)
    assert moved.dtype == np.uint8
    assert (moved[:, :, :2] == 0).all() and (moved[:, :, 2:] == 1).all()
    edge = np.zeros((1, 28, 28))
    edge[0, 5, 27] = 1.0
    assert lesson.shift_images(edge, dx=1).sum() == 0  # pushed off the right edge, not onto the left one
    assert lesson.shift_images(edge, dy=-6).sum() == 0


def test_shift_by_zero_is_an_unchanged_copy_and_the_input_is_left_alone():
    images, _ = dot_images()
    before = images.copy()
    assert np.array_equal(lesson.shift_images(images), images)
    assert lesson.shift_images(images) is not images
    lesson.shift_images(images, dx=-4, dy=4)
    assert np.array_equal(images, before)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"dx": 1.5}, TypeError, "whole number"),
        ({"dy": True}, TypeError, "whole number"),
        ({"dx": 28}, ValueError, "off the 28-pixel image"),
        ({"dy": -30}, ValueError, "off the 28-pixel image"),
    ],
)
def test_shift_rejects_impossible_shifts(kwargs, error, message):
    with pytest.raises(error, match=message):
        lesson.shift_images(np.zeros((1, 28, 28)), **kwargs)


def test_shift_rejects_wrong_shapes_empty_batches_and_nans():
    with pytest.raises(ValueError, match="shape"):
        lesson.shift_images(np.zeros((2, 27, 28)))
    with pytest.raises(ValueError, match="empty"):
        lesson.shift_images(np.zeros((0, 28, 28)))
    with pytest.raises(ValueError, match="NaN"):
        lesson.shift_images(np.full((1, 28, 28), np.nan))


# --- multiply_adds -----------------------------------------------------------------------------------


def test_multiply_adds_of_a_dense_network_is_one_per_weight(digit_model):
    assert lesson.multiply_adds(digit_model(128, 64)) == 784 * 128 + 128 * 64 + 64 * 10


def test_multiply_adds_of_a_convolution_counts_every_output_position():
    model = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Reshape((28, 28, 1)),
                              keras.layers.Conv2D(4, 3), keras.layers.MaxPooling2D(2),
                              keras.layers.Conv2D(6, 3, padding="same"), keras.layers.GlobalMaxPooling2D(),
                              keras.layers.Dense(10)])  # fmt: skip
    first = 26 * 26 * 4 * (3 * 3 * 1)
    second = 13 * 13 * 6 * (3 * 3 * 4)
    assert lesson.multiply_adds(model) == first + second + 6 * 10


def test_multiply_adds_refuses_what_it_cannot_count(digit_model):
    with pytest.raises(TypeError, match="Keras model"):
        lesson.multiply_adds("cnn")
    with pytest.raises(ValueError, match="no Dense or Conv2D"):
        lesson.multiply_adds(keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten()]))
    normalised = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(),
                                   keras.layers.BatchNormalization(), keras.layers.Dense(10)])  # fmt: skip
    with pytest.raises(ValueError, match="counts only Dense and Conv2D"):
        lesson.multiply_adds(normalised)


# --- accuracy against the shift: tables and figures ------------------------------------------------------


def test_plot_shift_curves_draws_each_models_mean_and_range():
    fig = lesson.plot_shift_curves({"DNN": curves(), "CNN": {"right": [0.99, 0.95, 0.9], "left": [0.99, 0.97, 0.8]}})
    ax = fig.axes[0]
    assert [line.get_label() for line in ax.lines] == ["DNN", "CNN"]
    np.testing.assert_allclose(ax.lines[0].get_ydata(), [98, 91, 55])
    assert len(ax.collections) == 2  # one shaded range per model
    assert list(ax.get_xticks()) == [0, 1, 2]


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({}, "model name"),
        ({"DNN": {}}, "direction"),
        ({"DNN": {"right": [0.9, 0.5], "left": [0.9]}}, "same number"),
        ({"DNN": {"right": [97.0, 50.0]}}, "0.97, not 97"),
        ({"DNN": curves(), "CNN": {"right": [0.9, 0.8]}}, "same shifts"),
    ],
)
def test_shift_curves_must_be_fractions_per_direction(bad, message):
    with pytest.raises(ValueError, match=message):
        lesson.plot_shift_curves(bad)


def test_print_shift_table_reports_each_shift_and_the_worst_direction(capsys, monkeypatch, tmp_path):
    record = tmp_path / "record.jsonl"
    monkeypatch.setenv("DNN_DIGITS_RECORD", str(record))
    lesson.print_shift_table({"DNN": curves()})
    printed = capsys.readouterr().out
    lines = {line.strip().split("  ")[0]: line for line in printed.splitlines()}
    assert "98.0 %" in lines["0 px"] and "55.0 %" in lines["2 px"] and "50.0 %" in lines["worst direction, 2 px"]
    measures = [json.loads(line)["measure"] for line in record.read_text().splitlines()]
    assert measures == ["DNN, 0 px", "DNN, 1 px", "DNN, 2 px", "DNN, 2 px, worst direction"]


def study_rows(columns: dict[str, float], models=("DNN", "CNN"), seeds=(0, 1)) -> list[dict[str, str]]:
    rows = []
    for epochs in ("1", "5"):
        for model in models:
            for seed in seeds:
                values = {key: str(value + 0.01 * seed) for key, value in columns.items()}
                rows.append({"model": model, "epochs": epochs, "seed": str(seed), "probe_images": "2000", **values})
    return rows


def test_print_shift_study_gives_mean_and_sd_per_model_and_budget(capsys, monkeypatch):
    columns = {"accuracy_0px": 0.9, "accuracy_2px": 0.8, "accuracy_4px": 0.5, "worst_4px": 0.4}
    monkeypatch.setattr(lesson.study, "read_table", lambda name: study_rows(columns))
    lesson.print_shift_study()
    printed = capsys.readouterr().out
    assert "mean ± sd over 2 seeds" in printed and "first 2,000 test digits" in printed
    body = printed.splitlines()[3:]
    assert [line.split()[0] for line in body] == ["DNN", "CNN", "DNN", "CNN"]
    assert "1 epoch " in body[0] and "5 epochs" in body[2]
    assert "90.5 ± 0.7" in body[0] and "40.5 ± 0.7" in body[0]


def test_print_fashion_study_names_its_classes_and_each_models_hardest(capsys, monkeypatch):
    columns = {"test_accuracy": 0.85, **{name: 0.5 for name in FASHION_CLASS_NAMES}, "Shirt": 0.3}
    monkeypatch.setattr(lesson.study, "read_table", lambda name: study_rows(columns))
    lesson.print_fashion_study(("Shirt",))
    printed = capsys.readouterr().out
    assert "mean ± sd over 2 seeds" in printed and "all classes" in printed and "hardest class" in printed
    body = printed.splitlines()[3:]
    assert len(body) == 4 and all("85.5 ± 0.7" in line and line.endswith("Shirt") for line in body)
    assert "30.5 ± 0.7" in body[0]


@pytest.mark.parametrize(
    ("classes", "error", "message"),
    [(("Jacket",), ValueError, "unknown classes"), ("Shirt", TypeError, "list of names")],
)
def test_print_fashion_study_rejects_unknown_classes(monkeypatch, classes, error, message):
    monkeypatch.setattr(lesson.study, "read_table", lambda name: study_rows({"test_accuracy": 0.85}))
    with pytest.raises(error, match=message):
        lesson.print_fashion_study(classes)


# --- single digits and the explorer -------------------------------------------------------------------------


def test_plot_shift_strip_titles_each_position(dots):
    images, labels, _ = dots
    strip = np.concatenate([lesson.shift_images(images[3], dx=k) for k in range(3)])
    fig = lesson.plot_shift_strip(strip, 3, [3, 3, 5])
    assert [ax.get_title() for ax in fig.axes] == ["3 → 3", "3 → 3", "3 → 5"]
    assert [ax.get_xlabel() for ax in fig.axes] == ["0 px", "1 px", "2 px"]
    assert fig.axes[2].title.get_color() != fig.axes[0].title.get_color()  # the misreading is red


def test_plot_shift_strip_checks_its_arguments(dots):
    images, _, _ = dots
    with pytest.raises(ValueError, match="readings has 2 entries but there are 3 images"):
        lesson.plot_shift_strip(images[:3], 0, [0, 0])
    with pytest.raises(ValueError, match="0-9"):
        lesson.plot_shift_strip(images[:1], 12, [0])


def test_plot_shifted_readings_is_pure_and_counts_right_readings(dots):
    images, labels, model = dots
    before = plt.get_fignums()
    fig = lesson.plot_shifted_readings({"dots": model}, images[:4], labels[:4], dx=0, dy=0)
    assert isinstance(fig, Figure) and plt.get_fignums() == before
    assert "read correctly: dots 4/4" in fig._suptitle.get_text()
    moved = lesson.plot_shifted_readings({"dots": model}, images[:4], labels[:4], dx=1, dy=0)
    assert "dots 1/4" in moved._suptitle.get_text()  # only the 0 survives a move
    both = lesson.plot_shifted_readings({"dots": model, "again": model}, images[:2], labels[:2])
    assert "under each digit: dots · again" in both._suptitle.get_text()
    assert [ax.get_xlabel() for ax in both.axes] == ["0 · 0", "1 · 1"]
    with pytest.raises(ValueError, match="as a dict"):
        lesson.plot_shifted_readings([model], images[:4], labels[:4])


def test_shift_explorer_redraws_when_a_slider_moves(dots, monkeypatch):
    images, labels, model = dots
    seen = []
    view = lesson.plot_shifted_readings

    def spy(*args, **kwargs):
        fig = view(*args, **kwargs)
        seen.append(fig._suptitle.get_text())
        return fig

    monkeypatch.setattr(lesson, "plot_shifted_readings", spy)
    explorer = lesson.shift_explorer({"dots": model}, images[:4], labels[:4])
    dx_slider, dy_slider = explorer.children[0].children
    assert (dx_slider.min, dx_slider.max, dx_slider.value) == (-4, 4, 0)
    first_picture = explorer.children[1].value
    dy_slider.value = -2
    assert seen[-1].startswith("moved dx=0, dy=-2") and "dots 1/4" in seen[-1]
    assert explorer.children[1].value != first_picture


def test_shift_explorer_checks_the_models(dots):
    images, labels, _ = dots
    with pytest.raises(TypeError, match="Keras model"):
        lesson.shift_explorer({"dots": None}, images, labels)
    flat = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(10)])
    with pytest.raises(ValueError, match=r"shape \(28, 28\)"):
        lesson.shift_explorer({"flat": flat}, images, labels)


# --- Fashion-MNIST, class by class ----------------------------------------------------------------------------


def test_plot_fashion_study_sorts_the_classes_and_draws_each_models_range(monkeypatch):
    columns = {"test_accuracy": 0.85, **{name: 0.9 for name in FASHION_CLASS_NAMES}, "Shirt": 0.4}
    monkeypatch.setattr(lesson.study, "read_table", lambda name: study_rows(columns))
    fig = lesson.plot_fashion_study(epochs=5)
    ax = fig.axes[0]
    assert [tick.get_text() for tick in ax.get_xticklabels()][0] == "Shirt"
    assert len(ax.patches) == 20 and len(ax.collections) == 2  # ten bars and one set of range lines per model
    assert "after 5 epochs" in ax.get_title() and "2 seeds" in ax.get_title()
    with pytest.raises(ValueError, match=r"trained for \[1, 5\] epochs"):
        lesson.plot_fashion_study(epochs=3)


# --- the study runs the lesson's models ---------------------------------------------------------------------------

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "07_whats_next.ipynb"


def layer_configs(model: keras.Model) -> list[dict]:
    return [layer.get_config() | {"name": ""} for layer in model.layers]


def test_the_study_trains_the_lessons_cnn_on_the_lessons_probe(capsys):
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    cells = [c.source for c in notebook.cells if c.cell_type == "code"]
    [cnn_cell] = [s for s in cells if "cnn = keras.Sequential(" in s]
    [solution] = [
        c.source
        for c in notebook.cells
        if "solution" in c.metadata.get("tags", []) and "def build_small_cnn" in c.source
    ]
    namespace = {"keras": keras, "SEED": 0}
    exec(cnn_cell, namespace)  # noqa: S102  (the notebook's own cells)
    exec(solution, namespace)  # noqa: S102
    capsys.readouterr()  # the cell's summary
    assert layer_configs(namespace["cnn"]) == layer_configs(experiments.cnn())
    assert layer_configs(namespace["build_small_cnn"]()) == layer_configs(experiments.classic_cnn())
    assert any(f"x_test[:{experiments.PROBE_IMAGES}]" in s for s in cells)
