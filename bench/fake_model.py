"""A fake OpenAI-compatible model server that answers every chat request after a fixed delay.

Run as its own process (`python bench/fake_model.py PORT LATENCY_S`) so that its CPU and GIL
are not shared with the load generator it is measured against.
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

REPLY = "Could you say more about how you would measure that?"


def make_app(latency_s: float) -> Starlette:
    async def chat(request: Request) -> Response:
        body = await request.json()
        await asyncio.sleep(latency_s)
        if body.get("stream"):
            chunk = {
                "id": "c",
                "object": "chat.completion.chunk",
                "created": 0,
                "model": "fake",
                "choices": [{"index": 0, "delta": {"content": REPLY}, "finish_reason": None}],
            }

            async def events() -> Any:
                yield f"data: {json.dumps(chunk)}\n\n"
                yield "data: [DONE]\n\n"

            return StreamingResponse(events(), media_type="text/event-stream")
        message = {"role": "assistant", "content": REPLY}
        return JSONResponse(
            {
                "id": "c",
                "object": "chat.completion",
                "created": 0,
                "model": "fake",
                "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
            }
        )

    return Starlette(routes=[Route("/v1/chat/completions", chat, methods=["POST"])])


if __name__ == "__main__":
    port, latency = int(sys.argv[1]), float(sys.argv[2])
    uvicorn.run(make_app(latency), host="127.0.0.1", port=port, log_level="warning", backlog=4096)
