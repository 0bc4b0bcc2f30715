"""The LLM judge: the configured model grades an answer against the rubric, as data.

The model sees the rubric and the answer (with any text addressed to the grader cut out,
see `guard`) split into numbered sentences, and must reply with JSON constrained by a
schema whose ids are the rubric's own: per key point a verdict and the number of the
sentence that shows it. Citing a number instead of copying text keeps the reply short (a
small local model writes ~100 tokens, not ~600) and makes evidence checkable: the quote
is the real sentence. The reply is checked, not trusted: a point the rubric does not have
is ignored, and a "covered" or "partial" verdict without a real sentence is missing.
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
from interviewer.scoring.guard import gradable_sentences
from interviewer.scoring.models import Coverage, Evidence

JUDGE_SEED = 1234
REPLY_TOKENS_BASE = 40
REPLY_TOKENS_PER_POINT = 40
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
    status: Literal["covered", "partial", "missing"]
    sentence: int = Field(default=0, description="the evidence: a sentence number; 0 for none")


class JudgeReply(BaseModel):
    """What the model must return; validated by pydantic before anything reads it."""

    points: dict[str, JudgePoint]
    overall: int = Field(ge=0, le=5)


def reply_schema(question: Question, sentences: int) -> JsonSchema:
    """`JudgeReply`'s schema with one required entry per rubric id, in rubric order.

    As a grammar this makes a small model give every point exactly one verdict; a hosted
    model gets the same shape through `response_format`.
    """
    point = {
        "type": "object",
        "properties": {
            "status": {"type": "string", "enum": ["covered", "partial", "missing"]},
            "sentence": {"type": "integer", "minimum": 0, "maximum": sentences},
        },
        "required": ["status", "sentence"],
        "additionalProperties": False,
    }
    ids = [kp.id for kp in question.rubric.key_points]
    return {
        "type": "object",
        "properties": {
            "points": {
                "type": "object",
                "properties": {i: point for i in ids},
                "required": ids,
                "additionalProperties": False,
            },
            "overall": {"type": "integer", "minimum": 0, "maximum": 5},
        },
        "required": ["points", "overall"],
        "additionalProperties": False,
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
    discarded_evidence: list[str] = field(default_factory=list)
    ignored_ids: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class NumberedSentence:
    number: int
    turn: int
    start: int
    end: int
    text: str
    quote: str


def numbered_sentences(answers: list[str]) -> list[NumberedSentence]:
    """The answer's gradable sentences, numbered from 1, with their spans in the original."""
    found: list[NumberedSentence] = []
    for turn, answer in enumerate(answers):
        for s in gradable_sentences(answer)[0]:
            found.append(NumberedSentence(len(found) + 1, turn, s.start, s.end, s.text, s.quote))
    return found


class LLMJudge:
    """Grades answers with the configured backend; one structured call per question."""

    def __init__(self, backend: Backend, prompts: Prompts) -> None:
        self.backend = backend
        self.prompts = prompts

    def messages(self, question: Question, answers: list[str], level: Level) -> list[Message]:
        return self._messages(question, numbered_sentences(answers), level)

    def _messages(
        self, question: Question, sentences: list[NumberedSentence], level: Level
    ) -> list[Message]:
        lines = [
            f"[{s.number}] "
            + re.sub(
                r"</?\s*candidate_answer\s*>", "", " ".join(s.text.split()), flags=re.IGNORECASE
            )
            for s in sentences
        ]
        answer = "\n".join(lines)
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
        sentences = numbered_sentences(answers)
        reply = generate_structured(
            self.backend,
            self._messages(question, sentences, level),
            JudgeReply,
            self.prompts,
            max_tokens=REPLY_TOKENS_BASE + REPLY_TOKENS_PER_POINT * len(question.rubric.key_points),
            schema=reply_schema(question, len(sentences)),
            seed=JUDGE_SEED,
        )
        return check_reply(reply, question, sentences, self.backend.model)


def check_reply(
    reply: JudgeReply, question: Question, sentences: list[NumberedSentence], model: str
) -> Judgement:
    """Keep what the reply may claim: rubric ids only, each backed by a real sentence."""
    known = {kp.id for kp in question.rubric.key_points}
    points: dict[str, JudgedPoint] = {}
    discarded: list[str] = []
    ignored: list[str] = []
    for point_id, point in reply.points.items():
        if point_id not in known:
            ignored.append(point_id)
            continue
        status = Coverage(point.status)
        evidence = None
        if status is not Coverage.MISSING:
            cited = sentences[point.sentence - 1] if 1 <= point.sentence <= len(sentences) else None
            if cited is not None:
                evidence = Evidence(
                    turn=cited.turn, start=cited.start, end=cited.end, quote=cited.quote
                )
            else:
                discarded.append(point_id)
                status = Coverage.MISSING
        points[point_id] = JudgedPoint(status, evidence)
    for kp_id in known - points.keys():
        points[kp_id] = JudgedPoint(Coverage.MISSING, None)
    return Judgement(
        model=model,
        points=points,
        overall=reply.overall,
        discarded_evidence=discarded,
        ignored_ids=ignored,
    )
