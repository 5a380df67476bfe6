"""The seed study: every training result of the series over several seeds.

Usage (from the repository root, with MNIST available; a maintainer command)::

    python -m benchmarks.seeds                 # every notebook and every experiment (about an hour)
    python -m benchmarks.seeds 04 05           # only these lessons' notebooks and experiments
    python -m benchmarks.seeds --experiments lr_grid   # only the named experiments
    python -m benchmarks.seeds --no-experiments        # only the notebooks

Run it again whenever an experiment changes. For each seed in `SEEDS` it
runs the notebooks top to bottom, in order, in fresh kernels with
``DNN_DIGITS_SEED`` set (so every lesson must run without error under every
seed) and one model cache per seed (lesson 04 saves the reference model,
05 and 07 load it, as for a learner). It then writes:

* ``helpers/results/seed_study.csv`` and ``benchmarks/seed_study.md``: every
  number a lesson reports through `helpers.report.measured`, with its mean,
  standard deviation, minimum and maximum over the seeds. The lessons print
  this spread next to their own run.
* ``tests/nbval_tolerances.json``: for every cell whose numbers vary with the
  seed, the range of each number, which portable nbval uses as its tolerance
  (see ``tests/nbval_portable.py``).
* ``helpers/results/NAME.csv`` and ``benchmarks/results/NAME.md`` for each
  experiment registered in ``benchmarks/experiments/``.

It also reports any cell whose *text* (not just its numbers) changes with
the seed, which means a sentence depends on the luck of training, and any
difference between the series seed's run and the stored outputs (spreads
quoted from the study aside). After a study, run ``python -m tools.execute``
so the stored outputs quote the new spreads.
"""

import argparse
import contextlib
import csv
import fcntl
import json
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

from nbval.plugin import get_sanitize_patterns

from benchmarks.__main__ import machine
from benchmarks.experiments import load_all
from helpers import SEED
from helpers.study import RESULTS_DIR, SEED_STUDY
from tools import output_numbers
from tools.execute import ROOT, execute_notebook, lesson_notebooks

SEEDS = (0, 1, 2, 3, 4)
STUDY_CSV = RESULTS_DIR / f"{SEED_STUDY}.csv"
STUDY_MD = ROOT / "benchmarks" / "seed_study.md"
EXPERIMENTS_MD_DIR = ROOT / "benchmarks" / "results"
TOLERANCES = ROOT / "tests" / "nbval_tolerances.json"
SANITIZE = get_sanitize_patterns((ROOT / "nbval-sanitize.cfg").read_text())
CSV_FIELDS = ["lesson", "measure", "unit", "decimals", "seeds", "mean", "sd", "min", "max", "values"]


def cell_texts(notebook) -> dict[str, str]:
    """{cell id: sanitized text output} for every code cell."""
    return {
        cell.id: output_numbers.sanitized(output_numbers.output_text(cell.get("outputs", [])), SANITIZE)
        for cell in notebook.cells
        if cell.cell_type == "code"
    }


def run_notebooks(paths: list[Path], seeds) -> tuple[dict, dict]:
    """Run `paths` under each seed; return ({(lesson, measure): [row per seed]}, {notebook: {seed: texts}})."""
    measures: dict[tuple[str, str], list[dict]] = defaultdict(list)
    texts: dict[str, dict[int, dict[str, str]]] = defaultdict(dict)
    for seed in seeds:
        with tempfile.TemporaryDirectory(prefix="dnn-digits-study-") as folder:
            record = Path(folder) / "measures.jsonl"
            env = {
                "DNN_DIGITS_SEED": str(seed),
                "DNN_DIGITS_RECORD": str(record),
                "DNN_DIGITS_CACHE": str(Path(folder) / "cache"),
            }
            for path in paths:
                start = time.perf_counter()
                notebook = execute_notebook(path, env)
                texts[path.name][seed] = cell_texts(notebook)
                print(f"seed {seed}: {path.name} in {time.perf_counter() - start:.0f} s", flush=True)
            seen = set()
            for line in record.read_text().splitlines() if record.exists() else []:
                row = json.loads(line)
                key = (row["lesson"], row["measure"])
                if key in seen:
                    raise ValueError(f"lesson {key[0]} reports {key[1]!r} twice in one run: give each a unique name")
                seen.add(key)
                measures[key].append(dict(row, seed=seed))
    return measures, texts


def spread_rows(measures: dict, seeds) -> list[dict]:
    """One CSV row per measure: its unit and its mean, sd, min and max over the seeds."""
    rows = []
    for (lesson, measure), runs in sorted(measures.items()):
        if [run["seed"] for run in runs] != list(seeds):
            raise ValueError(f"lesson {lesson} reported {measure!r} under seeds {[r['seed'] for r in runs]} only")
        values = [run["value"] for run in runs]
        rows.append(
            {
                "lesson": lesson,
                "measure": measure,
                "unit": runs[0]["unit"],
                "decimals": runs[0]["decimals"],
                "seeds": len(values),
                "mean": f"{statistics.fmean(values):.6g}",
                "sd": f"{statistics.stdev(values) if len(values) > 1 else 0.0:.6g}",
                "min": f"{min(values):.6g}",
                "max": f"{max(values):.6g}",
                "values": " ".join(f"{v:.6g}" for v in values),
            }
        )
    return rows


def tolerance_bands(texts_by_seed: dict[int, dict[str, str]]) -> tuple[dict, list[str]]:
    """{cell id: [[low, high], ...]} for cells whose numbers vary, and the cells whose words vary."""
    bands, problems = {}, []
    seeds = sorted(texts_by_seed)
    for cell_id in texts_by_seed[seeds[0]]:
        versions = [texts_by_seed[seed][cell_id] for seed in seeds]
        if len({output_numbers.skeleton(text) for text in versions}) > 1:
            problems.append(
                f"cell {cell_id}: its text changes with the seed, not just its numbers:\n"
                + "\n".join(f"  seed {s}: {t[:300]!r}" for s, t in zip(seeds, versions, strict=True))
            )
            continue
        columns = list(zip(*(output_numbers.numbers(text) for text in versions), strict=True))
        if any(min(column) != max(column) for column in columns):
            bands[cell_id] = [[min(column), max(column)] for column in columns]
    return bands, problems


def stored_differences(path: Path, fresh: dict[str, str]) -> list[str]:
    """Cells whose stored output differs from the series seed's fresh run (nondeterminism or a stale notebook)."""
    import nbformat

    stored = cell_texts(nbformat.read(path, as_version=4))
    return [
        f"{path.name} cell {cell_id}: stored output differs from a fresh run with seed {SEED}"
        for cell_id, text in fresh.items()
        if stored.get(cell_id) != text
    ]


def seeds_in(rows: list[dict]) -> list[int]:
    """The seeds an experiment's rows come from (an experiment may use fewer than the study's)."""
    return sorted({int(row["seed"]) for row in rows if "seed" in row}) or list(SEEDS)


def write_csv(path: Path, rows: list[dict], fields: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def markdown_table(rows: list[dict], fields: list[str]) -> str:
    lines = ["| " + " | ".join(fields) + " |", "|" + "---|" * len(fields)]
    lines += ["| " + " | ".join(str(row[f]) for f in fields) + " |" for row in rows]
    return "\n".join(lines)


def study_markdown(rows: list[dict], when: str) -> str:
    """The seed study as Markdown, values shown in the unit the lessons use."""
    shown = []
    for row in rows:
        scale, places = (100, int(row["decimals"])) if row["unit"] == "%" else (1, int(row["decimals"]) + 1)

        def fmt(value: str, scale: float = scale, places: int = places) -> str:
            return f"{scale * float(value):.{places}f}"

        shown.append(
            {
                "lesson": row["lesson"],
                "measure": row["measure"],
                "unit": row["unit"] or "-",
                "mean ± sd": f"{fmt(row['mean'])} ± {fmt(row['sd'])}",
                "min": fmt(row["min"]),
                "max": fmt(row["max"]),
                "per seed": ", ".join(fmt(v) for v in row["values"].split()),
            }
        )
    fields = ["lesson", "measure", "unit", "mean ± sd", "min", "max", "per seed"]
    return (
        f"# Seed study\n\nWritten by `python -m benchmarks.seeds` ({when}, seeds "
        f"{', '.join(map(str, SEEDS))}; {machine()}).\nEvery training result the lessons report, "
        "over the seeds: the lessons print their own run next to the mean ± sd.\n\n"
        + markdown_table(shown, fields)
        + "\n"
    )


@contextlib.contextmanager
def locked():
    """Hold the study's lock while merging into the committed files (two studies may run at once)."""
    with open(ROOT / "benchmarks" / ".seed-study.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def merged_rows(new_rows: list[dict], lessons: set[str]) -> list[dict]:
    """The committed rows of other lessons plus the new rows of `lessons`."""
    old = []
    if STUDY_CSV.is_file():
        with STUDY_CSV.open(newline="") as file:
            old = [row for row in csv.DictReader(file) if row["lesson"] not in lessons]
    return sorted(old + new_rows, key=lambda row: (row["lesson"], row["measure"]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lessons", nargs="*", help="lesson numbers such as 04 (default: all)")
    parser.add_argument("--experiments", nargs="*", help="run only these experiments (no notebooks)")
    parser.add_argument("--no-experiments", action="store_true", help="run only the notebooks")
    args = parser.parse_args(argv)
    when = datetime.now(UTC).strftime("%Y-%m-%d")
    problems = []
    if args.experiments is None:
        paths = [p for p in lesson_notebooks() if not args.lessons or p.name[:2] in args.lessons]
        measures, texts = run_notebooks(paths, SEEDS)
        lessons = {p.name[:2] for p in paths}
        with locked():
            rows = merged_rows(spread_rows(measures, SEEDS), lessons)
            write_csv(STUDY_CSV, rows, CSV_FIELDS)
            STUDY_MD.write_text(study_markdown(rows, when))
            tolerances = json.loads(TOLERANCES.read_text()) if TOLERANCES.is_file() else {"notebooks": {}}
            tolerances["note"] = "Written by python -m benchmarks.seeds: the range of each training result per cell."
            tolerances["seeds"] = list(SEEDS)
            for path in paths:
                bands, varying = tolerance_bands(texts[path.name])
                tolerances["notebooks"][path.name] = bands
                problems += [f"{path.name} {p}" for p in varying]
                problems += stored_differences(path, texts[path.name][SEED])
            TOLERANCES.write_text(json.dumps(tolerances, indent=1, sort_keys=True) + "\n")
        print(f"wrote {STUDY_CSV.relative_to(ROOT)}, {STUDY_MD.relative_to(ROOT)}, {TOLERANCES.relative_to(ROOT)}")
    if not args.no_experiments:
        registry = load_all()
        names = args.experiments or [
            n for n in registry if not args.lessons or registry[n].__module__[-2:] in args.lessons
        ]
        for name in names:
            start = time.perf_counter()
            rows = registry[name](SEEDS)
            write_csv(RESULTS_DIR / f"{name}.csv", rows, list(rows[0]))
            EXPERIMENTS_MD_DIR.mkdir(exist_ok=True)
            (EXPERIMENTS_MD_DIR / f"{name}.md").write_text(
                f"# {name}\n\n{registry[name].__doc__ or ''}\n\nSeeds {', '.join(map(str, seeds_in(rows)))}; {when}; "
                f"{machine()}.\n\n{markdown_table(rows, list(rows[0]))}\n"
            )
            print(f"experiment {name}: {len(rows)} rows in {time.perf_counter() - start:.0f} s", flush=True)
    for problem in problems:
        print("PROBLEM:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
