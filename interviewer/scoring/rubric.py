"""Offline rubric-coverage scorer: deterministic, no LLM, milliseconds per answer.

Two signals per key point, the better one counting:

- aliases, the precise one: a point is covered when every content word of one of its
  phrases occurs in a single sentence, partial when at least two words and two thirds of a
  longer phrase do;
- meaning (`semantic`): the cosine between the point's anchors and the closest sentence,
  mapped to a graded credit by the fitted `calibration`, so a paraphrase in the
  candidate's own words earns the point.

The sentence that earned the credit is quoted as evidence. A red flag fires on its trigger
phrase or on a sentence close in meaning to its description, never in a sentence that
negates it ("I would not ..."). Text addressed to the grader, filler and bare keyword lists
are removed before any of this (`guard`, `padding`), and the score is the calibrated,
monotone map of coverage minus red flags: no length rule, so a terse correct answer scores
what its content earns, and padding cannot lift one.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from interviewer.bank.models import KeyPoint, Question, Round
from interviewer.scoring import rules
from interviewer.scoring.behavioral import check_star
from interviewer.scoring.calibration import Calibration, calibration
from interviewer.scoring.guard import Span, gradable_sentences, negation_outside
from interviewer.scoring.models import (
    Assessment,
    Coverage,
    Evidence,
    KeyPointVerdict,
    OffQuestion,
    RedFlagHit,
)
from interviewer.scoring.padding import answer_sentences
from interviewer.scoring.polarity import reverses
from interviewer.scoring.semantic import Match, SemanticMatcher, SimilarityTable
from interviewer.scoring.star import star_credit
from interviewer.scoring.text import (
    Sentence,
    contains_sequence,
    demoted_words,
    has_negation,
    has_negation_in,
    phrase_tokens,
    split_sentences,
)

NO_ANSWER = re.compile(
    r"\b(?:i\s+(?:do\s*n[o']?t|don.t|dont)\s+know|no\s+idea|not\s+sure|no\s+clue|idk|pass"
    r"|i\s+(?:can.?t|cannot)\s+(?:remember|recall|say)|never\s+(?:heard|done|worked))\b",
    re.IGNORECASE,
)
NO_ANSWER_MAX_WORDS = 25
#: "I would mention X and Y": naming topics is not stating them; such a sentence earns
#: partial credit at most, by phrase or by meaning
NAME_DROP = re.compile(
    r"\b(?:i|we)(?:'d|'ll| would| will| could| can| might)?\s+(?:also\s+|probably\s+)?"
    r"(?:mention|talk about|discuss|bring up|touch on|name|list|cover)\b",
    re.IGNORECASE,
)
PARTIAL_MATCH_FRACTION = 2 / 3
STORY_ROUNDS = frozenset({Round.BEHAVIORAL, Round.PROJECT_DEEP_DIVE})
PARTIAL_MATCH_MIN_WORDS = 2


@lru_cache(maxsize=16384)
def _phrase(text: str) -> frozenset[str]:
    return frozenset(phrase_tokens(text))


def _names_only(sentence: Sentence) -> bool:
    return bool(NAME_DROP.search(sentence.text))


def _capped_credit(verdict: KeyPointVerdict) -> float:
    credit = rules.credit(verdict)
    if verdict.evidence is not None and NAME_DROP.search(verdict.evidence.quote):
        return min(credit, rules.PARTIAL_CREDIT)
    return credit


def _capped(verdict: KeyPointVerdict) -> KeyPointVerdict:
    """A phrase found only in a sentence that names topics counts as partial at most."""
    credit = _capped_credit(verdict)
    if credit >= rules.credit(verdict):
        return verdict
    return verdict.model_copy(update={"status": rules.status_for(credit), "credit": credit})


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
    """Scores answer turns against the rubric by aliases and, when available, by meaning.

    `semantic=None` uses the shipped sentence-embedding model when it is installed and the
    aliases alone otherwise (with a note saying so); `False` forces aliases alone (the
    baseline `bench/` and `eval` print beside it); a `SemanticMatcher` is used as given.
    """

    def __init__(
        self,
        semantic: SemanticMatcher | bool | None = None,
        settings: Calibration | None = None,
    ) -> None:
        self._semantic = semantic
        self._matcher: SemanticMatcher | None = (
            semantic if isinstance(semantic, SemanticMatcher) else None
        )
        self.calibration = settings or calibration()

    @property
    def matcher(self) -> SemanticMatcher | None:
        """The meaning matcher, loaded on first use (once per process for the shared model)."""
        if self._matcher is None and self._semantic is not False:
            from interviewer.semantic.encoder import semantic_available, shared_encoder

            if self._semantic is True or semantic_available():
                self._matcher = SemanticMatcher(shared_encoder())
            else:
                self._semantic = False
        return self._matcher

    @property
    def uses_semantic(self) -> bool:
        return self.matcher is not None

    def assess(self, question: Question, answers: list[str]) -> Assessment:
        # Text addressed to the grader, filler and bare keyword lists are cut out first:
        # coverage, red flags (and their negations) and STAR cues all read what is left.
        gradable = [gradable_sentences(answer) for answer in answers]
        cleaned = [answer_sentences(kept) for kept, _ in gradable]
        turns = [kept for kept, _ in cleaned]
        flat = [(turn, s) for turn, kept in enumerate(turns) for s in kept]
        matcher = self.matcher
        table = matcher.table(question, flat) if matcher is not None and flat else None
        flag_turns = [
            _flag_candidates(answer, kept, spans)
            for answer, (kept, spans) in zip(answers, gradable, strict=True)
        ]
        hits = self._red_flags(question, flag_turns, table)
        # A sentence that states a misconception is not evidence of knowing a point.
        wrong = {(h.evidence.turn, h.evidence.start) for h in hits}
        allowed = [(t, s.start) not in wrong for t, s in flat]
        right_turns = [
            [s for s in kept if (t, s.start) not in wrong] for t, kept in enumerate(turns)
        ]
        story = question.round in STORY_ROUNDS
        verdicts = self._merge(
            question,
            [_match_key_point(kp, right_turns) for kp in question.rubric.key_points],
            table,
            allowed,
            story,
        )
        star = question.round is Round.BEHAVIORAL
        if star:
            cap = _story_cue_cap(verdicts)
            verdicts = self._merge(
                question,
                [_match_key_point(kp, right_turns, cap) for kp in question.rubric.key_points],
                table,
                allowed,
                story,
            )
        star_check = None
        if star and any(v.key_point_id == "result" for v in verdicts):
            star_check, verdicts = check_star(verdicts, turns)
        words = sum(len(s.tokens) for kept in turns for s in kept)
        notes = []
        ignored = sum(len(spans) for _, spans in gradable)
        if ignored:
            notes.append(
                f"Ignored {ignored} passage(s) addressed to the grader: an answer is graded "
                "on what it says about the question."
            )
        padding = sum(dropped for _, dropped in cleaned)
        if padding:
            notes.append(
                f"Ignored {padding} sentence(s) that state nothing (filler, bare keyword "
                "lists): name a concept and say what it does or why it matters."
            )
        if star_check is not None:
            notes.extend(star_check.feedback())
        if matcher is None and self._semantic is not False:
            notes.append(
                "Scored by the rubric's phrases only: the sentence-embedding model is not "
                "installed, so paraphrases may be missed (see `interviewer doctor`)."
            )
        bonus = self._exemplar_bonus(question, right_turns, story)
        score = rules.score(verdicts, hits, settings=self.calibration, bonus=bonus)
        relevance = None if table is None else table.relevance
        return Assessment(
            question_id=question.id,
            score=score,
            verdicts=verdicts,
            red_flags=hits,
            word_count=words,
            notes=notes,
            star=star_check,
            relevance=None if relevance is None else round(relevance, 4),
            exemplar_bonus=round(bonus, 4),
            off_question=self._off_question(answers, flat, score, relevance),
        )

    def _exemplar_bonus(
        self, question: Question, turns: list[list[Sentence]], story: bool
    ) -> float:
        """Raw points for using the exemplar's own vocabulary beyond the question's words
        (question demoting, as in reference grading): a fitted weight per family."""
        weight = (
            self.calibration.story_exemplar_words_weight
            if story
            else self.calibration.exemplar_words_weight
        )
        if weight <= 0:
            return 0.0
        needed = demoted_words(question.exemplar, question.prompt)
        used = {w for kept in turns for s in kept for w in s.tokens}
        return weight * len(needed & used) / len(needed) if needed else 0.0

    def _off_question(
        self,
        answers: list[str],
        flat: list[tuple[int, Sentence]],
        score: float,
        relevance: float | None,
    ) -> OffQuestion | None:
        """No answer ("I don't know", or nothing but filler), or an answer that is far from
        the question in meaning and earns next to nothing: both get the question restated."""
        if score > self.calibration.off_question_max_score:
            return None
        latest = answers[-1] if answers else ""
        if not flat or (NO_ANSWER.search(latest) and len(latest.split()) <= NO_ANSWER_MAX_WORDS):
            return OffQuestion.NO_ANSWER
        if relevance is not None and relevance < self.calibration.off_topic_relevance:
            return OffQuestion.OFF_TOPIC
        return None

    def _merge(
        self,
        question: Question,
        verdicts: list[KeyPointVerdict],
        table: SimilarityTable | None,
        allowed: list[bool],
        story: bool,
    ) -> list[KeyPointVerdict]:
        """Each point's better credit of aliases and meaning, with its evidence; a point
        only named ("I would mention X") earns partial credit at most."""
        merged = []
        for k, (point, verdict) in enumerate(
            zip(question.rubric.key_points, verdicts, strict=True)
        ):
            match = None if table is None else table.best(k, allowed)
            credit = self._semantic_credit(point.text, match, story)
            if match is not None and _names_only(match.sentence):
                credit = min(credit, rules.PARTIAL_CREDIT)
            if match is None or credit <= _capped_credit(verdict):
                merged.append(_capped(verdict))
                continue
            merged.append(
                verdict.model_copy(
                    update={
                        "status": rules.status_for(credit),
                        "credit": round(credit, 4),
                        "evidence": _evidence(match.turn, match.sentence),
                        "matched": f"meaning (similarity {match.similarity:.2f})",
                    }
                )
            )
        return merged

    def _semantic_credit(self, anchor: str, match: Match | None, story: bool) -> float:
        if match is None:
            return 0.0
        credit = self.calibration.semantic_credit(match.similarity, story=story)
        # Close in meaning but saying the opposite: a negation on one side only (against
        # the point's text), or a reversed word against the anchor it matched.
        if has_negation(match.sentence) != has_negation_in(anchor) or reverses(
            match.sentence.text, match.anchor
        ):
            credit *= self.calibration.negation_factor
        return credit

    def _red_flags(
        self,
        question: Question,
        flag_turns: list[list[tuple[Sentence, bool]]],
        table: SimilarityTable | None,
    ) -> list[RedFlagHit]:
        """By trigger phrase, or by a sentence that states no negation and is closer to the
        flag's description than to any key point or exemplar sentence (a misconception about
        the same topic, not a correct statement near it)."""
        c = self.calibration
        hits = []
        for f, flag in enumerate(question.rubric.red_flags):
            hit = self._find_red_flag(flag.triggers, flag_turns)
            source = "trigger"
            if hit is None and table is not None and len(table.sentences):
                row = table.red_flags[f]
                for j in np.argsort(-row):
                    turn, sentence = table.sentences[int(j)]
                    if row[j] < c.red_flag_similarity:
                        break
                    if row[j] >= table.correct[j] + c.red_flag_margin and not has_negation(
                        sentence
                    ):
                        hit, source = _evidence(turn, sentence), "meaning"
                        break
            if hit is not None:
                hits.append(
                    RedFlagHit(red_flag_id=flag.id, text=flag.text, evidence=hit, source=source)
                )
        return hits

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
