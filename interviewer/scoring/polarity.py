"""Does a sentence that is close in meaning to a rubric anchor say the opposite of it?

Sentence embeddings place "L1 gives sparse weights" and "L1 does not give sparse weights"
(or "raising the threshold increases recall" and "... decreases recall") side by side. Two
cheap signs of a contradiction: a negation on one side only (checked by the scorer), and
a word whose opposite the anchor the sentence matched uses (checked here).
"""

from __future__ import annotations

from interviewer.scoring.text import raw_words

#: pairs of words that reverse a claim about ML when swapped
OPPOSITES: tuple[tuple[str, str], ...] = (
    ("increase", "decrease"),
    ("increases", "decreases"),
    ("increased", "decreased"),
    ("higher", "lower"),
    ("more", "less"),
    ("more", "fewer"),
    ("larger", "smaller"),
    ("bigger", "smaller"),
    ("faster", "slower"),
    ("overfit", "underfit"),
    ("overfitting", "underfitting"),
    ("overfits", "underfits"),
    ("high", "low"),
    ("maximize", "minimize"),
    ("maximise", "minimise"),
    ("sparse", "dense"),
    ("before", "after"),
    ("encoder", "decoder"),
    ("always", "never"),
    ("reduces", "increases"),
    ("reduce", "increase"),
    ("improves", "hurts"),
    ("better", "worse"),
    ("correct", "incorrect"),
    ("true", "false"),
    ("random", "stratified"),
)
_OPPOSITE: dict[str, set[str]] = {}
for a, b in OPPOSITES:
    _OPPOSITE.setdefault(a, set()).add(b)
    _OPPOSITE.setdefault(b, set()).add(a)


def reverses(sentence: str, anchor: str) -> bool:
    """A word of one side whose opposite only the other side uses."""
    mine, theirs = set(raw_words(sentence)), set(raw_words(anchor))
    return any(_OPPOSITE.get(word, set()) & (theirs - mine) for word in mine - theirs)
