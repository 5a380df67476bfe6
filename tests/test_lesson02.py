"""Lesson 02's pictures of MNIST, its class browser and its result tables, on small synthetic data."""

import csv

import numpy as np
import pytest

from helpers import lesson02 as lesson
from helpers import study


def fake_digits(per_class: int = 3, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """`per_class` images of each digit; every pixel of digit d's images is 10 * d."""
    labels = np.repeat(np.arange(10), per_class)
    images = np.repeat((10 * labels).astype(np.uint8)[:, None, None], 28, axis=1).repeat(28, axis=2)
    order = np.random.default_rng(seed).permutation(len(labels))
    return images[order], labels[order]


def test_class_counts_and_balance_figure():
    images, labels = fake_digits(per_class=2)
    np.testing.assert_array_equal(lesson.class_counts(labels), np.full(10, 2))
    fig = lesson.plot_class_balance(labels, labels[:10])
    assert [ax.get_title() for ax in fig.axes] == ["training set: 20 images", "test set: 10 images"]
    assert [bar.get_height() for bar in fig.axes[0].patches] == [2] * 10
    with pytest.raises(ValueError, match="0-9"):
        lesson.class_counts([3, 11])
    with pytest.raises(ValueError, match="labels is empty"):
        lesson.class_counts(np.array([], dtype=int))


def test_pixel_counts_match_a_direct_count_whatever_the_chunk():
    rng = np.random.default_rng(1)
    images = rng.integers(0, 256, size=(7, 28, 28), dtype=np.uint8)
    expected = np.bincount(images.reshape(-1), minlength=256)
    np.testing.assert_array_equal(lesson.pixel_value_counts(images, chunk=3), expected)
    np.testing.assert_array_equal(lesson.pixel_value_counts(images), expected)
    with pytest.raises(TypeError, match="raw uint8"):
        lesson.pixel_value_counts(images.astype(np.float32) / 255)
    with pytest.raises(ValueError, match="chunk must be at least 1"):
        lesson.pixel_value_counts(images, chunk=0)


def test_pixel_histogram_reports_the_share_of_blank_pixels_and_marks_values():
    images = np.zeros((4, 28, 28), np.uint8)
    images[0] = 128  # one of four images at 128: 75 % of pixels are 0
    fig = lesson.plot_pixel_histogram(images, marked=[128])
    ax = fig.axes[0]
    assert ax.get_title() == "3,136 pixels: 75.0 % are exactly 0"
    assert [text.get_text() for text in ax.texts] == ["128"]
    with pytest.raises(ValueError, match="pixel values 0-255"):
        lesson.plot_pixel_histogram(images, marked=[300])


def test_mean_images_are_drawn_one_per_digit():
    images, labels = fake_digits()
    means = np.stack([images[labels == digit].mean(axis=0) for digit in range(10)])
    fig = lesson.plot_mean_images(means)
    assert [ax.get_title() for ax in fig.axes] == [str(d) for d in range(10)]
    with pytest.raises(ValueError, match="expected 10 mean images"):
        lesson.plot_mean_images(means[:9])


def test_examples_by_class_has_one_row_per_digit():
    images, labels = fake_digits(per_class=3)
    fig = lesson.plot_examples_by_class(images, labels, per_class=2)
    [ax] = fig.axes
    mosaic = np.asarray(ax.images[0].get_array())
    assert mosaic.shape == (10 * 30, 2 * 30)
    assert mosaic[7 * 30, 0] == 70 and mosaic[7 * 30, 30] == 70 and mosaic[7 * 30 + 29, 0] == 0  # row 7: two 7s
    assert [t.get_text() for t in ax.get_yticklabels()] == [str(d) for d in range(10)]
    with pytest.raises(ValueError, match="per_class must be at least 1"):
        lesson.plot_examples_by_class(images, labels, per_class=0)


def test_class_page_shows_only_the_chosen_digit_page_by_page():
    images, labels = fake_digits(per_class=25)
    fig = lesson.plot_class_page(images, labels, digit=3, page=1, per_page=20)
    shown = [int(ax.get_title()[1:]) for ax in fig.axes if ax.get_title()]
    assert shown == list(np.flatnonzero(labels == 3)[20:25])
    assert "images 21-25 of 25 (page 2 of 2)" in fig._suptitle.get_text()
    with pytest.raises(ValueError, match="page 2 is past the end"):
        lesson.plot_class_page(images, labels, digit=3, page=2, per_page=20)
    with pytest.raises(ValueError, match="0-9"):
        lesson.plot_class_page(images, labels, digit=12)
    with pytest.raises(ValueError, match="page must be >= 0"):
        lesson.plot_class_page(images, labels, digit=3, page=-1)


def test_class_explorer_redraws_when_a_slider_moves():
    images, labels = fake_digits(per_class=12)
    browser = lesson.class_explorer(images, labels, per_page=5)
    digit, page = browser.children[0].children
    picture = browser.children[1]
    assert (digit.min, digit.max, page.max) == (0, 9, 2)
    first = picture.value
    digit.value = 6
    assert picture.value != first
    with pytest.raises(ValueError, match="every digit needs at least one image"):
        lesson.class_explorer(images[labels != 4], labels[labels != 4])


def test_results_table_shows_this_run_next_to_the_study(capsys):
    lesson.print_results([["scaled", lesson.measured("a measure no study has", 0.951), "plain"]], ["a", "b", "c"])
    printed = capsys.readouterr().out
    assert "95.1 % (not in the seed study yet)" in printed and "plain" in printed


@pytest.fixture
def learning_rate_study(tmp_path, monkeypatch):
    """A small committed learning-rate study in a temporary results folder."""
    monkeypatch.setattr(study, "RESULTS_DIR", tmp_path)
    fields = ["pixels", "optimizer", "learning_rate", "seeds", "val_accuracy_epoch_1", "val_accuracy_epoch_5",
              "val_accuracy_epoch_5_sd", "val_accuracy_epoch_5_min", "val_accuracy_epoch_5_max"]  # fmt: skip
    rows = []
    for pixels, best in (("raw 0-255", 0.0001), ("scaled 0-1", 0.3)):
        for optimizer in ("SGD", "Adam"):
            for rate in (0.0001, 0.001, 0.3):
                accuracy = 0.9 if rate == best else 0.5
                rows.append([pixels, optimizer, rate, 5, accuracy, accuracy, 0.01, accuracy - 0.02, accuracy + 0.02])
    with (tmp_path / f"{lesson.LEARNING_RATE_STUDY}.csv").open("w", newline="") as file:
        csv.writer(file).writerows([fields, *rows])


def test_learning_rate_study_table_names_the_best_rate_and_the_used_one(learning_rate_study, capsys):
    lesson.print_learning_rate_study({"SGD": 0.3, "Adam": 0.001})
    lines = capsys.readouterr().out.splitlines()
    assert any(line.split()[:5] == ["raw", "0-255", "SGD", "0.0001", "best"] for line in lines)
    assert any(line.split()[:6] == ["raw", "0-255", "SGD", "0.3", "used", "above"] for line in lines)
    assert any("scaled 0-1  SGD" in line and "best, used above" in line for line in lines)
    assert "90.0 % ± 1.0 % over 5 seeds" in "\n".join(lines)


def test_learning_rate_study_figure_rings_the_used_rates(learning_rate_study):
    fig = lesson.plot_learning_rate_study(mark={"SGD": 0.3})
    sgd, adam = fig.axes
    assert sgd.get_xscale() == "log" and [t.get_text() for t in sgd.get_legend().get_texts()] == [
        "raw 0-255",
        "scaled 0-1",
    ]
    rings = [line for line in sgd.lines if line.get_markersize() == 12]
    assert len(rings) == 2 and not [line for line in adam.lines if line.get_markersize() == 12]


def test_learning_rate_study_missing_says_how_to_make_it(tmp_path, monkeypatch):
    monkeypatch.setattr(study, "RESULTS_DIR", tmp_path)
    with pytest.raises(FileNotFoundError, match="python -m benchmarks.seeds"):
        lesson.plot_learning_rate_study()
