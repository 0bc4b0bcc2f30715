"""Find sentences that are not an answer: bare keyword lists and filler.

A candidate who knows the material states relations ("L1 zeroes weights, so it selects
features"); a padded answer lists topic words ("bias, variance, regularisation, learning
curves") or adds pleasantries ("Hope this helps. Happy to go deeper."). Neither is evidence,
and neither may raise a score, wherever it is placed. Both scorers drop these sentences
before matching, as they drop text addressed to the grader (see `guard`).

A list still counts when the answer introduces it ("Fixes I would try: dropout, weight
decay, early stopping, more data."): a lead-in sentence ending in a colon makes it an
answer to something. A lead-in that only labels the list ("Keywords:", "Topics:") does not.
"""

from __future__ import annotations

import re

from interviewer.scoring.text import STOPWORDS, Sentence, raw_words

#: Words that relate things: a list item holding one is a claim, not a keyword.
_CONNECTIVES = STOPWORDS - {"and", "or", "etc", "vs", "via", "per", "also", "other", "some"}
_RELATION = re.compile(r"[=<>→⇒≈~^*/+]|->|=>|(?<![a-z])\d")  # a number, not the 2 of "l2"
#: Words that make a short item a claim ("L2 shrinks smoothly", "use sequential tests"):
#: common verbs (base and third person), comparatives, and -ly adverbs.
_CLAIM_WORDS = frozenset(
    [
        "give",
        "gives",
        "make",
        "makes",
        "shrink",
        "shrinks",
        "zeroes",
        "reduce",
        "reduces",
        "increase",
        "increases",
        "decrease",
        "decreases",
        "cause",
        "causes",
        "prevent",
        "prevents",
        "help",
        "helps",
        "hurt",
        "hurts",
        "avoid",
        "avoids",
        "inflate",
        "inflates",
        "means",
        "need",
        "needs",
        "use",
        "uses",
        "keep",
        "keeps",
        "drop",
        "drops",
        "add",
        "adds",
        "remove",
        "removes",
        "control",
        "controls",
        "handle",
        "handles",
        "work",
        "works",
        "fail",
        "fails",
        "break",
        "breaks",
        "require",
        "requires",
        "measure",
        "measures",
        "ignore",
        "ignores",
        "favour",
        "favours",
        "favor",
        "favors",
        "penalise",
        "penalises",
        "penalize",
        "penalizes",
        "push",
        "pushes",
        "pull",
        "pulls",
        "lead",
        "leads",
        "yield",
        "yields",
        "produce",
        "produces",
        "stay",
        "stays",
        "grow",
        "grows",
        "explode",
        "explodes",
        "vanish",
        "vanishes",
        "saturate",
        "saturates",
        "overfits",
        "underfits",
        "converge",
        "converges",
        "diverge",
        "diverges",
        "generalise",
        "generalises",
        "generalize",
        "generalizes",
        "memorise",
        "memorises",
        "memorize",
        "memorizes",
        "select",
        "selects",
        "pick",
        "picks",
        "fix",
        "fixes",
        "trade",
        "trades",
        "balance",
        "balances",
        "compare",
        "compares",
        "compute",
        "computes",
        "predict",
        "predicts",
        "scale",
        "scales",
        "lower",
        "lowers",
        "raise",
        "raises",
        "improve",
        "improves",
        "matter",
        "matters",
        "depend",
        "depends",
        "show",
        "shows",
        "tell",
        "tells",
        "hide",
        "hides",
        "miss",
        "misses",
        "find",
        "finds",
        "catch",
        "catches",
        "stop",
        "stops",
        "start",
        "starts",
        "run",
        "runs",
        "change",
        "changes",
        "shift",
        "shifts",
        "more",
        "less",
        "fewer",
        "higher",
        "lower",
        "better",
        "worse",
        "larger",
        "smaller",
        "faster",
        "slower",
        "bigger",
        "cheaper",
        "too",
        "only",
        "never",
        "always",
        "because",
        "instead",
        "rather",
    ]
)
_ITEM_SPLIT = re.compile(r"[,;|•·]|\n")
_LABEL = re.compile(
    r"^\W*(?:key\s*words?|keywords|topics?|tags?|terms|concepts|buzzwords|related|"
    r"see also|relevant (?:terms|topics|concepts))\W*:?\s*$",
    re.IGNORECASE,
)
MAX_ITEM_WORDS = 4
MIN_LIST_ITEMS = 3
BARE_SHARE = 0.6  # a few claim-like items do not make a list of topic words an answer

_FILLER = re.compile(
    r"^\W*(?:"
    r"(?:i )?hope (?:this|that) (?:helps|answers|makes sense|is (?:helpful|clear|useful))"
    r"|thanks?(?: you)?(?: (?:so|very) much)?(?: for (?:the|this|your) (?:question|time|opportunity))?"
    r"|(?:that'?s|this is) (?:a )?(?:great|good|interesting|nice|fun|tough) (?:question|one)"
    r"|great question|good question|interesting question"
    r"|(?:i'?m |i am )?happy to (?:go deeper|elaborate|discuss|expand|answer|talk)"
    r"|let me know if (?:you|there)"
    r"|(?:i )?(?:think|believe) (?:that )?(?:covers|sums up|answers) (?:it|everything|the question)"
    r"|(?:so )?(?:yeah|anyway|okay|ok|right|well|um+|uh+|hmm+)(?: so)?"
    r"|(?:that'?s|this is) (?:all|everything|about it|my answer|it)(?: (?:from me|for now|i have))?"
    r"|(?:i )?(?:hope|trust) (?:i|that i) (?:covered|answered|explained)"
    r")\W*(?:\s+\S+){0,6}\W*$",
    re.IGNORECASE,
)


def is_filler(sentence: Sentence) -> bool:
    """Pleasantries and verbal tics that say nothing about the question."""
    return bool(_FILLER.match(sentence.text)) and len(raw_words(sentence.text)) <= 14


def _bare_item(item: str) -> bool:
    words = raw_words(item)
    return (
        0 < len(words) <= MAX_ITEM_WORDS
        and not _RELATION.search(item)
        and not any(w in _CONNECTIVES or w in _CLAIM_WORDS or w.endswith("ly") for w in words)
    )


def is_keyword_list(sentence: Sentence) -> bool:
    """Three or more short items, nearly all with no word or symbol relating them."""
    items = [i for i in _ITEM_SPLIT.split(sentence.text.strip(" .!?-*")) if raw_words(i)]
    bare = sum(_bare_item(i) for i in items)
    return len(items) >= MIN_LIST_ITEMS and bare >= BARE_SHARE * len(items)


def _bare_phrase(sentence: Sentence) -> bool:
    return _bare_item(sentence.text.strip(" .!?-*"))


def _introduced(sentences: list[Sentence], index: int) -> bool:
    """Is the list at `index` introduced by a lead-in that asks for it ("I would try:")?"""
    for previous in reversed(sentences[:index]):
        if _bare_phrase(previous) and not previous.text.rstrip().endswith(":"):
            continue  # an earlier item of the same bulleted list
        text = previous.text.rstrip()
        return text.endswith(":") and not _LABEL.match(text)
    return False


def non_answer_indexes(sentences: list[Sentence]) -> set[int]:
    """Indexes of sentences that are filler, or keyword lists with no lead-in.

    Bulleted keywords (one bare phrase per line, three or more in a row) are a list too.
    """
    dropped: set[int] = set()
    for i, sentence in enumerate(sentences):
        if is_filler(sentence) or (is_keyword_list(sentence) and not _introduced(sentences, i)):
            dropped.add(i)
    i = 0
    while i < len(sentences):
        j = i
        while j < len(sentences) and _bare_phrase(sentences[j]):
            j += 1
        if j - i >= MIN_LIST_ITEMS and not _introduced(sentences, i):
            dropped.update(range(i, j))
        i = max(j, i + 1)
    return dropped


def answer_sentences(sentences: list[Sentence]) -> tuple[list[Sentence], int]:
    """The sentences that may be evidence, and how many were dropped as not an answer."""
    dropped = non_answer_indexes(sentences)
    return [s for i, s in enumerate(sentences) if i not in dropped], len(dropped)
