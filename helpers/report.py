"""Small, stable text output: tables, percentages and timings.

Timings vary from machine to machine, so they are always written as
``12.3 s`` (see ``format_seconds``); the nbval sanitize file masks exactly
that pattern and nothing else.
"""

from collections.abc import Sequence


def format_seconds(seconds: float) -> str:
    """A duration as '12.3 s' (the form the nbval sanitize file masks)."""
    return f"{seconds:.1f} s"


def format_percent(fraction: float, decimals: int = 1) -> str:
    """0.9781 -> '97.8 %'."""
    return f"{100 * fraction:.{decimals}f} %"


def format_table(rows: Sequence[Sequence], headers: Sequence[str]) -> str:
    """A plain-text table with aligned columns (numbers right, text left)."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    for row in rows:
        if len(row) != len(headers):
            raise ValueError(f"row {row!r} has {len(row)} cells, expected {len(headers)}")
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
    stripped = text.replace("%", "").replace(",", "").replace(" s", "").strip()
    try:
        float(stripped)
    except ValueError:
        return False
    return True
