"""What a scorer returns: per key point verdicts with evidence quoted from the answer."""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol

from pydantic import BaseModel, Field

from interviewer.bank.models import Question


class Coverage(StrEnum):
    COVERED = "covered"
    PARTIAL = "partial"
    MISSING = "missing"


class Evidence(BaseModel):
    """A verbatim span of one answer turn: `answers[turn][start:end] == quote`."""

    turn: int = Field(ge=0)
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    quote: str


class KeyPointVerdict(BaseModel):
    key_point_id: str
    text: str
    weight: int
    status: Coverage
    evidence: Evidence | None = None
    matched: str | None = Field(default=None, description="the rubric phrase that matched")


class RedFlagHit(BaseModel):
    red_flag_id: str
    text: str
    evidence: Evidence


class Assessment(BaseModel):
    """A scorer's judgement of all the answer turns given to one question so far."""

    question_id: str
    score: float = Field(ge=0, le=5, description="0-5; see scoring.rules")
    verdicts: list[KeyPointVerdict]
    red_flags: list[RedFlagHit] = Field(default_factory=list)
    word_count: int = 0
    notes: list[str] = Field(default_factory=list)

    def with_status(self, *statuses: Coverage) -> list[KeyPointVerdict]:
        return [v for v in self.verdicts if v.status in statuses]

    @property
    def missing(self) -> list[KeyPointVerdict]:
        """Points not fully covered, heaviest first (ties keep rubric order)."""
        gaps = self.with_status(Coverage.MISSING, Coverage.PARTIAL)
        return sorted(gaps, key=lambda v: (-v.weight, v.status is Coverage.PARTIAL))

    @property
    def covered(self) -> list[KeyPointVerdict]:
        return self.with_status(Coverage.COVERED)


class Scorer(Protocol):
    """Anything that judges answers against a question's rubric."""

    def assess(self, question: Question, answers: list[str]) -> Assessment: ...
