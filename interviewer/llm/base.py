"""The one interface every model backend implements.

A backend implements `stream()`; `generate()` (the whole reply) is built on it once, in
`BaseBackend`, so streaming is the normal path and cannot drift from the blocking one.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Iterator
from typing import Any, Literal, Protocol, runtime_checkable

from pydantic import BaseModel


class Message(BaseModel):
    role: Literal["system", "user", "assistant"]
    content: str


JsonSchema = dict[str, Any]
#: none: no model; weak: a tiny model (the embedded default); local: a model the user chose
#: to run; hosted: a large hosted model behind an OpenAI-compatible API.
Strength = Literal["none", "weak", "local", "hosted"]


@runtime_checkable
class Backend(Protocol):
    name: str
    model: str
    #: True when no language model stands behind the backend: the conductor then uses the
    #: rubric's scripted wording instead of asking the backend to phrase anything.
    scripted: bool
    #: How far a judge on this backend is trusted: see `interviewer.scoring.combine`.
    strength: Strength

    def stream(
        self,
        messages: list[Message],
        *,
        schema: JsonSchema | None = None,
        max_tokens: int = 256,
        temperature: float = 0.2,
        seed: int | None = None,
    ) -> Iterator[str]: ...

    def generate(
        self,
        messages: list[Message],
        *,
        schema: JsonSchema | None = None,
        max_tokens: int = 256,
        temperature: float = 0.2,
        seed: int | None = None,
    ) -> str: ...


@runtime_checkable
class AsyncBackend(Protocol):
    """A backend that can also stream without a thread: what a server wants while hundreds
    of candidates wait on the model at once. Backends that compute in-process (llama.cpp)
    do not implement it; surfaces run their `stream` in a worker thread instead."""

    def astream(
        self,
        messages: list[Message],
        *,
        schema: JsonSchema | None = None,
        max_tokens: int = 256,
        temperature: float = 0.2,
        seed: int | None = None,
    ) -> AsyncGenerator[str, None]: ...

    async def aclose(self) -> None:
        """Release the running event loop's connections (at server shutdown)."""
        ...


class BaseBackend:
    name = "base"
    model = "none"
    scripted = False
    strength: Strength = "local"

    def stream(
        self,
        messages: list[Message],
        *,
        schema: JsonSchema | None = None,
        max_tokens: int = 256,
        temperature: float = 0.2,
        seed: int | None = None,
    ) -> Iterator[str]:
        raise NotImplementedError

    def generate(
        self,
        messages: list[Message],
        *,
        schema: JsonSchema | None = None,
        max_tokens: int = 256,
        temperature: float = 0.2,
        seed: int | None = None,
    ) -> str:
        return "".join(
            self.stream(
                messages, schema=schema, max_tokens=max_tokens, temperature=temperature, seed=seed
            )
        )
