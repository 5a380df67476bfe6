"""Benchmark the series as a learner runs it: time, memory and result per notebook.

Usage (from the repository root, with MNIST available)::

    python -m benchmarks            # all notebooks, then the plain reference script
    python -m benchmarks 04 05      # only the notebooks whose number is given

Each notebook runs top to bottom in a fresh kernel, as *Restart & Run All*
would (the files are not modified). For each it records the wall time
(kernel start to last cell), the peak resident memory of the kernel process
(`ru_maxrss`, read by a probe cell appended in memory, in MB of 10^6 bytes) and its headline
result, read from the notebook's own printed output. Then it runs
`benchmarks/reference_mlp.py`, the plain Keras script for the reference
model, and compares its `fit` time with the same fit inside lesson 04.

Writes `benchmarks/results.md` and `benchmarks/results.csv` and replaces the
table between the benchmark markers in README.md.
"""

import argparse
import csv
import json
import os
import platform
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell

from tools.execute import lesson_notebooks

ROOT = Path(__file__).resolve().parents[1]
RESULTS_MD, RESULTS_CSV = ROOT / "benchmarks" / "results.md", ROOT / "benchmarks" / "results.csv"
README = ROOT / "README.md"
MARKERS = ("<!-- benchmark:start -->", "<!-- benchmark:end -->")
TARGET_SECONDS, TARGET_SERIES_SECONDS, TARGET_RSS_MB = 60, 300, 1000  # 1.0 GB

PEAK_RSS_PROBE = (
    "import resource as _r, sys as _s\n"
    "print('PEAK_RSS_BYTES', _r.getrusage(_r.RUSAGE_SELF).ru_maxrss * (1 if _s.platform == 'darwin' else 1024))"
)

# The headline of each notebook: a label and a pattern over its printed output.
HEADLINES = {
    "00": ("setup check", r"(training works)"),
    "01": ("spirals, two hidden layers", r"two hidden layers:\s*(\d+\.\d %)"),
    "02": ("test accuracy, scaled pixels", r"scaled pixels: test accuracy (\d+\.\d %)"),
    "03": ("parameters counted by hand", r"by hand (109,386)"),
    "04": ("reference model, test accuracy", r"test accuracy (\d+\.\d %), test loss"),
    "05": ("nearest-class-mean accuracy on the 64-unit layer", r"64-unit layer\s+(\d+\.\d %)"),
    "06": ("regularized DNN, test accuracy", r"test accuracy: (\d+\.\d+ %)"),
    "07": ("small CNN, test accuracy", r"test accuracy: CNN (\d+\.\d %)"),
}


@dataclass
class Result:
    """One notebook's run."""

    name: str
    seconds: float
    peak_rss_mb: float
    headline: str
    fit_seconds: float | None = None


def text_outputs(notebook: nbformat.NotebookNode) -> str:
    """Everything the notebook printed, as one string."""
    parts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            parts.append(output.get("text", "") + str(output.get("data", {}).get("text/plain", "")))
    return "\n".join(parts)


def cell_seconds(cell: nbformat.NotebookNode) -> float:
    """How long a cell ran, from the timing metadata nbclient records."""
    timing = cell.metadata.get("execution", {})
    start, end = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
    if not (start and end):
        return float("nan")
    parse = lambda stamp: datetime.fromisoformat(stamp.replace("Z", "+00:00"))  # noqa: E731
    return (parse(end) - parse(start)).total_seconds()


def run_notebook(path: Path) -> Result:
    """Execute `path` in a fresh kernel (in memory) and measure it."""
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.append(new_code_cell(PEAK_RSS_PROBE))
    client = NotebookClient(
        notebook, timeout=1200, kernel_name="python3", record_timing=True,
        resources={"metadata": {"path": str(path.parent)}},
    )  # fmt: skip
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    printed = text_outputs(notebook)
    peak = int(re.search(r"PEAK_RSS_BYTES (\d+)", printed).group(1)) / 1000**2
    label, pattern = HEADLINES.get(path.name[:2], ("", r"$^"))
    match = re.search(pattern, printed)
    headline = f"{label}: {match.group(1)}" if match else f"{label}: not found"
    fits = [cell_seconds(c) for c in notebook.cells if c.cell_type == "code" and "epochs=5" in c.source]
    return Result(path.stem, seconds, peak, headline, fits[0] if fits else None)


def run_reference_script() -> dict:
    """Run benchmarks/reference_mlp.py in a fresh interpreter; return its JSON line."""
    output = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "reference_mlp.py")],
        capture_output=True, text=True, check=True, cwd=ROOT,
    ).stdout  # fmt: skip
    return json.loads(output.strip().splitlines()[-1])


def machine() -> str:
    """One line describing this machine and the library versions."""
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = re.findall(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        cpu = names[0].strip() if names else cpu
    from helpers.tf_quiet import keras, tf

    return (
        f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, TensorFlow {tf.__version__}, Keras {keras.__version__}"
    )


def verdict(ok: bool) -> str:
    return "✅" if ok else "❌ over target"


def markdown(results: list[Result], reference: dict, when: str) -> str:
    """The results as the Markdown block that goes into README.md."""
    total = sum(r.seconds for r in results)
    lines = [
        f"Measured {when} on {machine()}. Targets: each notebook ≤ {TARGET_SECONDS} s and ≤ 1.0 GB peak "
        f"memory (RSS of the kernel), the whole series ≤ {TARGET_SERIES_SECONDS // 60} min.",
        "",
        "| notebook | wall time | peak RSS | result |",
        "|---|---:|---:|---|",
    ]
    for r in results:
        lines.append(
            f"| {r.name} | {r.seconds:.1f} s {verdict(r.seconds <= TARGET_SECONDS)} "
            f"| {r.peak_rss_mb:.0f} MB {verdict(r.peak_rss_mb <= TARGET_RSS_MB)} | {r.headline} |"
        )
    lines.append(f"| **whole series** | **{total:.0f} s** {verdict(total <= TARGET_SERIES_SECONDS)} | | |")
    lines += [
        "",
        f"Plain reference script (`benchmarks/reference_mlp.py`, float64 inputs as a learner would write it): "
        f"`fit` {reference['fit_seconds']:.1f} s, test accuracy {100 * reference['test_accuracy']:.1f} %, "
        f"peak RSS {reference['peak_rss_mb']:.0f} MB.",
    ]
    fit_04 = next((r.fit_seconds for r in results if r.name.startswith("04") and r.fit_seconds), None)
    if fit_04:
        lines.append(
            f"The same fit inside lesson 04: {fit_04:.1f} s, "
            f"{fit_04 / reference['fit_seconds']:.2f} × the plain script's time."
        )
    return "\n".join(lines)


def write_outputs(results: list[Result], reference: dict, block: str) -> None:
    RESULTS_MD.write_text(f"# Benchmark\n\n{block}\n")
    with RESULTS_CSV.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["notebook", "wall_seconds", "peak_rss_mb", "headline", "fit_seconds"])
        for r in results:
            fit = "" if r.fit_seconds is None else f"{r.fit_seconds:.2f}"
            writer.writerow([r.name, f"{r.seconds:.2f}", f"{r.peak_rss_mb:.0f}", r.headline, fit])
        writer.writerow(
            [
                "reference_mlp.py",
                "",
                f"{reference['peak_rss_mb']:.0f}",
                f"test accuracy: {100 * reference['test_accuracy']:.1f} %",
                f"{reference['fit_seconds']:.2f}",
            ]
        )
    readme = README.read_text()
    start, end = readme.index(MARKERS[0]) + len(MARKERS[0]), readme.index(MARKERS[1])
    README.write_text(f"{readme[:start]}\n{block}\n{readme[end:]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("numbers", nargs="*", help="notebook numbers to run (default: all)")
    args = parser.parse_args(argv)
    paths = [p for p in lesson_notebooks() if not args.numbers or p.name[:2] in args.numbers]
    results = []
    for path in paths:
        result = run_notebook(path)
        print(f"{result.name}: {result.seconds:.1f} s, {result.peak_rss_mb:.0f} MB, {result.headline}", flush=True)
        results.append(result)
    reference = run_reference_script()
    print(f"reference script: fit {reference['fit_seconds']:.1f} s, {reference['peak_rss_mb']:.0f} MB", flush=True)
    block = markdown(results, reference, datetime.now(UTC).strftime("%Y-%m-%d"))
    if args.numbers:
        print(block)
    else:
        write_outputs(results, reference, block)
        print(f"wrote {RESULTS_MD.relative_to(ROOT)}, {RESULTS_CSV.relative_to(ROOT)} and README.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
