"""The documented rule that turns key-point coverage into a 0-5 score.

score = 5 x sum(weight x credit) / total weight - 0.5 per red flag hit (at most 1.5)

where a point's credit is 1 covered, 0.5 partial, 0 missing (or the combined credit when an
LLM judge ran, see scoring.combine); then capped at 1.0 when the whole answer has fewer than
SHORT_ANSWER_WORDS content words: a one-liner cannot show the reasoning an interviewer
grades, whatever words it contains.
"""

from __future__ import annotations

from interviewer.scoring.models import Coverage, KeyPointVerdict

PARTIAL_CREDIT = 0.5
RED_FLAG_PENALTY = 0.5
MAX_RED_FLAG_PENALTY = 1.5
SHORT_ANSWER_WORDS = 20
SHORT_ANSWER_CAP = 1.0
STATUS_CREDIT = {Coverage.COVERED: 1.0, Coverage.PARTIAL: PARTIAL_CREDIT, Coverage.MISSING: 0.0}


def coverage_fraction(verdicts: list[KeyPointVerdict]) -> float:
    total = sum(v.weight for v in verdicts)
    if total == 0:
        return 0.0
    return sum(v.weight * credit(v) for v in verdicts) / total


def credit(verdict: KeyPointVerdict) -> float:
    """Share of a point's weight earned: a combined credit when a judge ran, else the status's."""
    if verdict.credit is not None:
        return verdict.credit
    return STATUS_CREDIT[verdict.status]


def score(verdicts: list[KeyPointVerdict], red_flags_hit: int, content_words: int) -> float:
    value = 5.0 * coverage_fraction(verdicts)
    value -= min(MAX_RED_FLAG_PENALTY, RED_FLAG_PENALTY * red_flags_hit)
    if content_words < SHORT_ANSWER_WORDS:
        value = min(value, SHORT_ANSWER_CAP)
    return round(max(0.0, min(5.0, value)), 1)
