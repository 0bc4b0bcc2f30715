"""The documented rule that turns key-point coverage into a 0-5 score.

raw   = 5 x sum(weight x credit) / total weight + exemplar-vocabulary bonus
        - a penalty per red flag hit (capped)
score = calibration.to_score(raw)

A point's credit is its share of the weight earned: 1 covered and 0.5 partial by the
rubric's phrases, a graded 0-1 from meaning (`scoring.semantic`), or the combined credit
when an LLM judge ran (`scoring.combine`). The penalty and the monotone map from raw to
the human 0-5 scale are fitted on development data (`scoring.calibration`). There is no
length rule: a short answer scores what it states correctly.
"""

from __future__ import annotations

from interviewer.scoring.calibration import Calibration, calibration
from interviewer.scoring.models import Coverage, KeyPointVerdict, RedFlagHit

PARTIAL_CREDIT = 0.5
COVERED_AT = 0.75
PARTIAL_AT = 0.25
STATUS_CREDIT = {Coverage.COVERED: 1.0, Coverage.PARTIAL: PARTIAL_CREDIT, Coverage.MISSING: 0.0}


def status_for(credit: float) -> Coverage:
    """How a graded credit reads: covered from 0.75, partial from 0.25."""
    if credit >= COVERED_AT:
        return Coverage.COVERED
    if credit >= PARTIAL_AT:
        return Coverage.PARTIAL
    return Coverage.MISSING


def coverage_fraction(verdicts: list[KeyPointVerdict]) -> float:
    total = sum(v.weight for v in verdicts)
    if total == 0:
        return 0.0
    return sum(v.weight * credit(v) for v in verdicts) / total


def credit(verdict: KeyPointVerdict) -> float:
    """Share of a point's weight earned: its graded credit when it has one, else its status's."""
    if verdict.credit is not None:
        return verdict.credit
    return STATUS_CREDIT[verdict.status]


def raw_score(
    verdicts: list[KeyPointVerdict],
    red_flags: list[RedFlagHit],
    settings: Calibration | None = None,
    bonus: float = 0.0,
) -> float:
    c = settings or calibration()
    penalty = sum(
        c.red_flag_penalty if hit.source == "trigger" else c.meaning_red_flag_penalty
        for hit in red_flags
    )
    return 5.0 * coverage_fraction(verdicts) + bonus - min(c.max_red_flag_penalty, penalty)


def score(
    verdicts: list[KeyPointVerdict],
    red_flags: list[RedFlagHit],
    settings: Calibration | None = None,
    bonus: float = 0.0,
) -> float:
    c = settings or calibration()
    if not verdicts or coverage_fraction(verdicts) == 0:
        return 0.0  # nothing stated earns nothing, whatever the map's floor
    return round(c.to_score(raw_score(verdicts, red_flags, c, bonus)), 1)
