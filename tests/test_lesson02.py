"""Lesson 02's views of MNIST, tested on small synthetic images (never the real data)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers import lesson02 as views  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def fake_digits(per_class: int = 3, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """`per_class` images of each digit; digit d's images are all of value 10 * d with noise-free pixels."""
    labels = np.repeat(np.arange(10), per_class)
    images = np.repeat((10 * labels).astype(np.uint8)[:, None, None], 28, axis=1).repeat(28, axis=2)
    order = np.random.default_rng(seed).permutation(len(labels))
    return images[order], labels[order]


def test_class_counts_and_balance_figure():
    images, labels = fake_digits(per_class=2)
    np.testing.assert_array_equal(views.class_counts(labels), np.full(10, 2))
    fig = views.plot_class_balance(labels, labels[:10])
    assert [ax.get_title() for ax in fig.axes] == ["training set: 20 images", "test set: 10 images"]
    assert [bar.get_height() for bar in fig.axes[0].patches] == [2] * 10
    with pytest.raises(ValueError, match="0-9"):
        views.class_counts([3, 11])


def test_pixel_counts_match_a_direct_count_whatever_the_chunk():
    rng = np.random.default_rng(1)
    images = rng.integers(0, 256, size=(7, 28, 28), dtype=np.uint8)
    expected = np.bincount(images.reshape(-1), minlength=256)
    np.testing.assert_array_equal(views.pixel_value_counts(images, chunk=3), expected)
    np.testing.assert_array_equal(views.pixel_value_counts(images), expected)


def test_pixel_histogram_reports_the_share_of_blank_pixels():
    images = np.zeros((4, 28, 28), np.uint8)
    images[0] = 255  # one of four images fully inked: 75 % of pixels are 0
    fig = views.plot_pixel_histogram(images)
    assert fig.axes[0].get_title() == "3,136 pixels: 75.0 % are exactly 0"
    with pytest.raises(TypeError, match="raw uint8"):
        views.plot_pixel_histogram(images.astype(np.float32) / 255)


def test_mean_image_per_digit():
    images, labels = fake_digits()
    means = views.mean_image_per_digit(images, labels)
    assert means.shape == (10, 28, 28) and means.dtype == np.float32
    np.testing.assert_allclose(means[:, 0, 0], 10 * np.arange(10))
    with pytest.raises(ValueError, match=r"no image of digit\(s\) \[9\]"):
        views.mean_image_per_digit(images[labels != 9], labels[labels != 9])
    fig = views.plot_mean_images(means)
    assert [ax.get_title() for ax in fig.axes] == [str(d) for d in range(10)]
    with pytest.raises(ValueError, match="expected 10 mean images"):
        views.plot_mean_images(means[:9])


def test_normalization_comparison_overlays_runs_and_shows_test_accuracy():
    runs = {
        "raw": {"loss": [9.0, 3.0], "accuracy": [0.7, 0.8], "val_loss": [4.0, 2.0], "val_accuracy": [0.75, 0.8]},
        "scaled": {"loss": [0.5, 0.2], "accuracy": [0.9, 0.95]},
    }
    fig = views.plot_normalization_comparison(runs, {"raw": 0.81, "scaled": 0.94})
    loss_axis, accuracy_axis, test_axis = fig.axes
    assert [line.get_label() for line in loss_axis.lines] == ["raw: training", "raw: validation", "scaled: training"]
    assert loss_axis.get_yscale() == "log"
    assert [bar.get_height() for bar in test_axis.patches] == [0.81, 0.94]
    assert [t.get_text() for t in test_axis.texts] == ["81.0 %", "94.0 %"]


@pytest.mark.parametrize(
    ("histories", "accuracies", "message"),
    [
        ({}, {}, "non-empty dict"),
        ({"a": {"loss": [1.0], "accuracy": [0.5]}}, {"b": 0.5}, "same runs"),
        ({"a": {"loss": [1.0]}}, {"a": 0.5}, r"did not record \['accuracy'\]"),
    ],
)
def test_normalization_comparison_refuses_incomplete_runs(histories, accuracies, message):
    with pytest.raises(ValueError, match=message):
        views.plot_normalization_comparison(histories, accuracies)


def test_examples_by_class_has_one_row_per_digit():
    images, labels = fake_digits(per_class=3)
    fig = views.plot_examples_by_class(images, labels, per_class=2)
    assert len(fig.axes) == 20
    first_of_row_7 = fig.axes[7 * 2]
    assert first_of_row_7.images[0].get_array()[0, 0] == 70


def test_class_browser_figure_shows_only_the_chosen_digit_by_page():
    images, labels = fake_digits(per_class=25)
    fig = views.class_browser_figure(images, labels, digit=3, page=1, per_page=20)
    shown = [int(ax.get_title()[1:]) for ax in fig.axes if ax.get_title()]
    assert len(shown) == 5 and all(labels[i] == 3 for i in shown)
    assert shown == list(np.flatnonzero(labels == 3)[20:25])
    assert "images 21-25 of 25 (page 2 of 2)" in fig._suptitle.get_text()
    with pytest.raises(ValueError, match="page 2 is past the end"):
        views.class_browser_figure(images, labels, digit=3, page=2, per_page=20)
    with pytest.raises(ValueError, match="0-9"):
        views.class_browser_figure(images, labels, digit=12)


def test_class_browser_widget_follows_its_sliders():
    images, labels = fake_digits(per_class=25)
    browser = views.make_class_browser(images, labels, per_page=10)
    digit, page = browser.children[0], browser.children[1]
    assert type(digit).__name__ == "IntSlider" and (digit.min, digit.max) == (0, 9) and page.max == 2
    assert browser.result._suptitle.get_text().startswith("digit 0:")
    digit.value = 6
    page.value = 2
    assert browser.result._suptitle.get_text().startswith("digit 6: images 21-25")
