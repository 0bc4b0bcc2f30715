"""Keep a model-phrased follow-up on the rubric, or reject it for the scripted probe."""

from __future__ import annotations

from interviewer.bank.models import KeyPoint
from interviewer.scoring.text import content_tokens

MAX_FOLLOWUP_WORDS = 60


def check_followup(text: str, key_point: KeyPoint) -> str | None:
    """Return why `text` is not an acceptable follow-up for `key_point`, or None if it is."""
    stripped = text.strip()
    if not stripped:
        return "empty"
    if len(stripped.split()) > MAX_FOLLOWUP_WORDS:
        return f"longer than {MAX_FOLLOWUP_WORDS} words"
    if "?" not in stripped:
        return "not a question"
    topic_words = set(
        content_tokens(" ".join([key_point.text, key_point.probe, *key_point.aliases]))
    )
    if not topic_words & set(content_tokens(stripped)):
        return "not about the chosen key point"
    return None
