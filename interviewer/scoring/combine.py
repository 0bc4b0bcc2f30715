"""The rule that combines rubric coverage and the LLM judge into one 0-5 score.

Per key point, with the rubric's graded credit and the judge's 1 / 0.5 / 0 for covered /
partial / missing:

    credit = rubric + w x (judge - rubric)          (a trusted judge moves it both ways)
    credit = rubric + w x max(0, judge - rubric)    (a weak judge may only add)

and the score is `rules.score` over those credits, so red flags and the calibration
apply as before. The judge's weight `w` follows the backend's strength: a large hosted model
is trusted most; the embedded 135M model only a little and only upwards, so it can credit
a paraphrase the rubric's words missed but can never drag the offline score down. The
judge's own overall grade is shown, never scored: it is the number an answer would try to
talk up. A judge verdict counts only with evidence found in the answer (`judge.check_reply`).
"""

from __future__ import annotations

from typing import Literal

from interviewer.llm.base import Strength
from interviewer.scoring import rules
from interviewer.scoring.judge import Judgement
from interviewer.scoring.models import Assessment, Coverage, JudgeSummary, KeyPointVerdict

JudgeMode = Literal["auto", "on", "off"]

#: strength -> (weight, raise_only)
JUDGE_WEIGHTS: dict[Strength, tuple[float, bool]] = {
    "none": (0.0, True),
    "weak": (0.25, True),
    "local": (0.5, False),
    "hosted": (0.6, False),
}


def judge_weight(strength: Strength, override: float | None = None) -> tuple[float, bool]:
    """(weight, raise_only) for a judge on a backend of this strength; a setting overrides."""
    weight, raise_only = JUDGE_WEIGHTS[strength]
    if override is not None:
        return override, raise_only  # a weak model stays add-only, whatever its weight
    return weight, raise_only


def _combine_point(
    verdict: KeyPointVerdict,
    judgement: Judgement,
    weight: float,
    raise_only: bool,
    ceiling: float = 1.0,
) -> KeyPointVerdict:
    judged = judgement.points[verdict.key_point_id]
    mine = rules.credit(verdict)
    theirs = rules.STATUS_CREDIT[judged.status]
    delta = theirs - mine
    if raise_only:
        delta = max(0.0, delta)
    credit = round(min(ceiling, mine + weight * delta), 4)
    evidence = verdict.evidence or judged.evidence
    return verdict.model_copy(
        update={
            "judge_status": judged.status,
            "credit": credit,
            "status": rules.status_for(credit),
            "evidence": evidence
            if rules.status_for(credit) is not Coverage.MISSING
            else verdict.evidence,
        }
    )


def _star_capped(assessment: Assessment) -> set[str]:
    """Story parts capped at partial (told in "we", result without a number): a judge
    cannot lift them past the cap the feedback announces."""
    star = assessment.star
    if star is None:
        return set()
    capped = set()
    if star.mostly_we:
        capped.add("action")
    if star.quantified_result is None:
        capped.add("result")
    return capped


def combine(
    assessment: Assessment, judgement: Judgement, weight: float, raise_only: bool
) -> Assessment:
    """The rubric's assessment with the judge's checked verdicts folded in."""
    capped = _star_capped(assessment)
    verdicts = [
        _combine_point(
            v,
            judgement,
            weight,
            raise_only,
            rules.PARTIAL_CREDIT if v.key_point_id in capped else 1.0,
        )
        for v in assessment.verdicts
    ]
    notes = list(assessment.notes)
    if judgement.discarded_evidence:
        notes.append(
            "The judge claimed "
            + ", ".join(judgement.discarded_evidence)
            + " without citing a sentence of the answer; those claims were not counted."
        )
    return assessment.model_copy(
        update={
            "verdicts": verdicts,
            "score": rules.score(verdicts, assessment.red_flags, bonus=assessment.exemplar_bonus),
            "notes": notes,
            "judge": JudgeSummary(
                model=judgement.model,
                weight=weight,
                raise_only=raise_only,
                overall=judgement.overall,
                discarded_evidence=judgement.discarded_evidence,
                ignored_ids=judgement.ignored_ids,
                rubric_score=assessment.score,
            ),
        }
    )
