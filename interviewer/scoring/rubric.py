"""Offline rubric-coverage scorer: deterministic, model-free, microseconds per answer.

A key point is *covered* when every content word of one of its phrases (aliases) occurs in
a single sentence of the answer, and *partial* when at least two words and two thirds of a
longer phrase do (one shared word such as "learning" is not evidence). The sentence is quoted as evidence. A red flag fires only on its contiguous
trigger phrase, and never in a sentence that negates it ("I would not ...").
"""

from __future__ import annotations

from functools import lru_cache

from interviewer.bank.models import KeyPoint, Question, Round
from interviewer.scoring import rules
from interviewer.scoring.behavioral import check_star
from interviewer.scoring.guard import Span, gradable_sentences, negation_outside
from interviewer.scoring.models import (
    Assessment,
    Coverage,
    Evidence,
    KeyPointVerdict,
    RedFlagHit,
)
from interviewer.scoring.star import star_credit
from interviewer.scoring.text import (
    Sentence,
    contains_sequence,
    has_negation,
    has_negation_in,
    phrase_tokens,
    split_sentences,
)

PARTIAL_MATCH_FRACTION = 2 / 3
PARTIAL_MATCH_MIN_WORDS = 2


@lru_cache(maxsize=16384)
def _phrase(text: str) -> frozenset[str]:
    return frozenset(phrase_tokens(text))


def _evidence(turn: int, sentence: Sentence) -> Evidence:
    return Evidence(turn=turn, start=sentence.start, end=sentence.end, quote=sentence.quote)


def _match_key_point(
    key_point: KeyPoint, turns: list[list[Sentence]], cue_cap: Coverage | None = None
) -> KeyPointVerdict:
    """Aliases first; then, for a story (`cue_cap` set), the generic STAR cue up to the cap."""
    best: tuple[float, int, Sentence, str] | None = None
    for turn, sentences in enumerate(turns):
        for sentence in sentences:
            words = sentence.token_set
            for phrase in key_point.aliases:
                needed = _phrase(phrase)
                if not needed:
                    continue
                shared = len(needed & words)
                found = shared / len(needed)
                if found == 1.0:
                    return KeyPointVerdict(
                        key_point_id=key_point.id,
                        text=key_point.text,
                        weight=key_point.weight,
                        status=Coverage.COVERED,
                        evidence=_evidence(turn, sentence),
                        matched=phrase,
                    )
                if (
                    shared >= PARTIAL_MATCH_MIN_WORDS
                    and found >= PARTIAL_MATCH_FRACTION
                    and (best is None or found > best[0])
                ):
                    best = (found, turn, sentence, phrase)
    if cue_cap is not None and cue_cap is not Coverage.MISSING:
        cue = star_credit(key_point.id, [s for sentences in turns for s in sentences])
        if cue is not None and cue_cap is Coverage.PARTIAL:
            cue = (Coverage.PARTIAL, cue[1])
        if cue is not None and (cue[0] is Coverage.COVERED or best is None):
            status, sentence = cue
            turn = next(i for i, sentences in enumerate(turns) if sentence in sentences)
            return KeyPointVerdict(
                key_point_id=key_point.id,
                text=key_point.text,
                weight=key_point.weight,
                status=status,
                evidence=_evidence(turn, sentence),
                matched="STAR cue",
            )
    if best is not None:
        _, turn, sentence, phrase = best
        return KeyPointVerdict(
            key_point_id=key_point.id,
            text=key_point.text,
            weight=key_point.weight,
            status=Coverage.PARTIAL,
            evidence=_evidence(turn, sentence),
            matched=phrase,
        )
    return KeyPointVerdict(
        key_point_id=key_point.id,
        text=key_point.text,
        weight=key_point.weight,
        status=Coverage.MISSING,
    )


def _flag_candidates(
    answer: str, kept: list[Sentence], spans: list[Span]
) -> list[tuple[Sentence, bool]]:
    """Where a red flag is looked for, each with whether a negation cancels it there.

    Misconceptions count wherever they are, also in text addressed to the grader (gluing an
    attempt onto a wrong sentence must not hide it), but a negation counts only outside that
    text (a "no errors" in an attempt must not cancel a flag). The sentences left after the
    cut are searched too, for a trigger that an insertion split in two.
    """
    if not spans:
        return [(s, has_negation(s)) for s in kept]
    original = [
        (s, has_negation_in(negation_outside(answer, s.start, s.end, spans)))
        for s in split_sentences(answer)
    ]
    return original + [(s, has_negation(s)) for s in kept]


def _story_cue_cap(alias_verdicts: list[KeyPointVerdict]) -> Coverage:
    """How much the generic STAR cues may credit: a story in which the rubric's own phrases
    recognise nothing is about something else, and its shape alone earns nothing; once the
    story is recognisably on the question, a well-told part earns full credit."""
    on_topic = any(v.status is not Coverage.MISSING for v in alias_verdicts)
    return Coverage.COVERED if on_topic else Coverage.MISSING


class RubricScorer:
    """Scores answer turns against the rubric by normalised text and aliases."""

    def assess(self, question: Question, answers: list[str]) -> Assessment:
        # Text addressed to the grader is cut out first: coverage, red flags (and their
        # negations), STAR cues and the word count all read what is left.
        gradable = [gradable_sentences(answer) for answer in answers]
        turns = [kept for kept, _ in gradable]
        star = question.round is Round.BEHAVIORAL
        verdicts = [_match_key_point(kp, turns) for kp in question.rubric.key_points]
        if star:
            cap = _story_cue_cap(verdicts)
            verdicts = [_match_key_point(kp, turns, cap) for kp in question.rubric.key_points]
        star_check = None
        if star and any(v.key_point_id == "result" for v in verdicts):
            star_check, verdicts = check_star(verdicts, turns)
        hits = []
        flag_turns = [
            _flag_candidates(answer, kept, spans)
            for answer, (kept, spans) in zip(answers, gradable, strict=True)
        ]
        for flag in question.rubric.red_flags:
            hit = self._find_red_flag(flag.triggers, flag_turns)
            if hit is not None:
                hits.append(RedFlagHit(red_flag_id=flag.id, text=flag.text, evidence=hit))
        words = sum(len(s.tokens) for kept in turns for s in kept)
        notes = []
        ignored = sum(len(spans) for _, spans in gradable)
        if ignored:
            notes.append(
                f"Ignored {ignored} passage(s) addressed to the grader: an answer is graded "
                "on what it says about the question."
            )
        if star_check is not None:
            notes.extend(star_check.feedback())
        if words < rules.SHORT_ANSWER_WORDS:
            notes.append(
                f"Very short answer ({words} content words): score capped at {rules.SHORT_ANSWER_CAP}."
            )
        return Assessment(
            question_id=question.id,
            score=rules.score(verdicts, len(hits), words),
            verdicts=verdicts,
            red_flags=hits,
            word_count=words,
            notes=notes,
            star=star_check,
        )

    @staticmethod
    def _find_red_flag(
        triggers: list[str], turns: list[list[tuple[Sentence, bool]]]
    ) -> Evidence | None:
        for trigger in triggers:
            needle = phrase_tokens(trigger)
            for turn, candidates in enumerate(turns):
                for sentence, negated in candidates:
                    if contains_sequence(sentence.tokens, needle) and not negated:
                        return _evidence(turn, sentence)
        return None
