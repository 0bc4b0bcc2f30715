"""Context budgeting: requests always fit, the newest turn survives, nothing raises."""

from __future__ import annotations

from interviewer.llm.base import Message
from interviewer.llm.budget import (
    CUT_MARK,
    TRIM_NOTE,
    count_messages,
    fit_messages,
    tiktoken_counter,
)


def words(text: str) -> int:
    return len(text.split())


def conversation(turns: int, size: int = 50) -> list[Message]:
    messages = [Message(role="system", content="You interview.")]
    for i in range(turns):
        messages.append(Message(role="assistant", content=f"q{i} " + "word " * size))
        messages.append(Message(role="user", content=f"a{i} " + "word " * size))
    return messages


def test_short_conversations_are_untouched() -> None:
    messages = conversation(2)
    assert fit_messages(messages, words, n_ctx=4096, reserve=100) == messages


def test_old_turns_are_dropped_first_and_the_latest_kept() -> None:
    messages = conversation(40)
    fitted = fit_messages(messages, words, n_ctx=1000, reserve=200)
    assert count_messages(fitted, words) <= 800
    assert fitted[0].role == "system" and TRIM_NOTE in fitted[0].content
    assert fitted[-1] == messages[-1]
    assert fitted[1].role == "user"  # still alternating after the system message


def test_a_huge_latest_message_is_cut_in_the_middle() -> None:
    huge = "start " + "filler " * 5000 + "finish"
    fitted = fit_messages([Message(role="user", content=huge)], words, n_ctx=600, reserve=100)
    assert count_messages(fitted, words) <= 500
    assert fitted[-1].content.startswith("start") and fitted[-1].content.endswith("finish")
    assert CUT_MARK.strip() in fitted[-1].content


def test_tiktoken_counts_offline() -> None:
    assert tiktoken_counter("hello world") == 2
