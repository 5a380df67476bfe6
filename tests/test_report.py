"""Text output: formats, tables, and training results printed with the seed study's spread."""

import json

import pytest

from helpers import report, study


def test_format_helpers():
    assert report.format_seconds(12.345) == "12.3 s"
    assert report.format_percent(0.97812) == "97.8 %"
    assert report.format_value(0.0851, "", 3) == "0.085"
    assert report.format_value(1234.5, "", 0) == "1,234"


def test_table_aligns_numbers_right_and_text_left():
    table = report.format_table([["adam", "97.8 %"], ["sgd", "9.1 %"]], ["optimizer", "accuracy"])
    assert table.splitlines() == [
        "optimizer  accuracy",
        "---------  --------",
        "adam         97.8 %",
        "sgd           9.1 %",
    ]


def test_table_rejects_ragged_rows():
    with pytest.raises(ValueError, match="has 1 cells, expected 2"):
        report.format_table([["only one"]], ["a", "b"])


@pytest.fixture
def committed_study(monkeypatch, tmp_path):
    """A results folder holding a two-row seed study."""
    (tmp_path / "seed_study.csv").write_text(
        "lesson,measure,unit,decimals,seeds,mean,sd,min,max,values\n"
        "04,test accuracy,%,1,5,0.973,0.003,0.968,0.976,0.973 0.974 0.976 0.976 0.968\n"
        "04,test loss,,3,5,0.0852,0.0021,0.082,0.088,0.082 0.085 0.085 0.086 0.088\n"
        "04,dead units,,0,5,1.8,0.84,1,3,1 1 2 3 2\n"
        "04,misread digits,,0,5,263.4,19.8,240,290,240 250 263 274 290\n"
    )
    monkeypatch.setattr(study, "RESULTS_DIR", tmp_path)
    study._spreads.cache_clear()
    yield tmp_path
    study._spreads.cache_clear()


def test_a_measured_number_comes_with_its_spread(committed_study, capsys):
    result = report.measured("04", "test accuracy", 0.9762)
    assert str(result) == "97.6 % in this run; 97.3 ± 0.3 % over 5 seeds"
    report.print_measured("04", "test loss", 0.0849, unit="", decimals=3)
    assert capsys.readouterr().out == "test loss: 0.085 in this run; 0.085 ± 0.002 over 5 seeds\n"
    assert report.measured("04", "new measure", 0.5).spread_text == "not in the seed study yet"


def test_a_count_that_varies_by_less_than_one_gets_a_decimal(committed_study):
    assert str(report.measured("04", "dead units", 1, unit="", decimals=0)) == "1 in this run; 1.8 ± 0.8 over 5 seeds"
    assert report.measured("04", "misread digits", 293, unit="", decimals=0).spread_text == "263 ± 20 over 5 seeds"


def test_measured_numbers_are_recorded_for_the_study(committed_study, monkeypatch, tmp_path):
    target = tmp_path / "record.jsonl"
    monkeypatch.setenv("DNN_DIGITS_RECORD", str(target))
    report.measured("04", "test accuracy", 0.97)
    report.measured("02", "initial loss", 2.3, unit="", decimals=2)
    lines = [json.loads(line) for line in target.read_text().splitlines()]
    assert lines == [
        {"lesson": "04", "measure": "test accuracy", "value": 0.97, "unit": "%", "decimals": 1},
        {"lesson": "02", "measure": "initial loss", "value": 2.3, "unit": "", "decimals": 2},
    ]


def test_a_diverged_run_is_refused():
    with pytest.raises(ValueError, match="did training diverge"):
        report.measured("04", "test loss", float("nan"))


def test_a_missing_result_table_says_how_to_make_it(monkeypatch, tmp_path):
    monkeypatch.setattr(study, "RESULTS_DIR", tmp_path)
    with pytest.raises(FileNotFoundError, match="python -m benchmarks.seeds"):
        study.read_table("lr_grid")
