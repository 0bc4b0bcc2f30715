"""The one interface every model backend implements.

A backend implements `stream()`; `generate()` (the whole reply) is built on it once, in
`BaseBackend`, so streaming is the normal path and cannot drift from the blocking one.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal, Protocol, runtime_checkable

from pydantic import BaseModel


class Message(BaseModel):
    role: Literal["system", "user", "assistant"]
    content: str


JsonSchema = dict[str, Any]


@runtime_checkable
class Backend(Protocol):
    name: str
    model: str
    #: True when no language model stands behind the backend: the conductor then uses the
    #: rubric's scripted wording instead of asking the backend to phrase anything.
    scripted: bool

    def stream(
        self,
        messages: list[Message],
        *,
        schema: JsonSchema | None = None,
        max_tokens: int = 256,
        temperature: float = 0.2,
    ) -> Iterator[str]: ...

    def generate(
        self,
        messages: list[Message],
        *,
        schema: JsonSchema | None = None,
        max_tokens: int = 256,
        temperature: float = 0.2,
    ) -> str: ...


class BaseBackend:
    name = "base"
    model = "none"
    scripted = False

    def stream(
        self,
        messages: list[Message],
        *,
        schema: JsonSchema | None = None,
        max_tokens: int = 256,
        temperature: float = 0.2,
    ) -> Iterator[str]:
        raise NotImplementedError

    def generate(
        self,
        messages: list[Message],
        *,
        schema: JsonSchema | None = None,
        max_tokens: int = 256,
        temperature: float = 0.2,
    ) -> str:
        return "".join(
            self.stream(messages, schema=schema, max_tokens=max_tokens, temperature=temperature)
        )
