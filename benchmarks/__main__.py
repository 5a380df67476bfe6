"""Benchmark the series as a learner runs it: time on 2 cores and on 1 CPU, peak memory and headline per lesson.

Usage (from the repository root, with MNIST available)::

    python -m benchmarks                      # 3 repeats of every notebook, then README.md is updated
    python -m benchmarks 04 05 --repeats 1    # only these notebooks; prints, writes nothing

Single runs on these machines vary a lot (lesson 04 once measured 50, 54 and
68 s), so every notebook runs `--repeats` times in each of two modes, with
both cores and pinned to one CPU (the kernel inherits the affinity, as under
``taskset -c 0``; Binder gives one CPU), and the report gives the median and
the range. Within a repeat the notebooks run in series order, in fresh
kernels, with one model cache per repeat and mode (lesson 04 saves the
reference model, 05 and 07 load it), as a learner runs them.

Measured per run: the wall time (kernel start to the last cell), the
kernel's peak resident memory (``ru_maxrss``, read by a probe cell appended
in memory), the time of lesson 04's reference fit, and the headline (the
first line printed by the cell tagged ``headline``). The plain script
``benchmarks/reference_mlp.py`` runs right after lesson 04 in every repeat
and mode, so each lesson-04 fit is paired with a script fit made under the
same conditions. Writes ``benchmarks/results.md`` and ``.csv`` and the
README's table.
"""

import argparse
import csv
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell

from tools.execute import RUN_VARIABLES, cell_tags, lesson_notebooks

ROOT = Path(__file__).resolve().parents[1]
RESULTS_MD, RESULTS_CSV = ROOT / "benchmarks" / "results.md", ROOT / "benchmarks" / "results.csv"
README = ROOT / "README.md"
MARKERS = ("<!-- benchmark:start -->", "<!-- benchmark:end -->")
TARGET_SECONDS, TARGET_RSS_MB = 60, 1000  # each lesson: 60 s on ONE CPU, 1.0 GB
MODES = {"2 cores": None, "1 CPU": {0}}
PEAK_RSS_PROBE = (
    "import resource as _r, sys as _s\n"
    "print('PEAK_RSS_BYTES', _r.getrusage(_r.RUSAGE_SELF).ru_maxrss * (1 if _s.platform == 'darwin' else 1024))"
)


def cell_seconds(cell: nbformat.NotebookNode) -> float | None:
    """How long a cell ran, from the timing metadata nbclient records."""
    timing = cell.metadata.get("execution", {})
    start, end = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
    if not (start and end):
        return None
    return (datetime.fromisoformat(end.replace("Z", "+00:00")) - datetime.fromisoformat(start.replace("Z", "+00:00"))
            ).total_seconds()  # fmt: skip


def measure_notebook(path: Path) -> dict:
    """Run one notebook in a fresh kernel in this process's environment; return its measurements."""
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.append(new_code_cell(PEAK_RSS_PROBE))
    client = NotebookClient(notebook, timeout=1800, kernel_name="python3", record_timing=True,
                            resources={"metadata": {"path": str(path.parent)}})  # fmt: skip
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    printed = "".join(o.get("text", "") for c in notebook.cells for o in c.get("outputs", []))
    headline = next(("".join(o.get("text", "") for o in c.outputs).strip().splitlines()[0]
                     for c in notebook.cells if "headline" in cell_tags(c)), "")  # fmt: skip
    fits = [cell_seconds(c) for c in notebook.cells if "reference-recipe" in cell_tags(c) and ".fit(" in c.source]
    return {
        "seconds": seconds,
        "peak_rss_mb": int(re.search(r"PEAK_RSS_BYTES (\d+)", printed).group(1)) / 1000**2,
        "headline": headline,
        "fit_seconds": fits[0] if fits else None,
    }


def run_child(args: list[str], cpus: set[int] | None, env: dict) -> dict:
    """Run `python -m benchmarks ARGS` in a child process (pinned to `cpus`) and return its JSON line."""
    pin = (lambda: os.sched_setaffinity(0, cpus)) if cpus else None
    result = subprocess.run([sys.executable, "-m", "benchmarks", *args], capture_output=True, text=True, cwd=ROOT,
                            env=env, preexec_fn=pin, check=False)  # fmt: skip
    if result.returncode != 0:
        raise RuntimeError(f"{args} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


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


def spread(values: list[float], unit: str, places: int = 1) -> str:
    """'41.2 s (38.0–45.1)': the median and the range of the repeats."""
    if len(values) == 1:
        return f"{values[0]:.{places}f} {unit}"
    return f"{statistics.median(values):.{places}f} {unit} ({min(values):.{places}f}–{max(values):.{places}f})"


def verdict(ok: bool) -> str:
    return "✅" if ok else "❌"


def run_all(paths: list[Path], repeats: int) -> tuple[dict, dict]:
    """{(notebook, mode): [runs]} and {mode: [(lesson 04 fit, script fit)]} over the repeats, modes interleaved."""
    runs: dict[tuple[str, str], list[dict]] = {}
    pairs: dict[str, list[tuple[float, float]]] = {mode: [] for mode in MODES}
    for repeat in range(repeats):
        for mode, cpus in MODES.items():
            with tempfile.TemporaryDirectory(prefix="dnn-digits-bench-") as cache:
                env = {k: v for k, v in os.environ.items() if k not in RUN_VARIABLES} | {"DNN_DIGITS_CACHE": cache}
                for path in paths:
                    result = run_child(["--one", str(path)], cpus, env)
                    runs.setdefault((path.stem, mode), []).append(result)
                    print(f"repeat {repeat + 1}, {mode}: {path.stem} {result['seconds']:.1f} s, "
                          f"{result['peak_rss_mb']:.0f} MB", flush=True)  # fmt: skip
                    if result["fit_seconds"]:
                        script = run_child(["--script"], cpus, env)
                        pairs[mode].append((result["fit_seconds"], script["fit_seconds"]))
    return runs, pairs


def markdown(paths: list[Path], runs: dict, pairs: dict, repeats: int, when: str) -> str:
    """The results as the Markdown block that goes into README.md."""
    lines = [
        f"Measured {when} on {machine()}; {repeats} run{'s' if repeats != 1 else ''} of each notebook in each mode, "
        "median (range). "
        f"Targets: each lesson ≤ {TARGET_SECONDS} s on one CPU and ≤ 1.0 GB peak memory (RSS of the kernel).",
        "",
        "| notebook | 2 cores | 1 CPU | peak RSS | headline (this machine, series seed) |",
        "|---|---:|---:|---:|---|",
    ]
    for path in paths:
        two, one = runs[(path.stem, "2 cores")], runs[(path.stem, "1 CPU")]
        one_cpu = [r["seconds"] for r in one]
        peak = max(r["peak_rss_mb"] for r in two + one)
        lines.append(
            f"| {path.stem} | {spread([r['seconds'] for r in two], 's')} "
            f"| {spread(one_cpu, 's')} {verdict(statistics.median(one_cpu) <= TARGET_SECONDS)} "
            f"| {peak:.0f} MB {verdict(peak <= TARGET_RSS_MB)} | {two[0]['headline']} |"
        )
    for mode, measured in pairs.items():
        if measured:
            ratios = [lesson / script for lesson, script in measured]
            lines.append(
                f"\nLesson 04's reference fit against the plain script (`benchmarks/reference_mlp.py`, run right after "
                f"it), {mode}: lesson {spread([m[0] for m in measured], 's')}, script "
                f"{spread([m[1] for m in measured], 's')}, ratio {spread(ratios, '×', 2)}."
            )
    return "\n".join(lines)


def write_outputs(paths: list[Path], runs: dict, block: str) -> None:
    RESULTS_MD.write_text(f"# Benchmark\n\n{block}\n")
    with RESULTS_CSV.open("w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["notebook", "median_seconds_2_cores", "median_seconds_1_cpu", "peak_rss_mb", "headline"])
        for path in paths:
            two, one = runs[(path.stem, "2 cores")], runs[(path.stem, "1 CPU")]
            writer.writerow([path.stem, f"{statistics.median(r['seconds'] for r in two):.1f}",
                             f"{statistics.median(r['seconds'] for r in one):.1f}",
                             f"{max(r['peak_rss_mb'] for r in two + one):.0f}", two[0]["headline"]])  # fmt: skip
    readme = README.read_text()
    start, end = readme.index(MARKERS[0]) + len(MARKERS[0]), readme.index(MARKERS[1])
    README.write_text(f"{readme[:start]}\n{block}\n{readme[end:]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("numbers", nargs="*", help="notebook numbers to run (default: all)")
    parser.add_argument("--repeats", type=int, default=3, help="runs per notebook and mode (default 3)")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)  # child: measure one notebook
    parser.add_argument("--script", action="store_true", help=argparse.SUPPRESS)  # child: the plain script
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure_notebook(args.one)))
        return 0
    if args.script:
        output = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "reference_mlp.py")], capture_output=True,
                                text=True, check=True, cwd=ROOT).stdout  # fmt: skip
        print(output.strip().splitlines()[-1])
        return 0
    paths = [p for p in lesson_notebooks() if not args.numbers or p.name[:2] in args.numbers]
    runs, pairs = run_all(paths, args.repeats)
    block = markdown(paths, runs, pairs, args.repeats, datetime.now(UTC).strftime("%Y-%m-%d"))
    if args.numbers:
        print(block)
    else:
        write_outputs(paths, runs, block)
        print(f"wrote {RESULTS_MD.relative_to(ROOT)}, {RESULTS_CSV.relative_to(ROOT)} and README.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
