"""P4: API throughput against the ideal with a model that takes 200 ms, and the added p99.

A fake OpenAI-compatible server answers every chat request after exactly 200 ms. The real
`interviewer serve` (2 workers, SQLite) uses it as its model. N concurrent sessions each
send 5 answers, and every answer costs one model call; the ideal is N requests per 200 ms.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.api_server import free_port, running_server, token_for  # noqa: E402

MODEL_LATENCY_S = 0.2
ANSWERS_PER_SESSION = 5
REPLY = "Could you say more about how you would measure that?"


async def chat(request: Request) -> Response:
    body = await request.json()
    await asyncio.sleep(MODEL_LATENCY_S)
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
    return JSONResponse(
        {
            "id": "c",
            "object": "chat.completion",
            "created": 0,
            "model": "fake",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": REPLY},
                    "finish_reason": "stop",
                }
            ],
        }
    )


def start_fake_model() -> str:
    port = free_port()
    config = uvicorn.Config(
        Starlette(routes=[Route("/v1/chat/completions", chat, methods=["POST"])]),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        backlog=4096,
    )
    threading.Thread(target=uvicorn.Server(config).run, daemon=True).start()
    time.sleep(1.0)
    return f"http://127.0.0.1:{port}/v1"


async def run_sessions(
    base: str, token: str, sessions: int, server_pids: list[int]
) -> dict[str, Any]:
    limits = httpx.Limits(max_connections=sessions + 10, max_keepalive_connections=sessions + 10)
    async with httpx.AsyncClient(
        base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=300, limits=limits
    ) as api:
        ids = []
        for n in range(sessions):  # set-up, not timed
            created = await api.post(
                "/v1/sessions", json={"count": 1, "seed": n, "max_followups": 5}
            )
            created.raise_for_status()
            ids.append(created.json()["id"])
        # Warm-up, not timed: a first answer through each worker, so the figures are the
        # steady state a long-running server sees.
        for n in range(4):
            warm = await api.post("/v1/sessions", json={"count": 1, "seed": 10_000 + n})
            warm.raise_for_status()
            await api.post(f"/v1/sessions/{warm.json()['id']}/answers", json={"text": "warm"})
        latencies: list[float] = []

        async def one(sid: str) -> None:
            for i in range(ANSWERS_PER_SESSION):
                started = time.perf_counter()
                reply = await api.post(
                    f"/v1/sessions/{sid}/answers",
                    json={"text": f"Answer {i}: it depends, I would think about it."},
                )
                reply.raise_for_status()
                latencies.append(time.perf_counter() - started)

        server_cpu = sum(_cpu_seconds(p) for p in server_pids)
        own_cpu = time.process_time()  # this process: the load generator and the fake model
        started = time.perf_counter()
        await asyncio.gather(*(one(sid) for sid in ids))
        elapsed = time.perf_counter() - started
        server_cpu = sum(_cpu_seconds(p) for p in server_pids) - server_cpu
        own_cpu = time.process_time() - own_cpu
    requests = sessions * ANSWERS_PER_SESSION
    ideal_rps = sessions / MODEL_LATENCY_S
    p99 = sorted(latencies)[int(0.99 * len(latencies)) - 1]
    return {
        "sessions": sessions,
        "requests": requests,
        "throughput_rps": round(requests / elapsed, 1),
        "ideal_rps": round(ideal_rps, 1),
        "ratio": round(requests / elapsed / ideal_rps, 3),
        "median_ms": round(statistics.median(latencies) * 1000, 1),
        "p99_ms": round(p99 * 1000, 1),
        "added_p99_ms": round(p99 * 1000 - MODEL_LATENCY_S * 1000, 1),
        # Where the machine's CPU went, per answer: the API server against everything else.
        "server_cpu_ms_per_request": round(server_cpu / requests * 1000, 2),
        "bench_cpu_ms_per_request": round(own_cpu / requests * 1000, 2),
        "cpu_busy_fraction": round((server_cpu + own_cpu) / elapsed / (os.cpu_count() or 1), 2),
    }


def _cpu_seconds(pid: int) -> float:
    """User + system CPU a process has used so far (Linux /proc), 0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _server_pids(base: str) -> list[int]:
    """The serving processes: the one listening on the port and its children (workers)."""
    port = base.rsplit(":", 1)[1]
    pids = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cmd = (proc / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"serve" in cmd and port.encode() in cmd:
                pids.append(int(proc.name))
    children = []
    for pid in pids:
        for task in Path(f"/proc/{pid}/task").iterdir():
            kids = (task / "children").read_text().split()
            children.extend(int(k) for k in kids)
    return pids + children


def run(concurrency: tuple[int, ...] = (20, 50, 200), workers: int = 2) -> dict[str, Any]:
    model_url = start_fake_model()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        env = {
            "INTERVIEWER_BACKEND": "openai",
            "INTERVIEWER_JUDGE": "off",  # P4 measures the API layer: one model call per turn
            "INTERVIEWER_OPENAI_BASE_URL": model_url,
            "INTERVIEWER_OPENAI_MODEL": "fake",
            "INTERVIEWER_OPENAI_API_KEY": "k",
        }
        with running_server(data, workers=workers, **env) as base:
            token = token_for(data, "bench")
            for n in concurrency:
                try:
                    results[str(n)] = asyncio.run(
                        asyncio.wait_for(run_sessions(base, token, n, _server_pids(base)), 240)
                    )
                except Exception as exc:  # report it in the table: a failure is a result too
                    results[str(n)] = {"sessions": n, "error": repr(exc)}
    return {"workers": workers, "cpus": os.cpu_count(), "by_concurrency": results}


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
