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
