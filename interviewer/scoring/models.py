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
    judge_status: Coverage | None = Field(
        default=None, description="the LLM judge's checked verdict, when a judge ran"
    )
    credit: float | None = Field(
        default=None,
        ge=0,
        le=1,
        description="share of the weight earned when rubric and judge were combined",
    )


class RedFlagHit(BaseModel):
    red_flag_id: str
    text: str
    evidence: Evidence
    source: str = Field(default="trigger", description="trigger phrase, or closeness in meaning")


class JudgeSummary(BaseModel):
    """What the LLM judge said about a question, and how much it counted."""

    model: str
    weight: float = Field(ge=0, le=1)
    raise_only: bool
    overall: int = Field(ge=0, le=5, description="the judge's own grade; shown, not scored")
    discarded_evidence: list[str] = Field(
        default_factory=list, description="points claimed without a real sentence as evidence"
    )
    ignored_ids: list[str] = Field(default_factory=list, description="ids the rubric does not have")
    rubric_score: float = Field(ge=0, le=5, description="the offline score before combining")


class StarPart(BaseModel):
    part: str
    status: Coverage
    evidence: Evidence | None = None


class StarCheck(BaseModel):
    """How complete and how owned a behavioral story is; each gap becomes feedback."""

    parts: list[StarPart]
    first_person: int = Field(description="'I' as the subject")
    plural: int = Field(description="'we' as the subject")
    mostly_we: bool
    quantified_result: str | None = Field(
        default=None, description="the number that measures the result, when there is one"
    )

    def feedback(self) -> list[str]:
        lines = [
            f"STAR: the {p.part} is missing; say it in a sentence of its own."
            for p in self.parts
            if p.status is Coverage.MISSING
        ]
        if self.mostly_we:
            lines.append(
                f"Ownership: {self.plural} x 'we' against {self.first_person} x 'I'; say what "
                "you did yourself (the action is credited as partial at most)."
            )
        result = next((p for p in self.parts if p.part == "result"), None)
        if (
            result is not None
            and result.status is not Coverage.MISSING
            and not self.quantified_result
        ):
            lines.append(
                "Result: no number measures it; give the metric and the change "
                "(the result is credited as partial at most)."
            )
        return lines


class OffQuestion(StrEnum):
    """Why an answer does not answer the question, so the interviewer can say so."""

    NO_ANSWER = "no-answer"
    OFF_TOPIC = "off-topic"


class Assessment(BaseModel):
    """A scorer's judgement of all the answer turns given to one question so far."""

    question_id: str
    score: float = Field(ge=0, le=5, description="0-5; see scoring.rules")
    verdicts: list[KeyPointVerdict]
    red_flags: list[RedFlagHit] = Field(default_factory=list)
    word_count: int = 0
    notes: list[str] = Field(default_factory=list)
    star: StarCheck | None = None
    judge: JudgeSummary | None = None
    exemplar_bonus: float = Field(
        default=0.0, ge=0, description="raw points for the exemplar's vocabulary (see rules)"
    )
    relevance: float | None = Field(
        default=None, description="closeness of the answer to the question (None: not measured)"
    )
    off_question: OffQuestion | None = Field(
        default=None, description="set when the answer is not an answer to this question"
    )

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
