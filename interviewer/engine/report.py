"""The end-of-interview report, built from the session state and the bank."""

from __future__ import annotations

from collections.abc import Callable
from statistics import fmean

from pydantic import BaseModel

from interviewer.bank.models import Level, Question, Round
from interviewer.engine.models import SessionState
from interviewer.scoring.levels import RoundSignal, round_signal
from interviewer.scoring.models import Coverage, Evidence, JudgeSummary, RedFlagHit, StarCheck


class PointReport(BaseModel):
    key_point_id: str
    text: str
    weight: int
    status: Coverage
    evidence: Evidence | None = None


class QuestionReport(BaseModel):
    question_id: str
    round: Round
    topic: str
    prompt: str
    score: float
    answered: bool
    skipped: bool
    covered: list[PointReport]
    missing: list[PointReport]
    red_flags: list[RedFlagHit]
    notes: list[str]
    exemplar: str
    level_note: str
    star: StarCheck | None = None
    judge: JudgeSummary | None = None


class Report(BaseModel):
    session_id: str
    level: str
    overall: float
    by_round: dict[str, float]
    hire_signals: list[RoundSignal]
    questions: list[QuestionReport]


def build_report(state: SessionState, lookup: Callable[[str], Question]) -> Report:
    """Score per asked question; questions never reached are left out, skipped ones count 0."""
    reports: list[QuestionReport] = []
    for index, qs in enumerate(state.questions):
        if index > state.current and not state.finished:
            break
        if qs.assessment is None and not qs.skipped:
            continue
        question = lookup(qs.question_id)
        assessment = qs.assessment
        verdicts = assessment.verdicts if assessment else []
        points = [
            PointReport(
                key_point_id=v.key_point_id,
                text=v.text,
                weight=v.weight,
                status=v.status,
                evidence=v.evidence,
            )
            for v in verdicts
        ]
        reports.append(
            QuestionReport(
                question_id=question.id,
                round=question.round,
                topic=question.topic,
                prompt=question.prompt,
                score=assessment.score if assessment else 0.0,
                answered=bool(qs.answers),
                skipped=qs.skipped,
                covered=[p for p in points if p.status is Coverage.COVERED],
                missing=[p for p in points if p.status is not Coverage.COVERED],
                red_flags=assessment.red_flags if assessment else [],
                notes=assessment.notes if assessment else ["Skipped without an answer."],
                exemplar=question.exemplar,
                level_note=getattr(question.level_notes, state.plan.level.value),
                star=assessment.star if assessment else None,
                judge=assessment.judge if assessment else None,
            )
        )
    by_round: dict[str, list[float]] = {}
    for r in reports:
        by_round.setdefault(r.round.value, []).append(r.score)
    return Report(
        session_id=state.id,
        level=state.plan.level.value,
        overall=round(fmean(r.score for r in reports), 2) if reports else 0.0,
        by_round={k: round(fmean(v), 2) for k, v in by_round.items()},
        hire_signals=[
            _signal(name, [r for r in reports if r.round.value == name], state.plan.level)
            for name in by_round
        ],
        questions=reports,
    )


def _signal(name: str, reports: list[QuestionReport], level: Level) -> RoundSignal:
    heaviest_gaps = sorted(
        (p for r in reports for p in r.missing if p.status is Coverage.MISSING),
        key=lambda p: -p.weight,
    )
    strengths = sorted((p for r in reports for p in r.covered), key=lambda p: -p.weight)
    return round_signal(
        name,
        level,
        [r.score for r in reports],
        strengths=[_short(p.text) for p in strengths],
        gaps=[_short(p.text) for p in heaviest_gaps],
        red_flags=[_short(f.text) for r in reports for f in r.red_flags],
    )


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3].rsplit(" ", 1)[0] + "..."
