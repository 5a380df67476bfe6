"""Text output: percentages, timings, tables, and measured numbers printed with their seed spread.

Two kinds of numbers reach a learner:

* numbers that are the same on every machine (shapes, parameter counts,
  data statistics), printed as they are;
* numbers that come from training. They vary with the seed and, in the last
  digit, with the machine. A lesson reports them through `measured`, which
  prints the number next to its spread over the seed study's seeds:
  "97.6 % in this run; 97.3 ± 0.3 % over 5 seeds".

Timings are always written as ``12.3 s`` (`format_seconds`); the nbval
sanitize file masks exactly that pattern.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from helpers import study


def format_seconds(seconds: float) -> str:
    """A duration as '12.3 s' (the form the nbval sanitize file masks)."""
    return f"{seconds:.1f} s"


def format_percent(fraction: float, decimals: int = 1) -> str:
    """0.9781 -> '97.8 %'."""
    return f"{100 * fraction:.{decimals}f} %"


def format_value(value: float, unit: str = "%", decimals: int | None = None) -> str:
    """A number in the unit it is reported in: a fraction as '97.8 %', anything else with `decimals` digits."""
    if unit == "%":
        return format_percent(value, 1 if decimals is None else decimals)
    text = f"{value:,.{2 if decimals is None else decimals}f}"
    return f"{text} {unit}" if unit else text


@dataclass(frozen=True)
class Measured:
    """A number that came from training, with the seed study's spread for the same measure."""

    lesson: str
    measure: str
    value: float
    unit: str
    decimals: int
    spread: study.Spread | None

    @property
    def value_text(self) -> str:
        """This run's number, e.g. '97.6 %'."""
        return format_value(self.value, self.unit, self.decimals)

    @property
    def spread_text(self) -> str:
        """The study's mean ± standard deviation, e.g. '97.3 ± 0.3 % over 5 seeds'."""
        if self.spread is None:
            return "not in the seed study yet"
        scale = 100 if self.unit == "%" else 1
        # a count (no decimals) that varies by less than 1 gets one decimal, so "1.8 ± 0.8", not "2 ± 1"
        places = 1 if self.decimals == 0 and 0 < self.spread.sd < 1 else self.decimals
        mean, sd = f"{scale * self.spread.mean:,.{places}f}", f"{scale * self.spread.sd:.{places}f}"
        unit = f" {self.unit}" if self.unit else ""
        return f"{mean} ± {sd}{unit} over {self.spread.seeds} seeds"

    def __str__(self) -> str:
        return f"{self.value_text} in this run; {self.spread_text}"


def measured(lesson: str, measure: str, value: float, unit: str = "%", decimals: int | None = None) -> Measured:
    """A training result of `lesson` named `measure`, paired with its spread from the seed study.

    `unit` "%" means `value` is a fraction shown as a percentage with one
    decimal; any other unit (or "" for none) is shown with `decimals` digits.
    The seed study collects every measured number through this function.
    """
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{measure}: the measured value is {value}; did training diverge?")
    decimals = (1 if unit == "%" else 2) if decimals is None else decimals
    study.record(lesson, measure, value, unit, decimals)
    return Measured(lesson, measure, value, unit, decimals, study.spread(lesson, measure))


def print_measured(lesson: str, measure: str, value: float, unit: str = "%", decimals: int | None = None) -> None:
    """Print 'MEASURE: 97.6 % in this run; 97.3 ± 0.3 % over 5 seeds'."""
    print(f"{measure}: {measured(lesson, measure, value, unit, decimals)}")


def format_table(rows: Sequence[Sequence], headers: Sequence[str]) -> str:
    """A plain-text table with aligned columns (numbers right, text left)."""
    for row in rows:
        if len(row) != len(headers):
            raise ValueError(f"row {row!r} has {len(row)} cells, expected {len(headers)}")
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    numeric = [all(_looks_numeric(r[i]) for r in cells[1:]) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        return "  ".join(
            c.rjust(w) if num else c.ljust(w) for c, w, num in zip(row, widths, numeric, strict=True)
        ).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(cells[0]), rule, *(line(r) for r in cells[1:])])


def print_table(rows: Sequence[Sequence], headers: Sequence[str]) -> None:
    """Print `format_table(rows, headers)`."""
    print(format_table(rows, headers))


def _looks_numeric(text: str) -> bool:
    stripped = text.replace("%", "").replace(",", "").replace(" s", "").replace("±", "").strip()
    try:
        float(stripped.split()[0] if stripped else "")
    except ValueError:
        return False
    return True
