"""The OpenAI-compatible backend against a fake server (respx on the real openai client)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
import respx
from pydantic import BaseModel

from interviewer.config import PROJECT_ROOT
from interviewer.errors import BackendError, BackendUnavailable
from interviewer.llm.base import Message
from interviewer.llm.openai_backend import OpenAIBackend
from interviewer.llm.structured import generate_structured
from interviewer.prompts import Prompts

BASE = "http://127.0.0.1:8999/v1"
URL = f"{BASE}/chat/completions"
FAST_RETRY = {"retry-after-ms": "1"}
ASK = [Message(role="user", content="Ask me about bias.")]


def backend(max_retries: int = 2, timeout_s: float = 5.0) -> OpenAIBackend:
    return OpenAIBackend(
        model="test-model",
        base_url=BASE,
        api_key="sk-test",
        timeout_s=timeout_s,
        max_retries=max_retries,
    )


def completion(content: str) -> dict[str, Any]:
    return {
        "id": "c1",
        "object": "chat.completion",
        "created": 0,
        "model": "test-model",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
    }


def sse(*pieces: str) -> bytes:
    events = []
    for piece in pieces:
        chunk = {
            "id": "c1",
            "object": "chat.completion.chunk",
            "created": 0,
            "model": "test-model",
            "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}],
        }
        events.append(f"data: {json.dumps(chunk)}\n\n")
    events.append("data: [DONE]\n\n")
    return "".join(events).encode()


def sse_response(*pieces: str) -> httpx.Response:
    return httpx.Response(200, content=sse(*pieces), headers={"content-type": "text/event-stream"})


class Verdict(BaseModel):
    score: int
    reason: str


PROMPTS = Prompts(PROJECT_ROOT / "prompts")


@respx.mock
def test_plain_reply_sends_model_messages_and_key() -> None:
    route = respx.post(URL).mock(return_value=httpx.Response(200, json=completion("What is bias?")))
    assert backend().generate(ASK, max_tokens=50) == "What is bias?"
    sent = json.loads(route.calls.last.request.content)
    assert sent["model"] == "test-model"
    assert sent["messages"] == [{"role": "user", "content": "Ask me about bias."}]
    assert sent["max_tokens"] == 50 and sent["stream"] is False
    assert route.calls.last.request.headers["authorization"] == "Bearer sk-test"


@respx.mock
def test_streamed_reply_is_assembled_from_sse_chunks_in_order() -> None:
    respx.post(URL).mock(return_value=sse_response("How ", "would ", "you ", "diagnose it?"))
    chunks = list(backend().stream(ASK))
    assert chunks == ["How ", "would ", "you ", "diagnose it?"]


@respx.mock
def test_429_is_retried_then_succeeds() -> None:
    route = respx.post(URL).mock(
        side_effect=[
            httpx.Response(429, json={"error": {"message": "slow down"}}, headers=FAST_RETRY),
            httpx.Response(200, json=completion("Retried fine?")),
        ]
    )
    assert backend().generate(ASK) == "Retried fine?"
    assert route.call_count == 2


@respx.mock
def test_persistent_500_gives_a_clear_error_after_retries() -> None:
    route = respx.post(URL).mock(
        return_value=httpx.Response(500, json={"error": {"message": "boom"}}, headers=FAST_RETRY)
    )
    with pytest.raises(BackendError, match="failed with HTTP 500") as info:
        backend(max_retries=2).generate(ASK)
    assert route.call_count == 3
    assert "test-model" in str(info.value)


@respx.mock
def test_a_timeout_is_retried_then_reported() -> None:
    route = respx.post(URL).mock(side_effect=httpx.ReadTimeout("too slow"))
    with pytest.raises(BackendError, match="timed out") as info:
        backend(max_retries=1).generate(ASK)
    assert route.call_count == 2
    assert info.value.hint and "TIMEOUT" in info.value.hint


@respx.mock
def test_server_down_wrong_key_and_unknown_model_are_actionable() -> None:
    respx.post(URL).mock(side_effect=httpx.ConnectError("refused"))
    with pytest.raises(BackendUnavailable, match="Cannot reach"):
        backend(max_retries=0).generate(ASK)
    respx.post(URL).mock(return_value=httpx.Response(401, json={"error": {"message": "bad key"}}))
    with pytest.raises(BackendUnavailable, match="rejected the API key"):
        backend(max_retries=0).generate(ASK)
    respx.post(URL).mock(return_value=httpx.Response(404, json={"error": {"message": "no model"}}))
    with pytest.raises(BackendUnavailable, match="no model 'test-model'"):
        backend(max_retries=0).generate(ASK)


@respx.mock
def test_stream_errors_are_explained_too() -> None:
    respx.post(URL).mock(return_value=httpx.Response(401, json={"error": {"message": "bad"}}))
    with pytest.raises(BackendUnavailable, match="rejected the API key"):
        list(backend(max_retries=0).stream(ASK))


@respx.mock
def test_structured_output_uses_json_schema_and_validates() -> None:
    route = respx.post(URL).mock(
        return_value=httpx.Response(200, json=completion('{"score": 4, "reason": "solid"}'))
    )
    verdict = generate_structured(backend(), ASK, Verdict, PROMPTS)
    assert verdict == Verdict(score=4, reason="solid")
    fmt = json.loads(route.calls.last.request.content)["response_format"]
    assert fmt["type"] == "json_schema"
    assert fmt["json_schema"]["schema"]["required"] == ["score", "reason"]


@respx.mock
def test_servers_without_json_schema_fall_back_to_json_mode() -> None:
    route = respx.post(URL).mock(
        side_effect=[
            httpx.Response(
                400, json={"error": {"message": "response_format json_schema unsupported"}}
            ),
            httpx.Response(200, json=completion('{"score": 2, "reason": "thin"}')),
        ]
    )
    b = backend()
    assert generate_structured(b, ASK, Verdict, PROMPTS).score == 2
    assert json.loads(route.calls.last.request.content)["response_format"] == {
        "type": "json_object"
    }


@respx.mock
def test_invalid_json_is_retried_once_with_the_error_then_reported() -> None:
    route = respx.post(URL).mock(
        side_effect=[
            httpx.Response(200, json=completion("Sure! The score is four.")),
            httpx.Response(200, json=completion('{"score": "high"}')),
        ]
    )
    with pytest.raises(BackendError, match="invalid JSON twice"):
        generate_structured(backend(), ASK, Verdict, PROMPTS)
    assert route.call_count == 2
    retry_messages = json.loads(route.calls.last.request.content)["messages"]
    assert retry_messages[-2] == {"role": "assistant", "content": "Sure! The score is four."}
    assert "not a valid JSON object" in retry_messages[-1]["content"]


@respx.mock
def test_invalid_then_valid_json_succeeds_on_the_retry() -> None:
    respx.post(URL).mock(
        side_effect=[
            httpx.Response(200, json=completion("{broken")),
            httpx.Response(200, json=completion('```json\n{"score": 3, "reason": "ok"}\n```')),
        ]
    )
    assert generate_structured(backend(), ASK, Verdict, PROMPTS).score == 3


@respx.mock
def test_long_conversations_are_trimmed_to_the_context_window() -> None:
    route = respx.post(URL).mock(return_value=httpx.Response(200, json=completion("ok?")))
    b = OpenAIBackend(model="m", base_url=BASE, api_key="k", n_ctx=1024)
    history = [Message(role="system", content="You interview.")]
    for i in range(60):
        history.append(Message(role="assistant", content=f"Question {i}: " + "explain " * 30))
        history.append(Message(role="user", content=f"Answer {i}: " + "because " * 30))
    b.generate(history, max_tokens=100)
    sent = json.loads(route.calls.last.request.content)["messages"]
    assert len(sent) < len(history)
    assert sent[0]["role"] == "system" and "left out" in sent[0]["content"]
    assert sent[-1]["content"].startswith("Answer 59")


def test_stopping_a_stream_early_closes_the_http_response(monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: unclosed streams held pooled connections until the API stalled under load."""

    class FakeStream:
        closed = False

        def __iter__(self):  # type: ignore[no-untyped-def]
            for text in ("Why? ", "more"):
                yield type(
                    "Chunk",
                    (),
                    {"choices": [type("C", (), {"delta": type("D", (), {"content": text})()})()]},
                )()

        def close(self) -> None:
            FakeStream.closed = True

    b = backend()
    monkeypatch.setattr(b, "_request", lambda *args, **kwargs: FakeStream())
    for text in b.stream(ASK):
        assert text == "Why? "
        break  # like the conductor, which stops at the first question mark
    assert FakeStream.closed


# -- the async path the API server uses ----------------------------------------------------


async def collect(b: OpenAIBackend, **kwargs: Any) -> str:
    return "".join([piece async for piece in b.astream(ASK, **kwargs)])


@pytest.mark.anyio
@respx.mock(using="httpx")  # the async client runs on aiohttp: mock at httpx's client level
async def test_async_stream_sends_the_same_request_and_assembles_chunks(
    respx_mock: respx.Router,
) -> None:
    route = respx_mock.post(URL).mock(return_value=sse_response("How ", "would ", "you?"))
    assert await collect(backend(), max_tokens=32, temperature=0.3) == "How would you?"
    body = json.loads(route.calls.last.request.content)
    assert body["messages"] == [{"role": "user", "content": "Ask me about bias."}]
    assert body["stream"] is True and body["max_tokens"] == 32 and body["temperature"] == 0.3
    assert route.calls.last.request.headers["authorization"] == "Bearer sk-test"


@pytest.mark.anyio
@respx.mock(using="httpx")  # the async client runs on aiohttp: mock at httpx's client level
async def test_async_stream_retries_then_explains_failures(respx_mock: respx.Router) -> None:
    route = respx_mock.post(URL).mock(
        side_effect=[httpx.Response(429, headers=FAST_RETRY), sse_response("Why?")]
    )
    assert await collect(backend()) == "Why?"
    assert route.call_count == 2
    respx_mock.post(URL).mock(return_value=httpx.Response(401, json={"error": {"message": "bad"}}))
    with pytest.raises(BackendUnavailable, match="rejected the API key"):
        await collect(backend())


@pytest.mark.anyio
@respx.mock(using="httpx")  # the async client runs on aiohttp: mock at httpx's client level
async def test_async_stream_falls_back_to_json_mode_like_the_sync_one(
    respx_mock: respx.Router,
) -> None:
    route = respx_mock.post(URL).mock(
        side_effect=[
            httpx.Response(400, json={"error": {"message": "json_schema unsupported"}}),
            sse_response('{"score": 3}'),
        ]
    )
    b = backend()
    assert await collect(b, schema={"type": "object"}) == '{"score": 3}'
    formats = [json.loads(c.request.content)["response_format"]["type"] for c in route.calls]
    assert formats == ["json_schema", "json_object"]


class BrokenSyncStream(httpx.SyncByteStream):
    def __iter__(self) -> Iterator[bytes]:
        yield sse("How ").split(b"data: [DONE]")[0]
        raise httpx.ReadError("connection reset by peer")


class BrokenAsyncStream(httpx.AsyncByteStream):
    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield sse("How ").split(b"data: [DONE]")[0]
        raise httpx.ReadError("connection reset by peer")


SSE_HEADERS = {"content-type": "text/event-stream"}


@respx.mock
def test_a_connection_that_breaks_mid_reply_is_a_backend_error() -> None:
    respx.post(URL).mock(
        return_value=httpx.Response(200, headers=SSE_HEADERS, stream=BrokenSyncStream())
    )
    with pytest.raises(BackendError, match="broke during the reply"):
        list(backend().stream(ASK))


@pytest.mark.anyio
@respx.mock(using="httpx")
async def test_the_async_stream_explains_a_broken_connection_too(respx_mock: respx.Router) -> None:
    respx_mock.post(URL).mock(
        return_value=httpx.Response(200, headers=SSE_HEADERS, stream=BrokenAsyncStream())
    )
    with pytest.raises(BackendError, match="broke during the reply"):
        await collect(backend())
