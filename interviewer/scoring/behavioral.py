"""What a behavioral answer owes beyond its rubric: a full STAR shape, ownership, a number.

Human interviewers discount a story told in "we" (whose work was it?) and a result with no
measure ("it went well"). Both are applied as caps on the rubric's verdicts, so the score
rule stays one rule: the action counts as partial at most when the story is mostly "we",
and the result counts as partial at most when no sentence quantifies it.
"""

from __future__ import annotations

from interviewer.bank.models import STAR_PARTS
from interviewer.scoring.models import Coverage, KeyPointVerdict, StarCheck, StarPart
from interviewer.scoring.rules import PARTIAL_CREDIT
from interviewer.scoring.star import (
    after_first_action,
    mostly_we,
    pronoun_counts,
    quantity_in,
    star_cue,
)
from interviewer.scoring.text import Sentence


def _cap(verdict: KeyPointVerdict) -> KeyPointVerdict:
    if verdict.status is Coverage.COVERED or (verdict.credit or 0) > PARTIAL_CREDIT:
        return verdict.model_copy(
            update={
                "status": Coverage.PARTIAL,
                "credit": min(verdict.credit or 1.0, PARTIAL_CREDIT),
            }
        )
    return verdict


def _quantified_result(result: KeyPointVerdict | None, sentences: list[Sentence]) -> str | None:
    if result is not None and result.evidence is not None:
        found = quantity_in(result.evidence.quote)
        if found:
            return found
    for sentence in after_first_action(sentences):
        if star_cue("result", sentence.text):
            found = quantity_in(sentence.text)
            if found:
                return found
    return None


def check_star(
    verdicts: list[KeyPointVerdict], turns: list[list[Sentence]]
) -> tuple[StarCheck, list[KeyPointVerdict]]:
    """The STAR check of a story, and the verdicts with the ownership and number caps applied."""
    sentences = [s for turn in turns for s in turn]
    text = " ".join(s.text for s in sentences)
    by_id = {v.key_point_id: v for v in verdicts}
    mine, ours = pronoun_counts(text)
    we = mostly_we(text)
    number = _quantified_result(by_id.get("result"), sentences)
    check = StarCheck(
        parts=[
            StarPart(part=part, status=by_id[part].status, evidence=by_id[part].evidence)
            for part in STAR_PARTS
            if part in by_id
        ],
        first_person=mine,
        plural=ours,
        mostly_we=we,
        quantified_result=number,
    )
    capped = [
        _cap(v)
        if (v.key_point_id == "action" and we) or (v.key_point_id == "result" and number is None)
        else v
        for v in verdicts
    ]
    return check, capped
