"""The numbers in a cell's text output, and the text around them: what portable nbval compares.

Training results differ a little from machine to machine. To compare them
with a tolerance instead of byte for byte, a cell's text output is split
into its *skeleton* (the text with every number replaced by ``#`` and runs
of spaces folded, so column widths do not matter) and its list of numbers.
The seed study and the nbval plugin both use these functions, so they see
the same numbers in the same order.

The spread a lesson quotes from the seed study ("97.3 ± 0.3 % over 5
seeds") is not a result of this run: it is read from the committed study.
It is taken out of the skeleton and the numbers as one token, ``<spread>``,
and compared on its own, exactly (`spreads`).
"""

import re
from collections.abc import Iterable, Sequence

# 1,234.5 | 97.6 | -0.25 | 3e-05 ; not the digits inside names like "hidden_1" or "0x<address>"
NUMBER = re.compile(r"(?<![\w.])-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:e[-+]?\d+)?(?![\w])")
WHITESPACE = re.compile(r"[ \t]+")
SPREAD = re.compile(
    r"-?[\d,]+(?:\.\d+)? ± [\d,]+(?:\.\d+)?(?: %| [^\s\d;,)]+)? over \d+ seeds|not in the seed study yet"
)
SPREAD_TOKEN = "<spread>"


def sanitized(text: str, patterns: Iterable[tuple[str, str]]) -> str:
    """`text` after nbval's sanitize patterns (timings and memory addresses masked)."""
    for regex, replacement in patterns:
        text = re.sub(regex, replacement, text)
    return text


def output_text(outputs: Sequence[dict]) -> str:
    """The text a cell shows: its stdout and the plain-text form of its results, in order."""
    parts = []
    for output in outputs:
        if output.get("output_type") == "stream" and output.get("name") == "stdout":
            parts.append(output.get("text", ""))
        elif "data" in output:
            plain = output["data"].get("text/plain", "")
            parts.append(plain if isinstance(plain, str) else "".join(plain))
    return "".join(parts)


def spreads(text: str) -> list[str]:
    """The seed-study spreads `text` quotes, e.g. ['97.3 ± 0.3 % over 5 seeds'], in order."""
    return SPREAD.findall(text)


def _without_spreads(text: str) -> str:
    return SPREAD.sub(SPREAD_TOKEN, text)


def numbers(text: str) -> list[float]:
    """Every number in `text` outside the quoted spreads, in order."""
    return [float(match.replace(",", "")) for match in NUMBER.findall(_without_spreads(text))]


def decimals(text: str) -> list[int]:
    """The printed precision of each number of `text`: 2 for 0.25, 3 for 1.7e-02 (its last digit is 0.001)."""
    return [_places(match) for match in NUMBER.findall(_without_spreads(text))]


def _places(number: str) -> int:
    mantissa, _, exponent = number.partition("e")
    fraction = len(mantissa.split(".")[1]) if "." in mantissa else 0
    return fraction - int(exponent or 0)


def skeleton(text: str) -> str:
    """`text` with each number replaced by '#', each quoted spread by '<spread>', runs of spaces folded."""
    masked = NUMBER.sub("#", _without_spreads(text))
    return "\n".join(WHITESPACE.sub(" ", line).rstrip() for line in masked.splitlines())
