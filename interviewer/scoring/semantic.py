"""Meaning-level matching of rubric points against an answer's sentences.

Aliases recognise the phrasings an author thought of; a candidate who says "training loss is
low but validation is much worse, so it's variance" uses none of them. Each key point is
described by anchors (its text, the clauses of its text, and the exemplar sentences that
state it), each answer sentence is embedded once, and the point's similarity is the best
cosine between any anchor and any sentence. That sentence is the evidence, quoted exactly.

Embeddings of anchors are cached by the encoder (by text), so a question pays for its
anchors once per process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from interviewer.bank.models import KeyPoint, Question
from interviewer.scoring.text import Sentence, content_tokens, split_sentences
from interviewer.semantic.encoder import SentenceEncoder

_CLAUSE = re.compile(r";|,\s+(?:so|which|because|while|whereas|but)\b|\s+-\s+|\(|\)")
MIN_CLAUSE_WORDS = 3


@dataclass(frozen=True)
class Match:
    """The best sentence for one anchor set, with its cosine similarity."""

    similarity: float
    turn: int
    sentence: Sentence
    anchor: str = ""


def _clauses(text: str) -> list[str]:
    parts = [p.strip(" ,.") for p in _CLAUSE.split(text)]
    return [p for p in parts if len(content_tokens(p)) >= MIN_CLAUSE_WORDS]


def _alias_hit(point: KeyPoint, sentence: Sentence) -> bool:
    words = sentence.token_set
    return any(set(t) <= words for a in point.aliases if (t := content_tokens(a)))


def key_point_anchors(question: Question) -> tuple[tuple[str, ...], ...]:
    """Per key point: its text, its clauses, and exemplar sentences its aliases recognise."""
    key = (question.id, question.exemplar, tuple(kp.text for kp in question.rubric.key_points))
    cached = _ANCHORS.get(key)
    if cached is None:
        cached = _ANCHORS[key] = _anchors(question)
    return cached


_ANCHORS: dict[tuple[str, str, tuple[str, ...]], tuple[tuple[str, ...], ...]] = {}


def _anchors(question: Question) -> tuple[tuple[str, ...], ...]:
    exemplar = split_sentences(question.exemplar)
    anchors = []
    for point in question.rubric.key_points:
        texts = [point.text, *_clauses(point.text)]
        texts += [s.text for s in exemplar if _alias_hit(point, s)]
        anchors.append(tuple(dict.fromkeys(texts)))
    return tuple(anchors)


@dataclass(frozen=True)
class SimilarityTable:
    """Cosine similarities of every answer sentence to every key point and red flag.

    `key_points[k, j]`: the best anchor of key point k against sentence j;
    `red_flags[f, j]`: red flag f's description against sentence j.
    """

    sentences: list[tuple[int, Sentence]]
    key_points: npt.NDArray[np.float32]
    red_flags: npt.NDArray[np.float32]
    relevance: float
    #: `anchors[k][j]`: the text of key point k's anchor closest to sentence j
    anchors: list[list[str]]
    #: `correct[j]`: sentence j's closeness to anything the rubric says is right (its key
    #: points and the exemplar's sentences)
    correct: npt.NDArray[np.float32]

    def best(self, point: int, allowed: list[bool] | None = None) -> Match | None:
        """The closest allowed sentence to key point `point`."""
        row = self.key_points[point]
        if allowed is not None:
            row = np.where(allowed, row, -np.inf)
        if not len(row) or not np.isfinite(row).any():
            return None
        j = int(np.argmax(row))
        turn, sentence = self.sentences[j]
        return Match(float(row[j]), turn, sentence, self.anchors[point][j])


class SemanticMatcher:
    """Similarities of an answer's sentences to a question's key points and red flags."""

    def __init__(self, encoder: SentenceEncoder) -> None:
        self.encoder = encoder

    def table(self, question: Question, sentences: list[tuple[int, Sentence]]) -> SimilarityTable:
        """One encoder call for the answer; anchors come from the encoder's cache."""
        anchors = key_point_anchors(question)
        flags = [flag.text for flag in question.rubric.red_flags]
        about = [question.prompt, *[s.text for s in split_sentences(question.exemplar)]]
        texts = [t for group in anchors for t in group] + flags + about
        anchor = self.encoder.encode(texts)
        answer = self.encoder.encode([s.text for _, s in sentences])
        sims = anchor @ answer.T if len(sentences) else np.zeros((len(texts), 0), np.float32)
        rows, closest, start = [], [], 0
        for group in anchors:
            block = sims[start : start + len(group)]
            rows.append(block.max(axis=0))
            closest.append([group[int(i)] for i in block.argmax(axis=0)] if len(sentences) else [])
            start += len(group)
        n = len(sentences)
        key_points = np.vstack(rows) if rows else np.zeros((0, n), np.float32)
        red_flags = sims[start : start + len(flags)]
        start += len(flags)
        relevance = float(sims[start:].max()) if n else 0.0
        exemplar = sims[start + 1 :]
        correct = key_points.max(axis=0) if len(key_points) else np.full(n, -1.0, np.float32)
        if len(exemplar):
            correct = np.maximum(correct, exemplar.max(axis=0))
        return SimilarityTable(sentences, key_points, red_flags, relevance, closest, correct)

    def key_points(
        self, question: Question, sentences: list[tuple[int, Sentence]]
    ) -> list[Match | None]:
        """The closest sentence to each key point (None when the answer has no sentence)."""
        table = self.table(question, sentences)
        return [table.best(k) for k in range(len(question.rubric.key_points))]
