"""Any OpenAI-compatible chat server (OpenAI, vLLM, Ollama, llama.cpp server) by base URL.

Retries live in one place, the `openai` client: it backs off exponentially (honouring
Retry-After) on 429, 5xx, connection errors and timeouts, `openai_max_retries` times.
What is left after retries becomes a `BackendError` that says what to do.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Iterator
from typing import Any

import httpx
import openai
from openai.types.chat import ChatCompletion, ChatCompletionChunk

from interviewer.errors import BackendError, BackendUnavailable
from interviewer.llm.base import BaseBackend, JsonSchema, Message, Strength
from interviewer.llm.budget import fit_messages, tiktoken_counter

DEFAULT_BASE_URL = "https://api.openai.com/v1"


class OpenAIBackend(BaseBackend):
    name = "openai"
    strength: Strength = "hosted"
    scripted = False

    def __init__(
        self,
        *,
        model: str,
        base_url: str | None = None,
        api_key: str | None = None,
        timeout_s: float = 60.0,
        max_retries: int = 3,
        n_ctx: int = 8192,
    ) -> None:
        self.model = model
        self.base_url = base_url or DEFAULT_BASE_URL
        self.n_ctx = n_ctx
        # Local servers accept any key; the client insists on one being set.
        self._client_options: dict[str, Any] = {
            "base_url": self.base_url,
            "api_key": api_key or "not-needed-for-local-servers",
            "timeout": timeout_s,
            "max_retries": max_retries,
        }
        # One async client per event loop: its connection pool belongs to the loop it was
        # first used on (a server has one loop per worker; tests may start several).
        # `aclose` removes and closes it when that loop's server shuts down.
        self._async_clients: dict[asyncio.AbstractEventLoop, openai.AsyncOpenAI] = {}
        self._has_key = api_key is not None
        self._client = openai.OpenAI(**self._client_options)
        self._json_schema_supported = True
        tiktoken_counter("")  # load the encoding now, not during the first answer

    def _response_format(self, schema: JsonSchema) -> dict[str, Any]:
        if self._json_schema_supported:
            return {
                "type": "json_schema",
                "json_schema": {"name": "verdict", "schema": schema, "strict": False},
            }
        return {"type": "json_object"}

    def _request(
        self,
        messages: list[Message],
        schema: JsonSchema | None,
        max_tokens: int,
        temperature: float,
        stream: bool,
        seed: int | None = None,
    ) -> Any:
        request = self._body(messages, schema, max_tokens, temperature, stream, seed)
        try:
            return self._post(request)
        except openai.BadRequestError:
            if not self._fall_back_to_json_mode(schema, request):
                raise
            return self._post(request)

    def _fall_back_to_json_mode(self, schema: JsonSchema | None, request: dict[str, Any]) -> bool:
        """After a 400: servers without JSON-schema support reject it, and JSON mode is the
        fallback. True when `request` was changed and is worth sending again."""
        if schema is None or not self._json_schema_supported:
            return False
        self._json_schema_supported = False
        request["response_format"] = self._response_format(schema)
        return True

    def _body(
        self,
        messages: list[Message],
        schema: JsonSchema | None,
        max_tokens: int,
        temperature: float,
        stream: bool,
        seed: int | None,
    ) -> dict[str, Any]:
        fitted = fit_messages(messages, tiktoken_counter, self.n_ctx, reserve=max_tokens)
        request: dict[str, Any] = {
            "model": self.model,
            "messages": [m.model_dump() for m in fitted],
            "max_tokens": max_tokens,
            "temperature": temperature,
            "stream": stream,
        }
        if seed is not None:
            request["seed"] = seed
        if schema is not None:
            request["response_format"] = self._response_format(schema)
        return request

    def _post(self, request: dict[str, Any]) -> Any:
        """POST /chat/completions through the client (its retries, errors and parsing).

        `chat.completions.create` first walks the body against its TypedDicts to rename and
        reformat fields; our body is plain JSON already, and that walk cost 0.5-3 ms of
        CPU per call: a third of the API server's work per answer under load.
        """
        return self._client.post(
            "/chat/completions",
            body=request,
            cast_to=ChatCompletion,
            stream=bool(request["stream"]),
            stream_cls=openai.Stream[ChatCompletionChunk],
        )

    def stream(
        self,
        messages: list[Message],
        *,
        schema: JsonSchema | None = None,
        max_tokens: int = 256,
        temperature: float = 0.2,
        seed: int | None = None,
    ) -> Iterator[str]:
        try:
            chunks = self._request(
                messages, schema, max_tokens, temperature, stream=True, seed=seed
            )
            try:
                for chunk in chunks:
                    if chunk.choices and chunk.choices[0].delta.content:
                        yield chunk.choices[0].delta.content
            finally:
                # A caller that stops early (one question is enough) must not leave the HTTP
                # response open: each one would hold a pooled connection until collected.
                chunks.close()
        except openai.APIError as exc:
            raise self._explain(exc) from None
        except httpx.TransportError as exc:  # raised while reading a stream, not wrapped
            raise self._lost(exc) from None

    async def astream(
        self,
        messages: list[Message],
        *,
        schema: JsonSchema | None = None,
        max_tokens: int = 256,
        temperature: float = 0.2,
        seed: int | None = None,
    ) -> AsyncGenerator[str, None]:
        """`stream` on the event loop: a waiting request holds no thread."""
        request = self._body(messages, schema, max_tokens, temperature, True, seed)
        try:
            try:
                chunks = await self._apost(request)
            except openai.BadRequestError:
                if not self._fall_back_to_json_mode(schema, request):
                    raise
                chunks = await self._apost(request)
            try:
                async for chunk in chunks:
                    if chunk.choices and chunk.choices[0].delta.content:
                        yield chunk.choices[0].delta.content
            finally:
                await chunks.close()
        except openai.APIError as exc:
            raise self._explain(exc) from None
        except httpx.TransportError as exc:  # raised while reading a stream, not wrapped
            raise self._lost(exc) from None

    async def _apost(self, request: dict[str, Any]) -> openai.AsyncStream[ChatCompletionChunk]:
        return await self._async_client().post(
            "/chat/completions",
            body=request,
            cast_to=ChatCompletion,
            stream=True,
            stream_cls=openai.AsyncStream[ChatCompletionChunk],
        )

    def _async_client(self) -> openai.AsyncOpenAI:
        loop = asyncio.get_running_loop()
        client = self._async_clients.get(loop)
        if client is None:
            # aiohttp under the client, as openai recommends for concurrency: httpx's pool
            # cost ~14 ms of CPU per call at 200 concurrent calls on this project's bench.
            client = self._async_clients[loop] = openai.AsyncOpenAI(
                **self._client_options, http_client=openai.DefaultAioHttpClient()
            )
        return client

    def generate(
        self,
        messages: list[Message],
        *,
        schema: JsonSchema | None = None,
        max_tokens: int = 256,
        temperature: float = 0.2,
        seed: int | None = None,
    ) -> str:
        """One non-streamed request: simpler for servers, and what JSON output wants."""
        try:
            reply = self._request(
                messages, schema, max_tokens, temperature, stream=False, seed=seed
            )
        except openai.APIError as exc:
            raise self._explain(exc) from None
        return str(reply.choices[0].message.content or "") if reply.choices else ""

    def _lost(self, exc: httpx.TransportError) -> BackendError:
        return BackendError(
            f"The connection to the model server at {self.base_url} broke during the reply"
            f" ({exc.__class__.__name__}).",
            hint="Check the server's health and load; the interview goes on without it.",
        )

    async def aclose(self) -> None:
        """Close the async client of the running event loop (a server's shutdown)."""
        client = self._async_clients.pop(asyncio.get_running_loop(), None)
        if client is not None:
            await client.close()

    def _explain(self, exc: openai.APIError) -> BackendError:
        where = f"{self.base_url} (model {self.model})"
        if isinstance(exc, openai.APITimeoutError):
            return BackendError(
                f"The model server at {where} timed out, also after retries.",
                hint="Raise INTERVIEWER_OPENAI_TIMEOUT_S, or check the server's load.",
            )
        if isinstance(exc, openai.APIConnectionError):
            return BackendUnavailable(
                f"Cannot reach the model server at {self.base_url}.",
                hint="Is the server running? Check INTERVIEWER_OPENAI_BASE_URL.",
            )
        if isinstance(exc, openai.AuthenticationError):
            return BackendUnavailable(
                f"The model server at {self.base_url} rejected the API key.",
                hint="Set INTERVIEWER_OPENAI_API_KEY to a valid key."
                if self._has_key
                else "Set INTERVIEWER_OPENAI_API_KEY.",
            )
        if isinstance(exc, openai.NotFoundError):
            return BackendUnavailable(
                f"The model server at {self.base_url} has no model {self.model!r}.",
                hint="Set INTERVIEWER_OPENAI_MODEL to a model the server lists at /models.",
            )
        if isinstance(exc, openai.RateLimitError):
            return BackendError(
                f"The model server at {where} is rate limiting requests, also after retries.",
                hint="Wait a minute, or raise INTERVIEWER_OPENAI_MAX_RETRIES.",
            )
        status = getattr(exc, "status_code", None)
        return BackendError(
            f"The model server at {where} failed"
            + (f" with HTTP {status}" if status else "")
            + f": {exc.message}"
        )
