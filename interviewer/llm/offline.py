"""The offline backend: no model at all, so every interviewer line is the rubric's wording.

It is deterministic and instant, which makes it the reference for tests and benchmarks and
the fallback when no model can be loaded. Asked to generate, it returns the last user
message unchanged (an echo), since it has nothing to add.
"""

from __future__ import annotations

from collections.abc import Iterator

from interviewer.llm.base import BaseBackend, JsonSchema, Message, Strength


class OfflineBackend(BaseBackend):
    name = "offline"
    model = "rubric-scripted"
    scripted = True
    strength: Strength = "none"

    def stream(
        self,
        messages: list[Message],
        *,
        schema: JsonSchema | None = None,
        max_tokens: int = 256,
        temperature: float = 0.2,
        seed: int | None = None,
    ) -> Iterator[str]:
        last_user = next((m.content for m in reversed(messages) if m.role == "user"), "")
        yield last_user
