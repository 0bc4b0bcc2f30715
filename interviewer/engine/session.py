"""The interview state machine. No I/O, no clock, no randomness it was not given.

Surfaces feed it answers and commands; it answers with the next thing to ask
(`AskQuestion`, `AskFollowUp`) or `Finish`. Phrasing that next thing is the conductor's job.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from interviewer.bank.models import KeyPoint, Question, Round
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
from interviewer.scoring.models import Assessment, OffQuestion, Scorer

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class BlockInfo:
    """Where a loop stands: which block, and how much of its time is used."""

    index: int
    total: int
    round: Round
    minutes: int | None
    used_s: float

    @property
    def remaining_s(self) -> float | None:
        return None if self.minutes is None else max(0.0, self.minutes * 60 - self.used_s)


@dataclass(frozen=True)
class AskQuestion:
    question: Question
    number: int
    total: int
    block: BlockInfo | None = None
    time_up: bool = False


@dataclass(frozen=True)
class AskFollowUp:
    question: Question
    key_point: KeyPoint
    assessment: Assessment
    #: set when the answer did not answer the question: restate it instead of probing
    restate: OffQuestion | None = None


@dataclass(frozen=True)
class Finish:
    pass


Next = AskQuestion | AskFollowUp | Finish


def clean_answer(text: str, max_chars: int) -> str:
    """Normalise an answer; refuse empty or oversized ones with a message the user can act on."""
    cleaned = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip()
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
        blocks: list[int] | None = None,
    ) -> Session:
        """`blocks[i]` is the loop block of `questions[i]` (all 0 without a loop)."""
        block_of = blocks or [0] * len(questions)
        state = SessionState(
            id=session_id,
            plan=plan,
            questions=[
                QuestionState(question_id=q.id, round=q.round, topic=q.topic, block=b)
                for q, b in zip(questions, block_of, strict=True)
            ],
            block_used_s=[0.0] * max(len(plan.blocks), 1),
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

    def block_info(self) -> BlockInfo | None:
        """The current loop block, or None when the plan is not a loop."""
        qs = self.state.current_question
        if qs is None or not self.state.plan.blocks:
            return None
        block = self.state.plan.blocks[qs.block]
        return BlockInfo(
            index=qs.block,
            total=len(self.state.plan.blocks),
            round=block.round,
            minutes=block.minutes,
            used_s=self.state.block_used_s[qs.block],
        )

    def opening(self, time_up: bool = False) -> Next:
        """What to ask now: the current question (also after a resume), or Finish."""
        if self.state.finished or self.current is None:
            return Finish()
        return AskQuestion(
            self.current,
            self.state.current + 1,
            len(self.state.questions),
            block=self.block_info(),
            time_up=time_up,
        )

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

    def answer(self, text: str, spent_s: float = 0.0) -> Next:
        """Take an answer to the current question or follow-up; decide what comes next.

        `spent_s` is how long the candidate took (measured by the surface); it counts
        against the block's time box, and a block out of time moves on to the next block.
        """
        qs, question = self._require_active()
        answer = clean_answer(text, self._max_answer_chars)
        self.record("candidate", TurnKind.ANSWER, answer)
        qs.answers.append(answer)
        self._spend(qs.block, spent_s)
        assessment = self._scorer.assess(question, qs.answers)
        qs.assessment = assessment
        if (
            assessment.off_question is not None
            and not qs.restated
            and assessment.verdicts
            and self.state.plan.max_followups > 0
            and not self._out_of_time(qs.block)
        ):
            # Once per question, only where follow-ups are wanted, and out of their budget:
            # "Got it" and a probe would pretend the answer was one.
            qs.restated = True
            gap = assessment.missing[0] if assessment.missing else assessment.verdicts[0]
            qs.probed.append(gap.key_point_id)  # a restatement spends a follow-up of the budget
            return AskFollowUp(
                question,
                question.key_point(gap.key_point_id),
                assessment,
                restate=assessment.off_question,
            )
        decision = self._policy.next(question, assessment, qs.probed)
        if isinstance(decision, Probe) and not self._out_of_time(qs.block):
            qs.probed.append(decision.key_point.id)
            return AskFollowUp(question, decision.key_point, assessment)
        return self._advance()

    def skip(self, spent_s: float = 0.0) -> Next:
        qs, question = self._require_active()
        self.record("candidate", TurnKind.SKIP, "/skip")
        qs.skipped = True
        self._spend(qs.block, spent_s)
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

    def _spend(self, block: int, seconds: float) -> None:
        if seconds > 0 and block < len(self.state.block_used_s):
            self.state.block_used_s[block] += seconds

    def _out_of_time(self, block: int) -> bool:
        if not self.state.plan.blocks:
            return False
        minutes = self.state.plan.blocks[block].minutes
        return minutes is not None and self.state.block_used_s[block] >= minutes * 60

    def _advance(self) -> Next:
        """Next question; the rest of a block that ran out of time is never asked."""
        block = self.state.questions[self.state.current].block
        time_up = self._out_of_time(block)
        self.state.current += 1
        while (
            time_up
            and self.state.current < len(self.state.questions)
            and self.state.questions[self.state.current].block == block
        ):
            self.state.questions[self.state.current].timed_out = True
            self.state.current += 1
        if self.state.current >= len(self.state.questions):
            self.state.status = Status.FINISHED
            return Finish()
        return self.opening(time_up=time_up)
