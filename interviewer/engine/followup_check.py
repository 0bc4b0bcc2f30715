"""Keep a model-phrased follow-up on the rubric, or reject it for the scripted probe."""

from __future__ import annotations

from interviewer.bank.models import KeyPoint
from interviewer.scoring.text import content_tokens

MAX_FOLLOWUP_WORDS = 60
#: Words of the key point's own statement (beyond those in its probe) that a question may
#: repeat before it is judged to hand the candidate the answer.
MAX_REVEALED_WORDS = 4
LEAKED_MARKUP = ("private note", "question 1 of", "[", "missing point")


def first_question(text: str) -> str:
    """The reply up to and including its first question mark (models tend to ramble on)."""
    end = text.find("?")
    return text[: end + 1].strip() if end >= 0 else text.strip()


def check_followup(text: str, key_point: KeyPoint) -> str | None:
    """Return why `text` is not an acceptable follow-up for `key_point`, or None if it is."""
    stripped = text.strip()
    if not stripped:
        return "empty"
    if len(stripped.split()) > MAX_FOLLOWUP_WORDS:
        return f"longer than {MAX_FOLLOWUP_WORDS} words"
    if not stripped.endswith("?"):
        return "not a question"
    lowered = stripped.lower()
    if any(marker in lowered for marker in LEAKED_MARKUP):
        return "repeats prompt markup"
    words = set(content_tokens(stripped))
    topic = set(content_tokens(" ".join([key_point.text, key_point.probe, *key_point.aliases])))
    if not words & topic:
        return "not about the chosen key point"
    revealed = words & (set(content_tokens(key_point.text)) - set(content_tokens(key_point.probe)))
    if len(revealed) > MAX_REVEALED_WORDS:
        return "gives the answer away"
    return None
