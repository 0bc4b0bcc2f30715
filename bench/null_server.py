"""The floor for P4: a server that does nothing but the one model call per answer.

Same routes the benchmark uses, same uvicorn and workers, and the same model call as
`interviewer serve` (our OpenAIBackend.astream), with nothing else: no auth, store,
engine or scoring. Measured side
by side with the real server, it shows how much of the ideal this machine can reach at
all, and so how much of the gap is ours.
"""

from __future__ import annotations

import os
import secrets
from typing import Any

from fastapi import FastAPI

from interviewer.llm.base import Message
from interviewer.llm.openai_backend import OpenAIBackend

app = FastAPI()
backend = OpenAIBackend(model="fake", base_url=os.environ["INTERVIEWER_OPENAI_BASE_URL"])


@app.post("/v1/sessions", status_code=201)
async def create() -> dict[str, str]:
    return {"id": secrets.token_urlsafe(16)}


@app.post("/v1/sessions/{session_id}/answers")
async def answer(session_id: str, body: dict[str, Any]) -> dict[str, Any]:
    messages = [Message(role="user", content=str(body.get("text", "")))]
    reply = "".join([chunk async for chunk in backend.astream(messages, max_tokens=64)])
    return {"reply": reply, "finished": False}
