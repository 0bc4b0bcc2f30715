"""Text normalisation for deterministic matching: sentences with spans, light stemming.

Both the rubric phrases and the answer go through the same functions, so a stemming rule
only has to be consistent, not linguistically perfect.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "then",
        "else",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "into",
        "onto",
        "over",
        "under",
        "about",
        "than",
        "so",
        "such",
        "that",
        "this",
        "these",
        "those",
        "there",
        "here",
        "it",
        "its",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "do",
        "does",
        "did",
        "done",
        "have",
        "has",
        "had",
        "having",
        "i",
        "me",
        "my",
        "mine",
        "we",
        "our",
        "ours",
        "you",
        "your",
        "he",
        "she",
        "they",
        "them",
        "their",
        "his",
        "her",
        "what",
        "which",
        "who",
        "whom",
        "when",
        "where",
        "why",
        "how",
        "all",
        "any",
        "both",
        "each",
        "other",
        "some",
        "own",
        "same",
        "very",
        "can",
        "could",
        "would",
        "should",
        "will",
        "shall",
        "may",
        "might",
        "must",
        "also",
        "just",
        "only",
        "too",
        "up",
        "down",
        "out",
        "off",
        "again",
        "once",
        "per",
        "via",
        "vs",
        "etc",
        "let",
        "lets",
        "get",
        "got",
    ]
)
NEGATIONS = frozenset(
    {"not", "no", "never", "without", "avoid", "instead", "rather", "neither", "nor"}
)

_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\n\s*\n|\n(?=\s*(?:[-*•]|\d+[.)])\s)")
_WORD = re.compile(r"[a-z0-9]+")
_DOUBLE_CONSONANT = re.compile(r"([b-df-hj-np-tv-z])\1$")


@dataclass(frozen=True)
class Sentence:
    """A sentence of the original text with its character span and its content tokens."""

    start: int
    end: int
    text: str
    tokens: tuple[str, ...]
    #: the original text at start:end when `text` had something cut out of it (see guard)
    original: str | None = None

    @property
    def quote(self) -> str:
        return self.text if self.original is None else self.original

    @property
    def token_set(self) -> frozenset[str]:
        return frozenset(self.tokens)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A small, consistent suffix stripper (plural, -ing, -ed, -ise/-ize, final e)."""
    if len(word) <= 3 or word.isdigit():
        return word
    for british, american in (("isation", "ization"), ("ising", "izing"), ("ised", "ized")):
        if word.endswith(british):
            word = word[: -len(british)] + american
    if word.endswith("ises") or word.endswith("ise"):
        word = word[: word.rindex("is")] + "iz" + word[word.rindex("is") + 2 :]
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith(("ss", "us", "is", "ias")):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if _DOUBLE_CONSONANT.search(word) and not word.endswith(("ll", "ss")):
                word = word[:-1]
            break
    if word.endswith("ization"):
        word = word[:-5]
    elif word.endswith("ation") and len(word) > 7:
        word = word[:-3]
    if word.endswith("ll") and len(word) > 4:
        word = word[:-1]
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


def raw_words(text: str) -> list[str]:
    """Lower-cased words, with n't expanded so that negations survive."""
    return _WORD.findall(text.lower().replace("n't", " not").replace("n’t", " not"))


def content_tokens(text: str) -> tuple[str, ...]:
    """Stemmed words without stopwords: what matching compares."""
    return tuple(stem(w) for w in raw_words(text) if w not in STOPWORDS)


def phrase_tokens(text: str) -> tuple[str, ...]:
    """Tokens of a rubric phrase; falls back to all words when every word is a stopword."""
    tokens = content_tokens(text)
    return tokens or tuple(stem(w) for w in raw_words(text))


def demoted_words(text: str, question: str) -> set[str]:
    """Content words of `text` that the question does not already use (question demoting,
    Mohler et al. 2011): repeating the question's words is not evidence of an answer."""
    words = set(content_tokens(text))
    return words - set(content_tokens(question)) or words


def split_sentences(text: str) -> list[Sentence]:
    """Split into sentences (also at blank lines and list items), keeping the original spans."""
    sentences = []
    start = 0
    for match in [*_SENTENCE_END.finditer(text), None]:
        end = match.start() if match else len(text)
        chunk = text[start:end]
        stripped = chunk.strip()
        if stripped:
            offset = start + chunk.index(stripped)
            sentences.append(
                Sentence(offset, offset + len(stripped), stripped, content_tokens(stripped))
            )
        if match:
            start = match.end()
    return sentences


def has_negation(sentence: Sentence) -> bool:
    return has_negation_in(sentence.text)


def has_negation_in(text: str) -> bool:
    return any(w in NEGATIONS for w in raw_words(text))


def contains_sequence(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    n = len(needle)
    if n == 0 or n > len(haystack):
        return False
    first = needle[0]
    return any(
        token == first and haystack[i : i + n] == needle
        for i, token in enumerate(haystack[: len(haystack) - n + 1])
    )
