"""One figure style for the whole series.

Colours come from the Okabe-Ito palette, which stays distinguishable for the
common forms of colour blindness. Sequential data uses "viridis", signed data
(weights) the diverging "RdBu_r" centred at zero.
"""

import matplotlib as mpl

OKABE_ITO = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
)
SEQUENTIAL_CMAP = "viridis"
DIVERGING_CMAP = "RdBu_r"
DIGIT_CMAP = "gray_r"
RIGHT_COLOUR = OKABE_ITO[2]  # bluish green: a right answer, the true digit
WRONG_COLOUR = OKABE_ITO[3]  # vermillion: a wrong answer, a warning sign

RC_PARAMS = {
    "figure.figsize": (6.4, 4.0),
    "figure.dpi": 100,
    "savefig.dpi": 120,
    "savefig.bbox": "tight",
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "legend.frameon": False,
    "image.cmap": SEQUENTIAL_CMAP,
    "axes.prop_cycle": mpl.cycler(color=OKABE_ITO),
}


def apply_style() -> None:
    """Set Matplotlib's defaults to the series' style."""
    mpl.rcParams.update(RC_PARAMS)


def digit_colour(digit: int) -> str:
    """A stable colour for each class 0-9 (10 distinguishable colours)."""
    return mpl.colormaps["tab10"](int(digit) % 10)
