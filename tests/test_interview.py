"""The conductor: commits before it shows, and keeps a model's follow-ups on the rubric."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Iterator
from pathlib import Path

import anyio
import anyio.to_thread
import pytest

from interviewer.bank import Bank
from interviewer.config import PROJECT_ROOT
from interviewer.engine.models import Plan, TurnKind
from interviewer.interview import Interview
from interviewer.llm.base import AsyncBackend, BaseBackend, JsonSchema, Message
from interviewer.prompts import Prompts
from interviewer.store import Store
from tests.helpers import make_question

PROMPTS = Prompts(PROJECT_ROOT / "prompts")
VAGUE = (
    "The gradients get smaller as they flow back through the layers, so the first layers"
    " barely learn; I would look at the curves and try a few things from there."
)


class ScriptedModel(BaseBackend):
    """A fake model that replies with fixed text and records what the store held at call time."""

    name = "fake"
    model = "fake-1"

    def __init__(self, reply: str, store: Store | None = None) -> None:
        self.reply = reply
        self.store = store
        self.seen_turns_in_store: list[int] = []
        self.requests: list[list[Message]] = []

    def stream(
        self,
        messages: list[Message],
        *,
        schema: JsonSchema | None = None,
        max_tokens: int = 256,
        temperature: float = 0.2,
        seed: int | None = None,
    ) -> Iterator[str]:
        self.requests.append(messages)
        if self.store is not None:
            sessions = self.store.list_sessions()
            self.seen_turns_in_store.append(sessions[0].turns if sessions else 0)
        yield from self.reply.split(" ")[:1]
        for word in self.reply.split(" ")[1:]:
            yield " " + word


def start(backend: BaseBackend, store: Store) -> Interview:
    bank = Bank([make_question()])
    interview = Interview.start(Plan(count=1, max_followups=2), bank, backend, store, PROMPTS)
    list(interview.open())
    return interview


def test_the_answer_is_committed_before_the_model_is_asked(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'c.db'}")
    model = ScriptedModel("What happens to a product of many small derivatives?", store)
    interview = start(model, store)
    list(interview.answer(VAGUE))
    assert model.seen_turns_in_store == [2]  # the question and the answer, before generation
    assert len(store.turn_rows(interview.state.id)) == 3  # and the follow-up right after


def test_a_good_model_followup_is_used_and_recorded_as_the_models(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'c.db'}")
    model = ScriptedModel("What happens to a product of many small derivatives? And more words.")
    interview = start(model, store)
    text = "".join(interview.answer(VAGUE))
    assert text == "What happens to a product of many small derivatives?"
    turn = interview.state.turns[-1]
    assert (turn.kind, turn.source, turn.key_point_id) == (
        TurnKind.FOLLOWUP,
        "model:fake-1",
        "chain-rule",
    )


def test_an_off_rubric_model_followup_falls_back_to_the_scripted_probe(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'c.db'}")
    interview = start(ScriptedModel("Great answer, tell me about your weekend?"), store)
    text = "".join(interview.answer(VAGUE))
    assert text.endswith(make_question().key_point("chain-rule").probe)
    assert interview.state.turns[-1].source == "scripted-fallback"


def test_each_request_extends_the_previous_one(tmp_path: Path) -> None:
    """The prompt layout that lets llama.cpp reuse its KV cache across turns."""
    store = Store(f"sqlite:///{tmp_path / 'c.db'}")
    model = ScriptedModel("What happens to a product of many small derivatives?")
    interview = start(model, store)
    list(interview.answer(VAGUE))
    list(interview.answer(VAGUE + " Also something else entirely."))
    first, second = model.requests
    assert second[: len(first)] == first
    assert "Private note" in first[-1].content and first[-1].content.startswith(VAGUE)


def test_session_ids_never_start_with_a_dash(monkeypatch: pytest.MonkeyPatch) -> None:
    """`interviewer resume -XSi...` would be read as an option (found by the crash test)."""
    import secrets

    from interviewer.interview import new_session_id

    drawn = iter(["-XSiLiN8JoAwUk2mkln0yQ", "kXSiLiN8JoAwUk2mkln0yQ"])
    monkeypatch.setattr(secrets, "token_urlsafe", lambda _n: next(drawn))
    assert new_session_id() == "kXSiLiN8JoAwUk2mkln0yQ"


class AsyncScriptedModel(ScriptedModel):
    """The same fake model with an async client, like the OpenAI-compatible backend."""

    def __init__(self, reply: str, store: Store | None = None) -> None:
        super().__init__(reply, store)
        self.async_calls = 0

    async def astream(
        self,
        messages: list[Message],
        *,
        schema: JsonSchema | None = None,
        max_tokens: int = 256,
        temperature: float = 0.2,
        seed: int | None = None,
    ) -> AsyncGenerator[str, None]:
        self.async_calls += 1
        for piece in self.stream(messages, max_tokens=max_tokens, temperature=temperature):
            yield piece

    async def aclose(self) -> None:
        pass


def turn_in_halves(interview: Interview, answer: str) -> str:
    """What the API does: commit and grade in threads, phrase on the loop, say in a thread."""

    async def run() -> str:
        step = await anyio.to_thread.run_sync(interview.record_answer, answer)
        await anyio.to_thread.run_sync(interview.grade_pending)
        phrased = await interview.phrase_async(step)
        return await anyio.to_thread.run_sync(interview.say, step, phrased)

    return anyio.run(run)


@pytest.mark.parametrize("model_class", [ScriptedModel, AsyncScriptedModel])
def test_the_split_turn_matches_the_one_piece_turn(
    tmp_path: Path, model_class: type[ScriptedModel]
) -> None:
    """Async client or not (a local GGUF model runs in a thread), the turn is the same."""
    question = "What happens to a product of many small derivatives?"
    store = Store(f"sqlite:///{tmp_path / 'c.db'}")
    split_model = model_class(question + " And more words.", store)
    split = start(split_model, store)
    whole = start(ScriptedModel(question + " And more words."), store)
    assert turn_in_halves(split, VAGUE) == "".join(whole.answer(VAGUE)) == question
    assert split_model.seen_turns_in_store == [2]  # the answer was committed first
    assert [(t.kind, t.text, t.source) for t in split.state.turns] == [
        (t.kind, t.text, t.source) for t in whole.state.turns
    ]
    assert store.load(split.state.id).turns == split.state.turns
    if isinstance(split_model, AsyncScriptedModel):
        assert split_model.async_calls == 1 and isinstance(split_model, AsyncBackend)
    else:
        assert not isinstance(split_model, AsyncBackend)
