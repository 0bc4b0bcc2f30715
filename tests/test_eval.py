"""`interviewer eval`: agreement statistics, the graded-file format, the CLI's report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interviewer.bank.models import Level
from interviewer.errors import EvalDataError
from interviewer.evaluation.dataset import load_rows
from interviewer.evaluation.runner import evaluate
from interviewer.evaluation.stats import (
    pearson,
    quadratic_weighted_kappa,
    ranks,
    spearman,
    to_grade,
)
from interviewer.scoring.grader import Grader
from tests.cli_helpers import run_cli
from tests.graded import GRADED_DIR, bank

FIXTURE = Path(__file__).parent / "fixtures" / "graded_small.csv"


def test_pearson_and_spearman_match_hand_computed_values() -> None:
    assert pearson([1, 2, 3], [2, 4, 6]) == pytest.approx(1.0)
    assert pearson([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    # x = 1..4, y = 1, 3, 2, 4: cov 1.0 / sqrt(1.25 * 1.25)
    assert pearson([1, 2, 3, 4], [1, 3, 2, 4]) == pytest.approx(0.8)
    assert ranks([10, 20, 20, 30]) == [1.0, 2.5, 2.5, 4.0]
    assert spearman([1, 2, 3, 4], [10, 100, 1000, 10_000]) == pytest.approx(1.0)
    assert pearson([1, 1, 1], [1, 2, 3]) is None  # undefined, not zero


def test_quadratic_weighted_kappa_is_1_for_agreement_and_penalises_distance() -> None:
    assert quadratic_weighted_kappa([0, 1, 2, 3, 4, 5], [0, 1, 2, 3, 4, 5]) == pytest.approx(1.0)
    near = quadratic_weighted_kappa([0, 1, 2, 3, 4, 5], [1, 1, 2, 3, 4, 4])
    far = quadratic_weighted_kappa([0, 1, 2, 3, 4, 5], [5, 1, 2, 3, 4, 0])
    assert near is not None and far is not None and far < near < 1.0
    # Two raters, grades {0, 1}: observed 1 disagreement of 4, expected 2 of 4 -> 1 - 1/2
    assert quadratic_weighted_kappa([0, 0, 1, 1], [0, 1, 1, 1], 0, 1) == pytest.approx(0.5)
    assert to_grade(2.5) == 3 and to_grade(2.4) == 2 and to_grade(7) == 5


def test_rows_from_csv_are_rescaled_and_reference_rows_are_scored_too() -> None:
    rows = load_rows([FIXTURE])
    assert [r.human for r in rows[:3]] == [4.5, 1.0, 2.5]
    report = evaluate(rows, bank(), Grader(), level=Level.MID)
    by_id = {r.source.rsplit(":", 1)[1]: r for r in report.rows}
    assert by_id["2"].ours > by_id["4"].ours > by_id["3"].ours  # bank question, by quality
    assert by_id["5"].ours > by_id["7"].ours > by_id["6"].ours  # reference only, by quality
    assert set(report.by_round) == {"ml-breadth", "external"}
    # Bank rows and reference rows are on maps fitted to different data: the claims are the
    # orderings within each question above, not one correlation across the two scales.
    assert sum(map(sum, report.confusion)) == 6


def test_the_cli_prints_the_four_statistics_per_round(tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    result = run_cli(["eval", str(FIXTURE), "--no-judge", "--json", str(out)], tmp_path)
    assert result.returncode == 0, result.stderr
    for heading in ("Pearson", "Spearman", "QWK", "MAE", "overall", "ml-breadth", "external"):
        assert heading in result.stdout
    saved = json.loads(out.read_text())
    assert saved["scorer"] == "rubric" and len(saved["rows"]) == 6


def test_repeat_reports_the_spread_of_repeated_runs(tmp_path: Path) -> None:
    result = run_cli(["eval", str(FIXTURE), "--no-judge", "--repeat", "3"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Repeatability over 3 runs" in result.stdout
    assert "largest range 0.00 points" in result.stdout  # the offline scorer is deterministic


def test_a_folder_of_jsonl_files_is_read_whole() -> None:
    rows = load_rows([GRADED_DIR])
    assert len(rows) == 3 * len(bank())


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"answer": "x", "score": 3}\n', "needs question_id, or both question and reference"),
        ('{"question_id": "q", "answer": "x", "score": 9}\n', "outside 0..5"),
        ("not json\n", "not valid JSON"),
        ('{"question_id": "q", "score": 1}\n', "answer: Field required"),
    ],
)
def test_bad_rows_are_reported_with_file_and_line(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(
        '{"question_id": "breadth-bias-variance", "answer": "a", "score": 1}\n' + content
    )
    with pytest.raises(EvalDataError, match=message) as info:
        load_rows([path])
    assert f"{path}:2" in info.value.message
    result = run_cli(["eval", str(path), "--no-judge"], tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert message.split(":")[0] in result.stdout + result.stderr


def test_a_csv_error_names_the_line_where_its_row_starts(tmp_path: Path) -> None:
    path = tmp_path / "multi.csv"
    path.write_text(
        "question_id,answer,score\n"
        'breadth-bias-variance,"first line\nsecond line\nthird line",3\n'
        "breadth-bias-variance,fine,9\n"
    )
    with pytest.raises(EvalDataError, match="outside") as info:
        load_rows([path])
    assert f"{path}:5:" in info.value.message
