"""Generic STAR cues: any well-told story earns partial credit for each part it tells.

A behavioral rubric's aliases are specific to the story the question invites; a candidate's
own story uses other words. These first-person patterns recognise the *shape* of each STAR
part, so a complete story told in its own words is not scored as empty: a cue gives
partial credit, the rubric's aliases give full credit.
"""

from __future__ import annotations

import re

CUES: dict[str, re.Pattern[str]] = {
    "situation": re.compile(
        r"\b(at the time|back then|when i was|in my (last|previous|current|first) (role|job|team)"
        r"|our team (was|had)|we were (building|running|launching|working))\b",
        re.IGNORECASE,
    ),
    "task": re.compile(
        r"\b(my (goal|task|job|responsibility|mandate) was|i was (asked|responsible|tasked|accountable)"
        r"|it was my job|i needed to|i had to (make|get|deliver|decide|convince|ship))\b",
        re.IGNORECASE,
    ),
    "action": re.compile(
        r"\bi (decided|built|wrote|proposed|led|designed|set up|organi[sz]ed|reached out|convinced"
        r"|scheduled|prototyped|analy[sz]ed|negotiated|escalated|split|rewrote|paired)\b",
        re.IGNORECASE,
    ),
    "result": re.compile(
        r"\b(as a result|in the end|the outcome was|we (cut|reduced|improved|increased|saved|shipped"
        r"|launched|hit|met))\b|\b\d+(\.\d+)?\s?(%|percent|x\b|ms\b|hours|days|weeks)",
        re.IGNORECASE,
    ),
}


def star_cue(part: str, sentence: str) -> bool:
    pattern = CUES.get(part)
    return bool(pattern and pattern.search(sentence))


_FIRST_PERSON = re.compile(r"\b(i|i'm|i've|i'd|me|my|myself)\b", re.IGNORECASE)
_PLURAL = re.compile(r"\b(we|we're|we've|we'd|us|our|ourselves)\b", re.IGNORECASE)
_QUANTITY = re.compile(
    r"(\$\s?\d|\b\d+(?:[.,]\d+)?\s?(?:%|percent|x\b|times|ms\b|milliseconds|seconds|minutes|hours"
    r"|days|weeks|months|k\b|m\b|million|billion|thousand|users|customers|dollars|points|pp\b"
    r"|engineers|people|teams|queries|requests))",
    re.IGNORECASE,
)
#: Below this share of first-person pronouns (with enough pronouns to judge) the story
#: says what the team did, not what the candidate did.
OWNERSHIP_MIN_SHARE = 0.35
OWNERSHIP_MIN_PRONOUNS = 6


def pronoun_counts(text: str) -> tuple[int, int]:
    """(first-person singular, first-person plural) pronouns in the text."""
    return len(_FIRST_PERSON.findall(text)), len(_PLURAL.findall(text))


def mostly_we(text: str) -> bool:
    mine, ours = pronoun_counts(text)
    total = mine + ours
    return total >= OWNERSHIP_MIN_PRONOUNS and mine / total < OWNERSHIP_MIN_SHARE


def quantity_in(text: str) -> str | None:
    match = _QUANTITY.search(text)
    return match.group(0) if match else None
