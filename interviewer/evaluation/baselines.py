"""Naive graders that every figure of ours is printed beside.

- word overlap: the idf-weighted share of the reference's content words that the answer
  uses (idf over all the answers being evaluated, so rare words count more);
- length: the answer's number of words.

A scorer that does not clearly beat these is measuring length or vocabulary, not knowledge.
Their raw values are not on the 0-5 scale: correlations are scale-free, and for QWK and MAE
each baseline gets the same monotone map as ours, fitted by question folds on the very rows
being evaluated (an advantage ours does not get).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from interviewer.scoring.text import content_tokens


def idf_weights(documents: Sequence[str]) -> dict[str, float]:
    """Smoothed inverse document frequency of each content word over the documents."""
    frequency: Counter[str] = Counter()
    for document in documents:
        frequency.update(set(content_tokens(document)))
    n = len(documents)
    return {word: math.log((1 + n) / (1 + count)) + 1 for word, count in frequency.items()}


def word_overlap(answer: str, reference: str, idf: dict[str, float]) -> float:
    """Share of the reference's idf mass whose words the answer uses (0-1)."""
    needed = set(content_tokens(reference))
    if not needed:
        return 0.0
    used = set(content_tokens(answer))
    default = max(idf.values(), default=1.0)
    total = sum(idf.get(w, default) for w in needed)
    return sum(idf.get(w, default) for w in needed & used) / total


def length_words(answer: str) -> float:
    return float(len(answer.split()))
