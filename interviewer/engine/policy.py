"""Which follow-up to ask: the heaviest key point the answers still miss, or move on."""

from __future__ import annotations

from dataclasses import dataclass

from interviewer.bank.models import KeyPoint, Question
from interviewer.scoring.models import Assessment


@dataclass(frozen=True)
class Probe:
    key_point: KeyPoint


@dataclass(frozen=True)
class MoveOn:
    reason: str


Decision = Probe | MoveOn


class FollowUpPolicy:
    """Probe missing points by descending weight, at most `max_followups` per question.

    A point is probed once: if the candidate still misses it after the probe, the
    interviewer moves on rather than repeating itself, as a human would.
    """

    def __init__(self, max_followups: int) -> None:
        self.max_followups = max_followups

    def next(self, question: Question, assessment: Assessment, probed: list[str]) -> Decision:
        if len(probed) >= self.max_followups:
            return MoveOn("follow-up budget spent")
        for verdict in assessment.missing:
            if verdict.key_point_id not in probed:
                return Probe(question.key_point(verdict.key_point_id))
        if assessment.missing:
            return MoveOn("every missing point was already probed")
        return MoveOn("all key points covered")
