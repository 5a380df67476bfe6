"""One way to make an explorer: a pure "view" function plus controls becomes a widget.

A view takes the controls' values as keyword arguments and returns a
Matplotlib figure; it never trains anything. `explorer` shows the view's
figure as a PNG and redraws it whenever a control changes. Because the
callback is a pure function, the tests call views directly, and they drive
an explorer without a browser by setting a control's value.
"""

from collections.abc import Callable, Sequence

import ipywidgets as widgets
import matplotlib.pyplot as plt

from helpers.plots import figure_png


def slider(description: str, low: int, high: int, value: int | None = None) -> widgets.IntSlider:
    """A whole-number slider from `low` to `high` that redraws when released."""
    if high < low:
        raise ValueError(f"the slider's range is empty: {low} to {high}")
    return widgets.IntSlider(
        value=low if value is None else value,
        min=low,
        max=high,
        description=description,
        continuous_update=False,
        style={"description_width": "initial"},
        layout=widgets.Layout(width="420px"),
    )


def choice(description: str, options: Sequence, value=None) -> widgets.SelectionSlider:
    """A slider over a list of options (numbers or names) that redraws when released."""
    options = list(options)
    if not options:
        raise ValueError("choice needs at least one option")
    return widgets.SelectionSlider(
        options=options,
        value=options[0] if value is None else value,
        description=description,
        continuous_update=False,
        style={"description_width": "initial"},
        layout=widgets.Layout(width="420px"),
    )


def explorer(view: Callable[..., plt.Figure], **controls: widgets.ValueWidget) -> widgets.VBox:
    """A widget: the `controls` on top, `view(**their values)` drawn below, redrawn on every change."""
    if not controls:
        raise ValueError("an explorer needs at least one control, e.g. slider('unit', 0, 127)")
    picture = widgets.Image(format="png")

    def redraw(_change=None) -> None:
        fig = view(**{name: control.value for name, control in controls.items()})
        picture.value = figure_png(fig)
        plt.close(fig)

    for control in controls.values():
        control.observe(redraw, names="value")
    redraw()
    return widgets.VBox([widgets.HBox(list(controls.values())), picture])
