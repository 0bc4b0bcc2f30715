"""Structured output: ask for JSON matching a pydantic model, validate, retry once."""

from __future__ import annotations

import json
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from interviewer.errors import BackendError
from interviewer.llm.base import Backend, JsonSchema, Message
from interviewer.prompts import Prompts

T = TypeVar("T", bound=BaseModel)


def _extract_json(text: str) -> str:
    """Models sometimes wrap JSON in prose or code fences; keep the outermost object."""
    start, end = text.find("{"), text.rfind("}")
    return text[start : end + 1] if 0 <= start < end else text


def generate_structured(
    backend: Backend,
    messages: list[Message],
    output: type[T],
    prompts: Prompts,
    *,
    max_tokens: int = 512,
    schema: JsonSchema | None = None,
    seed: int | None = None,
) -> T:
    """Return the backend's reply parsed as `output`; one corrective retry, then an error.

    `schema` narrows `output`'s own schema for the model (for example, enumerating the ids
    it may use); the reply is still validated by `output`. Temperature 0 and a fixed seed
    make the call repeatable where the backend allows it.
    """
    schema = schema or output.model_json_schema()
    attempt = list(messages)
    error = ""
    for _ in range(2):
        raw = backend.generate(
            attempt, schema=schema, max_tokens=max_tokens, temperature=0.0, seed=seed
        )
        try:
            return output.model_validate_json(_extract_json(raw))
        except (ValidationError, json.JSONDecodeError) as exc:
            error = str(exc).splitlines()[0]
            attempt = [
                *messages,
                Message(role="assistant", content=raw[:2000]),
                Message(role="user", content=prompts.render("json_retry", error=error)),
            ]
    raise BackendError(
        f"The model {backend.model} returned invalid JSON twice ({error}).",
        hint="Use a stronger model, or a server that supports JSON-schema output.",
    )
