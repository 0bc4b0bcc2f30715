"""Generic STAR cues: a story told in the candidate's own words still shows its shape.

A behavioral rubric's aliases come from the story the question invites; a candidate's own
story uses other words. These first-person patterns recognise each STAR part (and the
reflection most rubrics ask for) by its shape: one sentence with the cue earns partial
credit, and a part told fully (two action sentences, a result with a number, a reflection
in its own sentence) earns full credit, as a human interviewer would give it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from interviewer.scoring.models import Coverage
from interviewer.scoring.text import Sentence

_ACTION_VERBS = (
    r"decided|built|wrote|proposed|led|designed|set up|organi[sz]ed|reached out|convinced"
    r"|scheduled|prototyped|analy[sz]ed|negotiated|escalated|split|rewrote|paired|asked|told"
    r"|met|called|sat down|pulled|ran|added|moved|pushed|started|spent|dug|traced|found"
    r"|replaced|rolled|shipped|created|drafted|shared|presented|offered|suggested|recommended"
    r"|brought|took|changed|kept|gave|went|walked|laid out|put|broke|reviewed|measured|tested"
    r"|checked|compared|documented|flagged|raised|explained|showed|trained|labell?ed|fixed"
    r"|retrained|instrumented|benchmarked|interviewed|listened|volunteered|stepped in|owned"
    r"|mentored|coached|invited|booked|framed|reframed|picked|chose|dropped|cut|narrowed"
    r"|rebuilt|looked|noticed|handed|re-?ran|reran|wrapped|argued|pitched|proved|spotted"
    r"|asked for|set|opened|closed|merged|refactored|automated|deployed|migrated|profiled"
)
CUES: dict[str, re.Pattern[str]] = {
    "situation": re.compile(
        r"\b(at the time|back then|when i (was|joined|started|worked)|a (few|couple of) (years|months) ago"
        r"|last (year|quarter)|in my (last|previous|current|first) (role|job|team|company)"
        r"|our team (was|had)|we were (building|running|launching|working)|i was (working|the|a|an|on|leading|at|running|managing|one of)"
        r"|at my (last|previous|current|first)? ?(company|job|employer)|i worked (at|on|for))\b",
        re.IGNORECASE,
    ),
    "task": re.compile(
        r"\b(my (goal|task|job|responsibility|mandate|role|remit) was|i was (asked|responsible|tasked"
        r"|accountable|on the hook|the owner|in charge)|it was my (job|call|responsibility)|i needed to"
        r"|i had to (make|get|deliver|decide|convince|ship|find|fix|choose|build)|i owned|i committed to"
        r"|i (had|was given) (a|two|three|four|six) (weeks?|months?|days?)|the goal was|i agreed to)\b",
        re.IGNORECASE,
    ),
    "action": re.compile(
        rf"\bi (first |then |also |immediately |personally )?({_ACTION_VERBS})\b", re.IGNORECASE
    ),
    "result": re.compile(
        r"\b(as a result|in the end|the outcome was|the result was|we (cut|reduced|improved|increased|saved"
        r"|hit|met|recovered|beat|exceeded)|(it|this|that) (cut|reduced|improved|increased|lifted|saved"
        r"|raised|brought|dropped)|went (from|up|down)|(lifted|dropped|fell|rose|grew|improved|increased"
        r"|decreased|reduced|shrank|doubled|halved) (by|from|to)|ended up|(rose|fell|dropped|grew|improved|doubled"
        r"|halved|recovered)|(came|went) (down|up) (from|to|by))\b",
        re.IGNORECASE,
    ),
    "reflection": re.compile(
        r"\b(i learned|i learnt|what i (took away|learned|learnt)|the lesson|lessons? i|looking back"
        r"|in hindsight|next time|since then|these days i|now i|i now|i would (do|have)|what i took from"
        r"|i'd (do|have)|the (change|habit) i|taught me|i've (since|kept|made)|i do differently"
        r"|what i do differently|if i did it again)\b",
        re.IGNORECASE,
    ),
}
#: Cue sentences needed for full credit (a result also needs a number in the sentence).
FULL_CREDIT_SENTENCES = {"situation": 1, "task": 1, "action": 2, "result": 1, "reflection": 1}


def star_cue(part: str, sentence: str) -> bool:
    pattern = CUES.get(part)
    return bool(pattern and pattern.search(sentence))


def after_first_action(sentences: Sequence[Sentence]) -> Sequence[Sentence]:
    """Where a result can be told: after the candidate acted, or at least in the second
    half of the story (a number in the set-up, "CTR fell 8% overnight", is the situation)."""
    first_action = next(
        (i for i, s in enumerate(sentences) if star_cue("action", s.text)), len(sentences) // 2
    )
    return sentences[first_action + 1 :]


def star_credit(part: str, sentences: Sequence[Sentence]) -> tuple[Coverage, Sentence] | None:
    """How fully the sentences tell one STAR part, with the first sentence that tells it."""
    if part not in CUES:
        return None
    if part == "result":
        sentences = after_first_action(sentences)
    cued = [s for s in sentences if star_cue(part, s.text)]
    if not cued:
        return None
    full = len(cued) >= FULL_CREDIT_SENTENCES[part]
    if part == "result":
        numbered = [s for s in cued if quantity_in(s.text)]
        full, cued = bool(numbered), numbered or cued
    return (Coverage.COVERED if full else Coverage.PARTIAL), cued[0]


#: Subjects only: "our team" or "told us" describe the setting; "I did" / "we did" say who acted.
_FIRST_PERSON = re.compile(r"\b(i|i'm|i've|i'd|i'll)\b", re.IGNORECASE)
_PLURAL = re.compile(r"\b(we|we're|we've|we'd|we'll)\b", re.IGNORECASE)
_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty"
    r"|fifty|sixty|seventy|eighty|ninety|hundred|thousand|half|a third|a quarter"
)
_QUANTITY = re.compile(
    rf"(\$\s?\d|\b(?:\d+(?:[.,]\d+)?|{_NUMBER_WORDS})\s?(?:%|percent|x\b|times|ms\b|milliseconds|seconds|minutes|hours"
    r"|days|weeks|months|k\b|m\b|million|billion|thousand|users|customers|dollars|points|pp\b"
    r"|engineers|people|teams|queries|requests))",
    re.IGNORECASE,
)
#: Below this share of first-person pronouns (with enough pronouns to judge) the story
#: says what the team did, not what the candidate did.
OWNERSHIP_MIN_SHARE = 0.35
OWNERSHIP_MIN_PRONOUNS = 6


def pronoun_counts(text: str) -> tuple[int, int]:
    """(I, we) as subjects in the text."""
    return len(_FIRST_PERSON.findall(text)), len(_PLURAL.findall(text))


def mostly_we(text: str) -> bool:
    mine, ours = pronoun_counts(text)
    total = mine + ours
    return total >= OWNERSHIP_MIN_PRONOUNS and mine / total < OWNERSHIP_MIN_SHARE


_DURATION_BEFORE = re.compile(
    r"\b(after|for|within|over|during|about|around|took|spent)\s+$", re.IGNORECASE
)
_TIME_UNITS = re.compile(r"(seconds|minutes|hours|days|weeks|months)$", re.IGNORECASE)


def quantity_in(text: str) -> str | None:
    """A number that measures something; "after two weeks" is when, not how much."""
    for match in _QUANTITY.finditer(text):
        duration = _TIME_UNITS.search(match.group(0)) and _DURATION_BEFORE.search(
            text[: match.start()]
        )
        if not duration:
            return match.group(0)
    return None
