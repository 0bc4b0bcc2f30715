"""Whole loops: blocks of rounds, time boxes, presets and plan files."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewer.bank import Bank
from interviewer.config import PROJECT_ROOT
from interviewer.engine.models import Block, Plan
from interviewer.engine.planning import choose_questions
from interviewer.engine.report import build_report
from interviewer.engine.session import AskFollowUp, AskQuestion, Finish, Session
from interviewer.errors import ConfigError
from interviewer.loops import find_loop, list_loops
from interviewer.scoring import RubricScorer
from tests.cli_helpers import answers_bytes, run_cli
from tests.helpers import make_question

LOOPS = PROJECT_ROOT / "loops"
PADDING = (
    " In my experience this shows up in deep networks trained from scratch, where the early"
    " layers barely move and the loss curve stays flat for many epochs at the start."
)


def timed_session(minutes: int = 1) -> Session:
    questions = [make_question(id=f"breadth-test-q{i}") for i in range(4)]
    plan = Plan(
        blocks=[
            Block(round="ml-breadth", questions=2, minutes=minutes),
            Block(round="ml-breadth", questions=2),
        ],
        max_followups=2,
    )
    return Session.new("loop", plan, questions, RubricScorer(), blocks=[0, 0, 1, 1])


def test_every_preset_can_be_planned_from_the_bank(bank: Bank) -> None:
    presets = list_loops(LOOPS)
    assert {p.name for p in presets} >= {
        "mle",
        "phone-screen",
        "breadth-rapid-fire",
        "design-only",
        "behavioral-only",
    }
    for preset in presets:
        plan = Plan(blocks=preset.blocks, level=preset.level or "mid", seed=1)
        chosen = choose_questions(bank, plan)
        assert len(chosen) == sum(b.questions for b in preset.blocks), preset.name
        assert len({q.id for q, _ in chosen}) == len(chosen)
        for question, block in chosen:
            assert question.round is preset.blocks[block].round


def test_the_mle_loop_has_one_block_per_round_in_order() -> None:
    rounds = [b.round.value for b in find_loop("mle", LOOPS).blocks]
    assert rounds == [
        "coding-ml",
        "ml-system-design",
        "ml-breadth",
        "ml-domain-nlp",
        "ml-domain-ranking",
        "project-deep-dive",
        "behavioral",
    ]


def test_questions_carry_their_block_and_the_remaining_time() -> None:
    session = timed_session(minutes=10)
    step = session.opening()
    assert isinstance(step, AskQuestion) and step.block is not None
    assert (step.block.index, step.block.total, step.block.remaining_s) == (0, 2, 600)
    session.answer("Something vague." + PADDING, spent_s=90)
    info = session.block_info()
    assert info is not None and info.remaining_s == 510


def test_a_block_out_of_time_stops_probing_and_skips_its_remaining_questions() -> None:
    session = timed_session(minutes=1)
    step = session.answer("Something vague." + PADDING, spent_s=61)
    assert isinstance(step, AskQuestion)
    assert step.time_up and step.number == 3 and step.block is not None and step.block.index == 1
    assert session.state.questions[1].timed_out
    # The untimed block probes as usual.
    assert isinstance(session.answer("Something vague." + PADDING, spent_s=999), AskFollowUp)
    report = build_report(session.state, session.question)
    assert "breadth-test-q1" not in {q.question_id for q in report.questions}


def test_within_time_the_block_runs_normally() -> None:
    session = timed_session(minutes=5)
    assert isinstance(session.answer("Something vague." + PADDING, spent_s=30), AskFollowUp)


def test_the_last_block_running_out_finishes_the_interview() -> None:
    plan = Plan(blocks=[Block(round="ml-breadth", questions=2, minutes=1)])
    questions = [make_question(id="breadth-test-a"), make_question(id="breadth-test-b")]
    session = Session.new("s", plan, questions, RubricScorer(), blocks=[0, 0])
    assert isinstance(session.answer("Vague." + PADDING, spent_s=100), Finish)


def test_plan_files_and_unknown_presets(tmp_path: Path) -> None:
    custom = tmp_path / "mine.yaml"
    custom.write_text(
        "name: mine\ntitle: Mine\nblocks:\n  - {round: behavioral, questions: 1, minutes: 5}\n"
    )
    assert find_loop(str(custom), LOOPS).blocks[0].minutes == 5
    with pytest.raises(ConfigError, match="No loop named 'nope'"):
        find_loop("nope", LOOPS)
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: b\ntitle: B\nblocks:\n  - {round: cooking, questions: 1}\n")
    with pytest.raises(ConfigError, match=r"blocks\.0\.round"):
        find_loop(str(broken), LOOPS)


def test_chat_runs_a_preset_loop_and_shows_the_clock(tmp_path: Path) -> None:
    result = run_cli(
        ["chat", "--loop", "phone-screen", "--seed", "2"], tmp_path, stdin=b"/skip\n" * 4
    )
    assert result.returncode == 0, result.stderr
    assert "Technical phone screen: 45 minutes in 2 rounds" in result.stdout
    assert "Round 1 of 2 · coding-ml · 30 min" in result.stdout
    assert "Round 2 of 2 · ml-breadth · 15 min" in result.stdout
    assert "left" in result.stdout and "Report" in result.stdout


def test_chat_with_a_broken_plan_file_is_a_clear_error(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text("name: x\ntitle: X\nblocks: []\n")
    result = run_cli(["chat", "--loop", str(plan)], tmp_path, stdin=answers_bytes("x"))
    assert result.returncode == 2
    assert "is invalid" in result.stderr and "Traceback" not in result.stderr


def test_loops_command_lists_presets(tmp_path: Path) -> None:
    result = run_cli(["loops"], tmp_path)
    assert result.returncode == 0 and "phone-screen" in result.stdout and "mle" in result.stdout
