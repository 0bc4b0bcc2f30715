"""The engine's data: the plan, the turns, and the whole session state (JSON-serialisable).

The state is what the store snapshots after every turn, so a session can be resumed from
any point without replaying the backend.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from interviewer.bank.models import Level, Round
from interviewer.scoring.models import Assessment


class Block(BaseModel):
    """One round of a loop: so many questions of one round, optionally time-boxed."""

    model_config = ConfigDict(extra="forbid")

    round: Round
    questions: int = Field(default=1, ge=1, le=20)
    minutes: int | None = Field(default=None, ge=1, le=240)


class Plan(BaseModel):
    """What the candidate asked for: either rounds and a count, or a loop of blocks."""

    rounds: list[Round] = Field(default_factory=list, description="empty: all rounds")
    count: int = Field(default=3, ge=1, le=50)
    level: Level = Level.MID
    seed: int = 0
    topic: str | None = None
    max_followups: int = Field(default=2, ge=0, le=5)
    loop: str | None = Field(default=None, description="name of the loop preset, if any")
    blocks: list[Block] = Field(default_factory=list)


class TurnKind(StrEnum):
    QUESTION = "question"
    FOLLOWUP = "followup"
    HINT = "hint"
    ANSWER = "answer"
    SKIP = "skip"
    CLOSING = "closing"


Speaker = Literal["interviewer", "candidate"]


class Turn(BaseModel):
    """One utterance. `source` says who phrased an interviewer turn (scripted or a model)."""

    index: int = Field(ge=0)
    speaker: Speaker
    kind: TurnKind
    question_id: str | None = None
    key_point_id: str | None = None
    text: str
    source: str | None = None


class Status(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    FINISHED = "finished"


class QuestionState(BaseModel):
    question_id: str
    round: Round
    topic: str
    block: int = 0
    timed_out: bool = Field(default=False, description="never asked: its block ran out of time")
    answers: list[str] = Field(default_factory=list)
    probed: list[str] = Field(default_factory=list, description="key points already probed")
    hints_given: int = 0
    skipped: bool = False
    restated: bool = Field(
        default=False, description="restated once after an off-topic answer or no answer"
    )
    assessment: Assessment | None = None


class SessionState(BaseModel):
    id: str
    plan: Plan
    questions: list[QuestionState]
    current: int = 0
    turns: list[Turn] = Field(default_factory=list)
    block_used_s: list[float] = Field(default_factory=list, description="answering time per block")
    status: Status = Status.ACTIVE
    backend: str = "offline"
    model: str | None = None
    #: How many of `turns` the store holds (None: not known). Set by the store when it loads
    #: or saves this state; a save inserts only the turns after it, so two requests that
    #: both add "turn 7" to one session collide in the database instead of one being lost.
    _stored_turns: int | None = PrivateAttr(default=None)

    @property
    def finished(self) -> bool:
        return self.status is Status.FINISHED

    @property
    def current_question(self) -> QuestionState | None:
        if self.finished or self.current >= len(self.questions):
            return None
        return self.questions[self.current]
