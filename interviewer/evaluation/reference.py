"""Grade an answer against a reference answer alone, for questions not in our bank.

Public grading datasets give a question, a reference answer and graded student answers.
Each sentence of the reference becomes a key point, credited by the same two signals as a
bank question's points (words and meaning), the best-matching answer sentence being the
evidence.
"""

from __future__ import annotations

import hashlib
import re

from interviewer.bank.models import KeyPoint, Level, LevelNotes, Question, Round, Rubric
from interviewer.scoring import rules
from interviewer.scoring.calibration import Calibration
from interviewer.scoring.guard import gradable_sentences
from interviewer.scoring.models import Assessment, Evidence, KeyPointVerdict
from interviewer.scoring.padding import answer_sentences
from interviewer.scoring.rubric import RubricScorer
from interviewer.scoring.semantic import Match, SemanticMatcher
from interviewer.scoring.text import Sentence, content_tokens, demoted_words, split_sentences


def _pieces(reference: str) -> list[str]:
    sentences = [s.text for s in split_sentences(reference) if content_tokens(s.text)]
    if len(sentences) >= 2:
        return sentences
    clauses = [c.strip() for c in re.split(r",|;|\band\b", reference) if content_tokens(c)]
    return clauses or [reference]


def reference_question(question: str, reference: str, round_name: str | None) -> Question:
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
        # One id per question text: rows of the same question share folds and cached anchors.
        id="external-" + hashlib.sha1(f"{question}\n{reference}".encode()).hexdigest()[:10],
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
    """Each reference piece credited by a blend of meaning and words.

    Meaning: the similarity of the closest answer sentence to the piece, mapped by the
    reference band of the fitted calibration. Words: the share of the piece's content words,
    less the question's own, that the answer uses. A piece's credit is
    `reference_meaning_share` x meaning + the rest x words; raw = 5 x the mean credit, and
    the score is the calibration's reference map of raw (fitted on a public human-graded
    set, see eval/README.md).
    """

    def __init__(self, semantic: SemanticMatcher | bool | None = None) -> None:
        self._rubric = RubricScorer(semantic)

    def signals(
        self, question: Question, answers: list[str]
    ) -> tuple[list[tuple[int, Sentence]], list[tuple[float, float, Match | None]]]:
        """The answer's sentences, and per piece (similarity, word share, closest sentence)."""
        sentences = [
            (turn, s)
            for turn, answer in enumerate(answers)
            for s in answer_sentences(gradable_sentences(answer)[0])[0]
        ]
        answer_words = {w for _, s in sentences for w in s.tokens}
        matcher = self._rubric.matcher
        matches: list[Match | None] = (
            matcher.key_points(question, sentences)
            if matcher is not None and sentences
            else [None] * len(question.rubric.key_points)
        )
        out = []
        for kp, match in zip(question.rubric.key_points, matches, strict=True):
            needed = demoted_words(kp.text, question.prompt)
            share = len(needed & answer_words) / len(needed) if needed else 0.0
            out.append((0.0 if match is None else match.similarity, share, match))
        return sentences, out

    def assess(self, question: Question, answers: list[str]) -> Assessment:
        sentences, pieces = self.signals(question, answers)
        cal = self._rubric.calibration
        verdicts = []
        for kp, (similarity, share, match) in zip(question.rubric.key_points, pieces, strict=True):
            credit = reference_credit(cal, similarity if match is not None else None, share)
            evidence = None
            if credit > 0 and match is not None:
                evidence = Evidence(
                    turn=match.turn,
                    start=match.sentence.start,
                    end=match.sentence.end,
                    quote=match.sentence.quote,
                )
            elif credit > 0 and sentences:
                needed = demoted_words(kp.text, question.prompt)
                turn, best = max(sentences, key=lambda ts: len(needed & ts[1].token_set))
                evidence = Evidence(turn=turn, start=best.start, end=best.end, quote=best.quote)
            verdicts.append(
                KeyPointVerdict(
                    key_point_id=kp.id,
                    text=kp.text,
                    weight=kp.weight,
                    status=rules.status_for(credit),
                    credit=round(credit, 4),
                    evidence=evidence,
                )
            )
        words = sum(len(s.tokens) for _, s in sentences)
        raw = 5.0 * rules.coverage_fraction(verdicts)
        return Assessment(
            question_id=question.id,
            score=round(cal.reference_score(raw), 1) if raw > 0 else 0.0,
            verdicts=verdicts,
            word_count=words,
        )


def reference_credit(cal: Calibration, similarity: float | None, share: float) -> float:
    """One piece's credit: the fitted blend of meaning (absent without the model) and words."""
    if similarity is None:
        return share
    meaning = cal.reference_credit(similarity)
    blend = cal.reference_meaning_share
    return min(1.0, max(0.0, blend * meaning + (1 - blend) * share))
