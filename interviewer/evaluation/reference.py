"""Grade an answer against a reference answer alone, for questions not in our bank.

Public grading datasets give a question, a reference answer and graded student answers.
Each sentence of the reference becomes a key point; a point is covered when most of its
content words occur in the answer (partial when about a third do), the best-matching
answer sentence being the evidence. The score then follows the usual rule.
"""

from __future__ import annotations

import re

from interviewer.bank.models import KeyPoint, Level, LevelNotes, Question, Round, Rubric
from interviewer.scoring import rules
from interviewer.scoring.guard import gradable_sentences
from interviewer.scoring.models import Assessment, Coverage, Evidence, KeyPointVerdict
from interviewer.scoring.text import content_tokens, split_sentences

COVERED_FRACTION = 0.6
PARTIAL_FRACTION = 0.3


def _pieces(reference: str) -> list[str]:
    sentences = [s.text for s in split_sentences(reference) if content_tokens(s.text)]
    if len(sentences) >= 2:
        return sentences
    clauses = [c.strip() for c in re.split(r",|;|\band\b", reference) if content_tokens(c)]
    return clauses or [reference]


def reference_question(
    question: str, reference: str, round_name: str | None, index: int
) -> Question:
    """A bank-shaped question whose key points are the reference's sentences (unvalidated:
    a short reference may have fewer than the four key points a bank question needs)."""
    points = [
        KeyPoint.model_construct(
            id=f"ref-{i + 1}", text=piece, weight=1, aliases=[piece], probe="Can you say more?"
        )
        for i, piece in enumerate(_pieces(reference))
    ]
    try:
        round_value = Round(round_name or "ml-breadth")
    except ValueError:
        round_value = Round.ML_BREADTH
    note = "Matches the reference answer."
    return Question.model_construct(
        id=f"external-{index}",
        round=round_value,
        topic="external",
        level=Level.MID,
        prompt=question,
        hints=[],
        rubric=Rubric.model_construct(key_points=points, red_flags=[]),
        exemplar=reference,
        level_notes=LevelNotes.model_construct(junior=note, mid=note, senior=note, staff=note),
    )


class ReferenceScorer:
    """Token coverage of each reference sentence by the whole answer."""

    def assess(self, question: Question, answers: list[str]) -> Assessment:
        sentences = [
            (turn, s) for turn, answer in enumerate(answers) for s in gradable_sentences(answer)[0]
        ]
        answer_words = {w for _, s in sentences for w in s.tokens}
        verdicts = []
        for kp in question.rubric.key_points:
            needed = set(content_tokens(kp.text))
            found = len(needed & answer_words) / len(needed) if needed else 0.0
            status = (
                Coverage.COVERED
                if found >= COVERED_FRACTION
                else Coverage.PARTIAL
                if found >= PARTIAL_FRACTION
                else Coverage.MISSING
            )
            evidence = None
            if status is not Coverage.MISSING and sentences:
                turn, best = max(sentences, key=lambda ts: len(needed & ts[1].token_set))
                evidence = Evidence(turn=turn, start=best.start, end=best.end, quote=best.quote)
            verdicts.append(
                KeyPointVerdict(
                    key_point_id=kp.id,
                    text=kp.text,
                    weight=kp.weight,
                    status=status,
                    evidence=evidence,
                )
            )
        words = sum(len(s.tokens) for _, s in sentences)
        return Assessment(
            question_id=question.id,
            score=rules.score(verdicts, 0, words),
            verdicts=verdicts,
            word_count=words,
        )
