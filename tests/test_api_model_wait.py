"""Answers that wait on a hosted model hold no server thread (the async path of the API).

The app runs in-process (httpx's ASGI transport) with the real OpenAI client, whose HTTP
layer respx replaces with a fake model that answers only once every request is waiting.
"""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
import respx

from interviewer.api.app import create_app
from interviewer.config import Settings
from interviewer.runtime import Runtime
from interviewer.store.tokens import create_token

BASE = "http://127.0.0.1:8999/v1"
PROBE = re.compile(r'like: "(?P<probe>[^"]+)"\s*$')


def probe_asked_for(request: httpx.Request) -> str:
    """A well-behaved model: it asks the probe that the private note suggests."""
    last = json.loads(request.content)["messages"][-1]["content"]
    match = PROBE.search(last)
    assert match, last
    return match["probe"]


def chunk_stream(text: str) -> bytes:
    chunk = {
        "id": "c",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": "m",
        "choices": [{"index": 0, "delta": {"content": text}, "finish_reason": None}],
    }
    return f"data: {json.dumps(chunk)}\n\ndata: [DONE]\n\n".encode()


def settings(tmp_path: Path, threads: int) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        backend="openai",
        openai_base_url=BASE,
        openai_model="m",
        openai_api_key="k",
        openai_max_retries=0,
        judge="off",
        api_threads=threads,
    )


@asynccontextmanager
async def api_for(app_settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    token = create_token(Runtime(app_settings).store, "ana")[1]
    app = create_app(app_settings)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url="http://api",
            headers={"Authorization": f"Bearer {token}"},
            timeout=60,
        ) as client,
    ):
        yield client


async def new_session(api: httpx.AsyncClient, seed: int) -> str:
    created = await api.post(
        "/v1/sessions",
        json={"rounds": ["ml-breadth"], "topic": "bias-variance", "count": 1, "seed": seed},
    )
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


#: on the question, but missing most of it: a follow-up is due (an answer about nothing
#: would have the question restated instead, without asking the model)
VAGUE = "Bias is when the model underfits; I would think about the rest."


@pytest.mark.anyio
@respx.mock(using="httpx")  # the model client runs on aiohttp: mock at httpx's client level
async def test_more_answers_wait_on_the_model_at_once_than_there_are_threads(
    tmp_path: Path, respx_mock: respx.Router
) -> None:
    respx_mock.route(host="api").pass_through()  # the app under test is not mocked
    answers = 12
    threads = 4  # the fewest the settings allow; a thread per waiting answer would deadlock
    waiting = 0
    everyone_waiting = asyncio.Event()
    asked: list[str] = []

    async def model(request: httpx.Request) -> httpx.Response:
        nonlocal waiting
        waiting += 1
        if waiting == answers:
            everyone_waiting.set()
        await asyncio.wait_for(everyone_waiting.wait(), timeout=30)
        asked.append(probe_asked_for(request))
        return httpx.Response(
            200, content=chunk_stream(asked[-1]), headers={"content-type": "text/event-stream"}
        )

    respx_mock.post(f"{BASE}/chat/completions").mock(side_effect=model)
    async with api_for(settings(tmp_path, threads)) as api:
        ids = [await new_session(api, seed) for seed in range(answers)]
        replies = await asyncio.gather(
            *(api.post(f"/v1/sessions/{sid}/answers", json={"text": VAGUE}) for sid in ids)
        )
        assert everyone_waiting.is_set()
        for sid, reply in zip(ids, replies, strict=True):
            assert reply.status_code == 200, reply.text
            turns = (await api.get(f"/v1/sessions/{sid}/transcript")).json()
            assert [t["kind"] for t in turns] == ["question", "answer", "followup"]
            assert turns[1]["text"] == VAGUE
            assert turns[2]["source"] == "model:m"
            assert reply.json()["reply"] == turns[2]["text"]
        assert sorted(r.json()["reply"] for r in replies) == sorted(asked)


@pytest.mark.anyio
@respx.mock(using="httpx")  # the model client runs on aiohttp: mock at httpx's client level
async def test_a_failing_model_gives_the_scripted_follow_up_and_keeps_the_answer(
    tmp_path: Path, respx_mock: respx.Router
) -> None:
    respx_mock.route(host="api").pass_through()
    app_settings = settings(tmp_path, 8)
    stored_when_asked: list[list[tuple[str, str]]] = []

    def failing_model(request: httpx.Request) -> httpx.Response:
        with sqlite3.connect(app_settings.data_dir / "interviewer.db") as db:
            stored_when_asked.append(list(db.execute("SELECT kind, text FROM turns ORDER BY idx")))
        return httpx.Response(500)

    respx_mock.post(f"{BASE}/chat/completions").mock(side_effect=failing_model)
    async with api_for(app_settings) as api:
        sid = await new_session(api, 1)
        reply = await api.post(
            f"/v1/sessions/{sid}/answers",
            json={"text": VAGUE},
            headers={"Accept": "text/event-stream"},
        )
        assert reply.status_code == 200
        events = [line for line in reply.text.splitlines() if line.startswith("event:")]
        assert events[-1] == "event: done" and "event: chunk" in events
        turns = (await api.get(f"/v1/sessions/{sid}/transcript")).json()
        assert [t["kind"] for t in turns] == ["question", "answer", "followup"]
        assert turns[2]["source"] == "scripted-after-error"
        streamed = "".join(
            json.loads(line[len("data: ") :])["text"]
            for line in reply.text.splitlines()
            if line.startswith("data: ") and '"text"' in line
        )
        assert streamed.strip() == turns[2]["text"].strip()
        # The answer was committed before the model was asked anything.
        assert stored_when_asked and stored_when_asked[0][-1] == ("answer", VAGUE)
