"""Request and response bodies of the HTTP API."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from interviewer.bank.models import Level, Round


class SessionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rounds: list[Round] = Field(default_factory=list)
    level: Level = Level.MID
    count: int = Field(default=3, ge=1, le=50)
    seed: int | None = Field(default=None, ge=0, le=2**31 - 1)
    topic: str | None = Field(default=None, max_length=80)
    max_followups: int | None = Field(default=None, ge=0, le=5)
    loop: str | None = Field(default=None, max_length=80, pattern=r"^[a-z0-9-]+$")


class AnswerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=100_000)


class TurnOut(BaseModel):
    index: int
    speaker: str
    kind: str
    question_id: str | None
    key_point_id: str | None
    source: str | None
    text: str


class SessionOut(BaseModel):
    id: str
    status: str
    backend: str
    model: str | None
    question_number: int | None
    total_questions: int
    prompt: str | None = Field(description="what the interviewer is waiting for an answer to")
    turns: int


class ReplyOut(BaseModel):
    reply: str
    finished: bool
    session: SessionOut


class QuestionOut(BaseModel):
    id: str
    round: Round
    topic: str
    level: Level
    prompt: str


class TopicProgressOut(BaseModel):
    topic: str
    round: str
    attempts: int
    average: float
    last: float
    last_at: str


class ScorePointOut(BaseModel):
    topic: str
    round: str
    question_id: str
    score: float
    at: str
