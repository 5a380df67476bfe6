"""Portable nbval: numbers within the seed study's spread, words exact, and no stderr anywhere."""

import json

import nbformat
from nbformat.v4 import new_code_cell, new_notebook, new_output

from tests.nbval_portable import numbers_within
from tools import output_numbers
from tools.execute import ROOT


def test_numbers_and_skeleton_are_split_the_same_way_everywhere():
    text = "hidden_1: 100,480 params; test 97.6 %, loss 0.085 in <seconds> s"
    assert output_numbers.numbers(text) == [100480, 97.6, 0.085]
    assert output_numbers.decimals(text) == [0, 1, 3]
    assert output_numbers.decimals("gradient 1.7e-02, lr 3e-05, 2.0e+01") == [3, 5, 0]
    assert output_numbers.skeleton(text) == "hidden_1: # params; test # %, loss # in <seconds> s"
    assert output_numbers.skeleton("a    1.5  b") == output_numbers.skeleton("a  12.25  b")


def test_numbers_within_the_band_pass_and_outside_fail():
    bands = [[109386, 109386], [96.8, 97.6]]  # a fixed count, and a result that varied over the seeds
    assert numbers_within("109,386 params, 97.6 %", "109,386 params, 96.1 %", bands) == []
    assert numbers_within("109,386 params, 97.6 %", "109,386 params, 95.7 %", bands) != []
    assert "did not vary between seeds" in numbers_within("109,386 params, 97.6 %", "109,387 params, 97.6 %", bands)[0]
    assert "text around the numbers differs" in numbers_within("adam 97.6 %", "sgd 97.6 %", bands[1:])[0]
    assert "re-run `python -m benchmarks.seeds`" in numbers_within("1 2 3", "1 2 3", bands)[0]


def _stream(text, name="stdout"):
    return new_output("stream", name=name, text=text)


def test_the_plugin_tolerates_seed_spread_but_not_stderr(pytester, monkeypatch):
    cells = [
        new_code_cell('print("accuracy 97.6 %")', outputs=[_stream("accuracy 97.5 %\n")], execution_count=1),
        new_code_cell('print("exactly 97.6 %")', outputs=[_stream("exactly 97.6 %\n")], execution_count=2),
        new_code_cell(
            'import sys; print("a warning", file=sys.stderr)',
            execution_count=3,
            metadata={"tags": ["nbval-ignore-output"]},
        ),
        new_code_cell('print("accuracy 91.0 %")', outputs=[_stream("accuracy 97.5 %\n")], execution_count=4),
    ]
    notebook = new_notebook(
        cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    )
    ids = [cell.id for cell in notebook.cells]
    nbformat.write(notebook, pytester.path / "lesson.ipynb")
    tolerances = {"notebooks": {"lesson.ipynb": {ids[0]: [[97.3, 97.7]], ids[3]: [[97.3, 97.7]]}}}
    (pytester.path / "tolerances.json").write_text(json.dumps(tolerances))
    monkeypatch.setenv("DNN_DIGITS_NBVAL_TOLERANCES", str(pytester.path / "tolerances.json"))
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    result = pytester.runpytest_subprocess(
        "-p",
        "tests.nbval_portable",
        "--nbval",
        "--nbval-current-env",
        "-p",
        "no:cacheprovider",
        "-p",
        "no:xdist",
        "lesson.ipynb",
    )
    outcomes = [line for line in result.outlines if line.startswith("lesson.ipynb")]
    assert result.parseoutcomes() == {"passed": 2, "failed": 2}, result.outlines
    assert any("wrote to stderr" in line for line in result.outlines), outcomes
    assert any("outside the seed study's spread" in line for line in result.outlines)


def test_quoted_spreads_are_one_token_compared_exactly():
    stored = "test accuracy: 97.6 % in this run; 97.3 ± 0.3 % over 5 seeds"
    assert output_numbers.numbers(stored) == [97.6]
    assert output_numbers.skeleton(stored) == "test accuracy: # % in this run; <spread>"
    assert numbers_within(stored, stored.replace("97.6", "97.4"), [[97.0, 97.7]]) == []
    assert "spreads changed" in numbers_within(stored, stored.replace("0.3 %", "0.4 %"), [[97.0, 97.7]])[0]
