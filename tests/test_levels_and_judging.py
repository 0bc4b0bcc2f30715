"""Levels and hire signals in the report, and the judge's place in a live interview."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from interviewer.bank import Bank
from interviewer.bank.models import Level
from interviewer.engine.models import Plan
from interviewer.interview import Interview
from interviewer.llm.base import BaseBackend, JsonSchema, Message, Strength
from interviewer.llm.offline import OfflineBackend
from interviewer.scoring.grader import Grader
from interviewer.scoring.levels import HireSignal, signal_for
from interviewer.store import Store
from interviewer.store.export import to_markdown
from tests.graded import bank, ladders
from tests.test_interview import PROMPTS

QUESTION_ID = "breadth-bias-variance"


def _interview(
    tmp_path: Path, level: Level, backend: BaseBackend, grader: Grader | None = None
) -> Interview:
    store = Store(f"sqlite:///{tmp_path / f'{level.value}.db'}")
    only = Bank([bank().get(QUESTION_ID)])
    interview = Interview.start(
        Plan(count=1, level=level, max_followups=0), only, backend, store, PROMPTS, grader=grader
    )
    list(interview.open())
    return interview


def test_signal_follows_the_level_bar_and_red_flags_cap_it() -> None:
    assert signal_for(3.0, Level.JUNIOR, 0) is HireSignal.HIRE
    assert signal_for(3.0, Level.STAFF, 0) is HireSignal.NO
    assert signal_for(4.9, Level.MID, 0) is HireSignal.STRONG_HIRE
    assert signal_for(4.9, Level.MID, 1) is HireSignal.LEAN_HIRE
    assert signal_for(4.9, Level.MID, 2) is HireSignal.NO
    assert signal_for(0.5, Level.SENIOR, 0) is HireSignal.STRONG_NO


def test_the_same_answer_is_a_hire_for_a_junior_and_not_for_a_staff_engineer(
    tmp_path: Path,
) -> None:
    answer = str(ladders()[QUESTION_ID]["partial"]["answer"])
    signals = {}
    for level in (Level.JUNIOR, Level.STAFF):
        interview = _interview(tmp_path, level, OfflineBackend())
        list(interview.answer(answer))
        report = interview.report()
        (signal,) = report.hire_signals
        signals[level] = signal
        assert signal.round == "ml-breadth" and signal.reasons[0].startswith("Mean score")
        assert report.questions[0].level_note == getattr(
            bank().get(QUESTION_ID).level_notes, level.value
        )
    assert signals[Level.JUNIOR].mean_score == signals[Level.STAFF].mean_score
    order = list(HireSignal)
    assert order.index(signals[Level.JUNIOR].signal) > order.index(signals[Level.STAFF].signal)


class JsonJudge(BaseBackend):
    """A model that phrases nothing well but returns a fixed judge verdict."""

    name = "fake"
    model = "judge-1"
    strength: Strength = "hosted"

    def __init__(self, verdict: dict[str, object]) -> None:
        self.verdict = verdict
        self.calls = 0

    def stream(
        self,
        messages: list[Message],
        *,
        schema: JsonSchema | None = None,
        max_tokens: int = 256,
        temperature: float = 0.2,
        seed: int | None = None,
    ) -> Iterator[str]:
        if schema is None:
            yield "Tell me more?"
            return
        self.calls += 1
        assert temperature == 0.0 and seed is not None
        yield json.dumps(self.verdict)


def test_the_judge_grades_a_question_once_when_it_is_done_and_the_report_says_so(
    tmp_path: Path,
) -> None:
    question = bank().get(QUESTION_ID)
    verdict = {
        "points": {
            kp.id: {"status": "covered", "sentence": 1} for kp in question.rubric.key_points
        },
        "overall": 4,
    }
    model = JsonJudge(verdict)
    grader = Grader.for_backend(model, PROMPTS)
    interview = _interview(tmp_path, Level.MID, model, grader)
    answer = str(ladders()[QUESTION_ID]["partial"]["answer"])
    list(interview.answer(answer))
    assert interview.finished and model.calls == 1
    assessment = interview.state.questions[0].assessment
    assert assessment is not None and assessment.judge is not None
    assert assessment.judge.model == "judge-1" and assessment.score > assessment.judge.rubric_score
    stored = interview.store.load(interview.state.id)  # committed, not only in memory
    assert (
        stored.questions[0].assessment is not None
        and stored.questions[0].assessment.judge is not None
    )
    markdown = to_markdown(
        interview.state, interview.store.turn_rows(interview.state.id), interview.report()
    )
    assert "Judge (judge-1" in markdown and "ml-breadth: **" in markdown


def test_auto_mode_leaves_the_tiny_embedded_model_out_and_on_mode_brings_it_in() -> None:
    weak = JsonJudge({})
    weak.strength = "weak"
    assert not Grader.for_backend(weak, PROMPTS, mode="auto").uses_judge
    assert Grader.for_backend(weak, PROMPTS, mode="on").uses_judge
    assert not Grader.for_backend(JsonJudge({}), PROMPTS, mode="off").uses_judge
    assert not Grader.for_backend(OfflineBackend(), PROMPTS, mode="on").uses_judge


def test_recording_an_answer_leaves_the_judge_call_to_grade_pending(tmp_path: Path) -> None:
    """The server's split: the answer is committed on the few turn threads, and the judge's
    model call (seconds) runs after it, elsewhere; the result is the same as in one piece."""
    question = bank().get(QUESTION_ID)
    verdict = {
        "points": {
            kp.id: {"status": "covered", "sentence": 1} for kp in question.rubric.key_points
        },
        "overall": 4,
    }
    model = JsonJudge(verdict)
    interview = _interview(tmp_path, Level.MID, model, Grader.for_backend(model, PROMPTS))
    answer = str(ladders()[QUESTION_ID]["partial"]["answer"])
    step = interview.record_answer(answer)
    assert model.calls == 0  # nothing waited on the judge yet
    stored = interview.store.load(interview.state.id)
    assert [t.text for t in stored.turns if t.kind.value == "answer"] == [answer]
    interview.grade_pending()
    interview.grade_pending()  # once only
    assert model.calls == 1
    judged = interview.store.load(interview.state.id).questions[0].assessment
    assert judged is not None and judged.judge is not None
    interview.say(step)
    assert interview.finished
