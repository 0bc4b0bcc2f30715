"""The Session state machine: follow-ups aim at what the answer missed, then it moves on."""

from __future__ import annotations

import pytest

from interviewer.engine.models import Plan, Status, TurnKind
from interviewer.engine.report import build_report
from interviewer.engine.session import AskFollowUp, AskQuestion, Finish, Session, clean_answer
from interviewer.errors import AnswerError, SessionStateError
from interviewer.scoring import RubricScorer
from interviewer.scoring.models import OffQuestion
from tests.helpers import make_question

PADDING = (
    " In my experience this shows up in deep networks trained from scratch, where the early"
    " layers barely move and the loss curve stays flat for many epochs at the start."
)


def new_session(count: int = 2, max_followups: int = 2) -> Session:
    questions = [make_question(), make_question(id="breadth-test-second")][:count]
    plan = Plan(count=count, max_followups=max_followups, seed=1)
    return Session.new("s1", plan, questions, RubricScorer())


def test_opening_asks_the_first_question() -> None:
    step = new_session().opening()
    assert isinstance(step, AskQuestion)
    assert (step.number, step.total) == (1, 2)


def test_followup_probes_the_heaviest_missing_point_never_a_covered_one() -> None:
    session = new_session()
    step = session.answer("Sigmoid saturates so its slope is tiny." + PADDING)
    assert isinstance(step, AskFollowUp)
    assert step.key_point.id == "chain-rule"  # weight 4, missing
    covered = {v.key_point_id for v in step.assessment.covered}
    assert "saturating-activations" in covered
    assert step.key_point.id not in covered


def test_each_point_is_probed_once_and_the_budget_is_respected() -> None:
    session = new_session(max_followups=2)
    first = session.answer("Gradients get smaller in the early layers of deep nets." + PADDING)
    second = session.answer("Maybe the learning rate is wrong for those layers." + PADDING)
    third = session.answer("I would try a different optimiser for deep nets." + PADDING)
    assert isinstance(first, AskFollowUp) and isinstance(second, AskFollowUp)
    assert first.key_point.id != second.key_point.id
    assert isinstance(third, AskQuestion) and third.number == 2


def test_a_complete_answer_moves_straight_on() -> None:
    session = new_session()
    step = session.answer(make_question().exemplar + PADDING)
    assert isinstance(step, AskQuestion)


def test_no_followups_when_budget_is_zero() -> None:
    session = new_session(max_followups=0)
    assert isinstance(session.answer("Something vague." + PADDING), AskQuestion)


def test_answering_the_last_question_finishes_and_rejects_more_answers() -> None:
    session = new_session(count=1, max_followups=0)
    assert isinstance(session.answer("Vague." + PADDING), Finish)
    assert session.state.status is Status.FINISHED
    with pytest.raises(SessionStateError):
        session.answer("more")


def test_skip_moves_on_and_counts_zero() -> None:
    session = new_session()
    step = session.skip()
    assert isinstance(step, AskQuestion)
    assert session.state.turns[-1].kind is TurnKind.SKIP
    session.skip()
    report = build_report(session.state, session.question)
    assert [q.score for q in report.questions] == [0.0, 0.0]
    assert all(q.skipped for q in report.questions)


def test_hint_gives_the_question_hint_then_the_heaviest_gap_probe() -> None:
    session = new_session()
    assert session.hint() == "Think about repeated multiplication."
    assert session.hint() == make_question().key_point("chain-rule").probe


def test_empty_and_oversized_answers_are_rejected_without_changing_state() -> None:
    session = new_session()
    with pytest.raises(AnswerError, match="empty"):
        session.answer(" \n\t ")
    with pytest.raises(AnswerError, match="limit"):
        session.answer("x" * 100_001)
    assert session.state.turns == []


def test_control_characters_are_stripped_but_text_kept() -> None:
    assert clean_answer("a\x00b\x1bc\r\nd", 100) == "abc\nd"


def test_report_quotes_evidence_and_lists_missing_points() -> None:
    session = new_session(count=1, max_followups=0)
    session.answer("The chain rule multiplies derivatives." + PADDING)
    report = build_report(session.state, session.question)
    (q,) = report.questions
    assert [p.key_point_id for p in q.covered] == ["chain-rule"]
    assert q.covered[0].evidence is not None
    assert q.covered[0].evidence.quote == "The chain rule multiplies derivatives."
    assert {p.key_point_id for p in q.missing} == {
        "saturating-activations",
        "residual-connections",
        "normalisation",
    }
    assert q.exemplar == make_question().exemplar
    assert 0 < q.score < 4


def test_state_round_trips_through_json() -> None:
    session = new_session()
    session.answer("The chain rule multiplies derivatives." + PADDING)
    restored = type(session.state).model_validate_json(session.state.model_dump_json())
    assert restored == session.state


def test_a_lone_carriage_return_becomes_a_newline() -> None:
    """Regression: found by the long hypothesis profile ('0\\r0' kept its CR)."""
    assert clean_answer("0\r0", 10) == "0\n0"


def test_an_answer_to_another_question_is_restated_once_not_probed() -> None:
    session = new_session()
    cooking = (
        "I would boil salted water, add the pasta, and fry garlic in olive oil with chopped "
        "tomatoes while it cooks."
    )
    first = session.answer(cooking)
    assert isinstance(first, AskFollowUp)
    assert first.restate is OffQuestion.OFF_TOPIC
    assert first.assessment.off_question is OffQuestion.OFF_TOPIC
    # Off topic again: no second restatement; the interview goes on as usual.
    second = session.answer(cooking)
    assert not (isinstance(second, AskFollowUp) and second.restate is not None)


def test_i_dont_know_is_recognised_as_no_answer() -> None:
    step = new_session().answer("Honestly, I don't know.")
    assert isinstance(step, AskFollowUp)
    assert step.restate is OffQuestion.NO_ANSWER


def test_a_real_partial_answer_is_probed_not_restated() -> None:
    step = new_session().answer("Sigmoid saturates so its slope is tiny." + PADDING)
    assert isinstance(step, AskFollowUp)
    assert step.restate is None
