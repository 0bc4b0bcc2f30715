"""`interviewer bank lint`: every problem located as file:line, non-zero exit on any."""

from __future__ import annotations

import json
from pathlib import Path

from interviewer.bank.loader import lint
from interviewer.bank.models import Question
from interviewer.config import PROJECT_ROOT
from tests.cli_helpers import run_cli
from tests.conftest import FIXTURES

BROKEN = FIXTURES / "broken_bank"
WEIGHT_LINE = (BROKEN / "bad-weight.yaml").read_text().splitlines().index("      weight: 9") + 1


def test_lint_locates_each_problem_by_file_and_line() -> None:
    _, problems = lint(BROKEN)
    located = {(p.path.name, p.line) for p in problems}
    assert ("bad-syntax.yaml", 4) in located  # where the parser gives up
    assert ("bad-weight.yaml", WEIGHT_LINE) in located
    assert ("missing-exemplar.yaml", 1) in located
    weight = next(p for p in problems if p.path.name == "bad-weight.yaml")
    assert "rubric.key_points.1.weight" in weight.message
    assert "less than or equal to 5" in weight.message


def test_lint_command_prints_file_line_and_fails(tmp_path: Path) -> None:
    result = run_cli(["bank", "lint", str(BROKEN)], tmp_path)
    assert result.returncode == 1
    assert (
        f"{BROKEN / 'bad-weight.yaml'}:{WEIGHT_LINE}: rubric.key_points.1.weight" in result.stdout
    )
    assert "bad-syntax.yaml:4: invalid YAML" in result.stdout
    assert "Traceback" not in result.stderr


def test_lint_command_passes_on_the_real_bank(tmp_path: Path) -> None:
    result = run_cli(["bank", "lint"], tmp_path)
    assert result.returncode == 0, result.stdout
    assert "OK" in result.stdout


def test_duplicate_ids_and_misnamed_files_are_reported(tmp_path: Path) -> None:
    text = (FIXTURES / "good_bank" / "breadth-bias-variance.yaml").read_text()
    (tmp_path / "breadth-bias-variance.yaml").write_text(text)
    (tmp_path / "copy.yaml").write_text(text)
    _, problems = lint(tmp_path)
    messages = " ".join(p.message for p in problems)
    assert "duplicate question id" in messages
    assert "file name should be breadth-bias-variance.yaml" in messages


def test_the_committed_json_schema_matches_the_model() -> None:
    committed = json.loads((PROJECT_ROOT / "question_bank" / "schema.json").read_text())
    assert committed == Question.model_json_schema()


def test_bank_list_and_show(tmp_path: Path) -> None:
    listing = run_cli(["bank", "list", "-r", "behavioral"], tmp_path)
    assert listing.returncode == 0 and "behavioral-" in listing.stdout
    shown = run_cli(["bank", "show", "breadth-bias-variance", "--exemplar"], tmp_path)
    assert "define-bias" in shown.stdout and "Exemplar" in shown.stdout
    missing = run_cli(["bank", "show", "nope"], tmp_path)
    assert missing.returncode == 1 and "No question with id 'nope'" in missing.stderr
