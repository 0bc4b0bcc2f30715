"""The LLM judge: the configured model grades an answer against the rubric, as data.

The model sees the rubric and the answer (with any text addressed to the grader cut out,
see `guard`), and must reply with JSON constrained by a schema whose ids are the rubric's
own. Its reply is then checked, not trusted: a point the rubric does not have is ignored,
and a "covered" or "partial" verdict whose evidence is not a real span of the answer (or
sits in text addressed to the grader) is treated as missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, Field

from interviewer.bank.models import Level, Question
from interviewer.llm.base import Backend, JsonSchema, Message
from interviewer.llm.structured import generate_structured
from interviewer.prompts import Prompts
from interviewer.scoring.guard import for_grading, grader_directed_spans, overlaps
from interviewer.scoring.models import Coverage, Evidence

JUDGE_SEED = 1234
MIN_EVIDENCE_WORDS = 3
MAX_EVIDENCE_CHARS = 300
_ROUND_NAMES = {
    "coding-ml": "ML coding",
    "ml-system-design": "ML system design",
    "ml-breadth": "ML breadth",
    "ml-domain-nlp": "NLP and LLM",
    "ml-domain-ranking": "search and ranking",
    "ml-infra": "ML infrastructure",
    "project-deep-dive": "project deep dive",
    "behavioral": "behavioral",
}


class JudgePoint(BaseModel):
    id: str
    status: Literal["covered", "partial", "missing"]
    evidence: str = Field(default="", max_length=2000)


class JudgeReply(BaseModel):
    """What the model must return; validated by pydantic before anything reads it."""

    points: list[JudgePoint]
    overall: int = Field(ge=0, le=5)
    feedback: str = Field(default="", max_length=1000)


def reply_schema(question: Question) -> JsonSchema:
    """`JudgeReply`'s schema with the ids pinned to this rubric (a grammar for small models)."""
    ids = [kp.id for kp in question.rubric.key_points]
    return {
        "type": "object",
        "properties": {
            "points": {
                "type": "array",
                "minItems": len(ids),
                "maxItems": len(ids),
                "items": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "string", "enum": ids},
                        "status": {"type": "string", "enum": ["covered", "partial", "missing"]},
                        "evidence": {"type": "string", "maxLength": MAX_EVIDENCE_CHARS},
                    },
                    "required": ["id", "status", "evidence"],
                },
            },
            "overall": {"type": "integer", "minimum": 0, "maximum": 5},
            "feedback": {"type": "string", "maxLength": 300},
        },
        "required": ["points", "overall", "feedback"],
    }


@dataclass(frozen=True)
class JudgedPoint:
    status: Coverage
    evidence: Evidence | None


@dataclass
class Judgement:
    """The judge's verdicts after checking: only rubric ids, only real evidence."""

    model: str
    points: dict[str, JudgedPoint]
    overall: int
    feedback: str
    discarded_evidence: list[str] = field(default_factory=list)
    ignored_ids: list[str] = field(default_factory=list)


def _normalise(text: str) -> tuple[str, list[int]]:
    """Lower-case, straight quotes, single spaces; with the original index of each character."""
    out: list[str] = []
    index: list[int] = []
    space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            if out and not space:
                out.append(" ")
                index.append(i)
            space = True
            continue
        space = False
        out.append({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}.get(ch, ch).lower())
        index.append(i)
    return "".join(out), index


def _clean_quote(quote: str) -> str:
    """The longest piece of a quote between ellipses, without wrapping quotes or dots."""
    pieces = [p for p in re.split(r"\.\.\.|\u2026", quote) if p.strip()]
    piece = max(pieces, key=len, default="")
    return piece.strip().strip("\"'\u201c\u201d\u2018\u2019` ").strip()


def locate(quote: str, answers: list[str]) -> Evidence | None:
    """The span of the answers that `quote` copies, unless it is too short or addressed to the grader."""
    needle, _ = _normalise(_clean_quote(quote))
    needle = needle.strip()
    if len(needle.split()) < MIN_EVIDENCE_WORDS:
        return None
    for turn, answer in enumerate(answers):
        haystack, index = _normalise(answer)
        at = haystack.find(needle)
        if at < 0:
            continue
        start, end = index[at], index[at + len(needle) - 1] + 1
        if overlaps(grader_directed_spans(answer), start, end):
            return None
        return Evidence(turn=turn, start=start, end=end, quote=answer[start:end])
    return None


class LLMJudge:
    """Grades answers with the configured backend; one structured call per question."""

    def __init__(self, backend: Backend, prompts: Prompts, *, max_tokens: int = 640) -> None:
        self.backend = backend
        self.prompts = prompts
        self.max_tokens = max_tokens

    def messages(self, question: Question, answers: list[str], level: Level) -> list[Message]:
        answer = "\n\n".join(for_grading(a) for a in answers if a.strip())
        answer = re.sub(r"</?\s*candidate_answer\s*>", "", answer, flags=re.IGNORECASE)
        system = self.prompts.render(
            "judge_system",
            question=question,
            level=level.value,
            level_note=getattr(question.level_notes, level.value),
            round_name=_ROUND_NAMES.get(question.round.value, question.round.value),
        )
        return [
            Message(role="system", content=system),
            Message(role="user", content=self.prompts.render("judge_answer", answer=answer)),
        ]

    def judge(self, question: Question, answers: list[str], level: Level) -> Judgement:
        reply = generate_structured(
            self.backend,
            self.messages(question, answers, level),
            JudgeReply,
            self.prompts,
            max_tokens=self.max_tokens,
            schema=reply_schema(question),
            seed=JUDGE_SEED,
        )
        return check_reply(reply, question, answers, self.backend.model)


def check_reply(reply: JudgeReply, question: Question, answers: list[str], model: str) -> Judgement:
    """Keep what the reply may claim: rubric ids only, each backed by a real span."""
    known = {kp.id for kp in question.rubric.key_points}
    points: dict[str, JudgedPoint] = {}
    discarded: list[str] = []
    ignored: list[str] = []
    for point in reply.points:
        if point.id not in known:
            ignored.append(point.id)
            continue
        if point.id in points:
            continue
        status = Coverage(point.status)
        evidence = None
        if status is not Coverage.MISSING:
            evidence = locate(point.evidence, answers)
            if evidence is None:
                discarded.append(point.id)
                status = Coverage.MISSING
        points[point.id] = JudgedPoint(status, evidence)
    for kp_id in known - points.keys():
        points[kp_id] = JudgedPoint(Coverage.MISSING, None)
    return Judgement(
        model=model,
        points=points,
        overall=reply.overall,
        feedback=reply.feedback.strip(),
        discarded_evidence=discarded,
        ignored_ids=ignored,
    )
