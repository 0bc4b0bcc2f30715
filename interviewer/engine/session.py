"""The interview state machine. No I/O, no clock, no randomness it was not given.

Surfaces feed it answers and commands; it answers with the next thing to ask
(`AskQuestion`, `AskFollowUp`) or `Finish`. Phrasing that next thing is the conductor's job.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from interviewer.bank.models import KeyPoint, Question
from interviewer.engine.models import (
    Plan,
    QuestionState,
    SessionState,
    Speaker,
    Status,
    Turn,
    TurnKind,
)
from interviewer.engine.policy import FollowUpPolicy, Probe
from interviewer.errors import AnswerError, SessionStateError
from interviewer.scoring.models import Assessment, Scorer

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class AskQuestion:
    question: Question
    number: int
    total: int


@dataclass(frozen=True)
class AskFollowUp:
    question: Question
    key_point: KeyPoint
    assessment: Assessment


@dataclass(frozen=True)
class Finish:
    pass


Next = AskQuestion | AskFollowUp | Finish


def clean_answer(text: str, max_chars: int) -> str:
    """Normalise an answer; refuse empty or oversized ones with a message the user can act on."""
    cleaned = _CONTROL.sub("", text.replace("\r\n", "\n")).strip()
    if not cleaned:
        raise AnswerError("The answer is empty.", hint="Type your answer, or /skip to move on.")
    if len(cleaned) > max_chars:
        raise AnswerError(
            f"The answer is {len(cleaned):,} characters; the limit is {max_chars:,}.",
            hint="Shorten it, or raise INTERVIEWER_MAX_ANSWER_CHARS.",
        )
    return cleaned


class Session:
    """Drives one interview over a fixed list of questions."""

    def __init__(
        self,
        state: SessionState,
        questions: Mapping[str, Question],
        scorer: Scorer,
        max_answer_chars: int = 20_000,
    ) -> None:
        self.state = state
        self._questions = questions
        self._scorer = scorer
        self._policy = FollowUpPolicy(state.plan.max_followups)
        self._max_answer_chars = max_answer_chars

    @classmethod
    def new(
        cls,
        session_id: str,
        plan: Plan,
        questions: list[Question],
        scorer: Scorer,
        *,
        backend: str = "offline",
        model: str | None = None,
        max_answer_chars: int = 20_000,
    ) -> Session:
        state = SessionState(
            id=session_id,
            plan=plan,
            questions=[
                QuestionState(question_id=q.id, round=q.round, topic=q.topic) for q in questions
            ],
            backend=backend,
            model=model,
        )
        return cls(state, {q.id: q for q in questions}, scorer, max_answer_chars)

    # -- queries ---------------------------------------------------------------------------

    def question(self, question_id: str) -> Question:
        return self._questions[question_id]

    @property
    def current(self) -> Question | None:
        qs = self.state.current_question
        return None if qs is None else self._questions[qs.question_id]

    def pending_prompt(self) -> Turn | None:
        """The question or follow-up the candidate is answering now (hints do not count)."""
        asking = (TurnKind.QUESTION, TurnKind.FOLLOWUP, TurnKind.CLOSING)
        return next((t for t in reversed(self.state.turns) if t.kind in asking), None)

    def awaiting_answer(self) -> bool:
        """True when the last thing said was the interviewer's, so nothing needs phrasing."""
        return bool(self.state.turns) and self.state.turns[-1].speaker == "interviewer"

    def opening(self) -> Next:
        """What to ask now: the current question (also after a resume), or Finish."""
        if self.state.finished or self.current is None:
            return Finish()
        return AskQuestion(self.current, self.state.current + 1, len(self.state.questions))

    # -- commands --------------------------------------------------------------------------

    def record(
        self,
        speaker: Speaker,
        kind: TurnKind,
        text: str,
        *,
        key_point_id: str | None = None,
        source: str | None = None,
    ) -> Turn:
        qs = self.state.current_question
        turn = Turn(
            index=len(self.state.turns),
            speaker=speaker,
            kind=kind,
            question_id=qs.question_id if qs else None,
            key_point_id=key_point_id,
            text=text,
            source=source,
        )
        self.state.turns.append(turn)
        return turn

    def answer(self, text: str) -> Next:
        """Take an answer to the current question or follow-up; decide what comes next."""
        qs, question = self._require_active()
        answer = clean_answer(text, self._max_answer_chars)
        self.record("candidate", TurnKind.ANSWER, answer)
        qs.answers.append(answer)
        assessment = self._scorer.assess(question, qs.answers)
        qs.assessment = assessment
        decision = self._policy.next(question, assessment, qs.probed)
        if isinstance(decision, Probe):
            qs.probed.append(decision.key_point.id)
            return AskFollowUp(question, decision.key_point, assessment)
        return self._advance()

    def skip(self) -> Next:
        qs, question = self._require_active()
        self.record("candidate", TurnKind.SKIP, "/skip")
        qs.skipped = True
        qs.assessment = self._scorer.assess(question, qs.answers)
        return self._advance()

    def hint(self) -> str:
        """A nudge: the question's own hints first, then the probe of the heaviest gap."""
        qs, question = self._require_active()
        qs.hints_given += 1
        if qs.hints_given <= len(question.hints):
            return question.hints[qs.hints_given - 1]
        assessment = qs.assessment or self._scorer.assess(question, qs.answers)
        gaps = [v for v in assessment.missing if v.key_point_id not in qs.probed]
        if gaps:
            return question.key_point(gaps[0].key_point_id).probe
        return "You have covered the main points; add depth or move on with /skip."

    def pause(self) -> None:
        if not self.state.finished:
            self.state.status = Status.PAUSED

    def resume(self) -> None:
        if self.state.status is Status.PAUSED:
            self.state.status = Status.ACTIVE

    # -- internals -------------------------------------------------------------------------

    def _require_active(self) -> tuple[QuestionState, Question]:
        if self.state.finished:
            raise SessionStateError("This interview has finished; start a new one.")
        qs = self.state.current_question
        if qs is None:
            raise SessionStateError("There is no current question.")
        if self.state.status is Status.PAUSED:
            self.state.status = Status.ACTIVE
        return qs, self._questions[qs.question_id]

    def _advance(self) -> Next:
        self.state.current += 1
        if self.state.current >= len(self.state.questions):
            self.state.status = Status.FINISHED
            return Finish()
        return self.opening()
