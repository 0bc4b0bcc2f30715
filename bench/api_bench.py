"""P4: API throughput against the ideal with a model that takes 200 ms, and the added p99.

A fake OpenAI-compatible server (its own process) answers every chat request after exactly
200 ms. The real `interviewer serve` (2 workers, SQLite) uses it as its model. N concurrent
sessions each send 5 answers, and every answer costs one model call; the ideal is N
requests per 200 ms. The same load also runs against a null server (`null_server.py`: the
one model call and nothing else) on the same machine, side by side: the floor any Python
server reaches here. The CPU each process used per answer says where the machine went.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.api_server import free_port, running_server, token_for  # noqa: E402

MODEL_LATENCY_S = 0.2
ANSWERS_PER_SESSION = 5
WORKERS = 2


class Client:
    """One keep-alive HTTP/1.1 connection, as lean as a load generator can be.

    httpx's pool costs several ms of CPU per request at 200 connections, on the same two
    cores as the server it measures; this costs a few tens of microseconds.
    """

    def __init__(self, port: int, token: str) -> None:
        self.port = port
        self.auth = f"Authorization: Bearer {token}\r\n" if token else ""
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self, path: str, payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None
        body = json.dumps(payload).encode()
        self.writer.write(
            (
                f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{self.auth}"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
            ).encode()
            + body
        )
        head = (await self.reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status = int(head[0].split()[1])
        headers = dict(
            (k.strip().lower(), v.strip()) for k, v in (h.split(":", 1) for h in head[1:] if h)
        )
        if headers.get("transfer-encoding") == "chunked":
            data = b""
            while size := int((await self.reader.readuntil(b"\r\n")).strip(), 16):
                data += (await self.reader.readexactly(size + 2))[:-2]
            await self.reader.readuntil(b"\r\n")
        else:
            data = await self.reader.readexactly(int(headers.get("content-length", "0")))
        return status, json.loads(data) if data else {}

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            await self.writer.wait_closed()


def _cpu_seconds(pid: int) -> float:
    """User + system CPU a process has used so far (Linux /proc), 0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _process_tree(port: int) -> list[int]:
    """The processes serving a port: the one started with it, and its children (workers)."""
    roots = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cmd = (proc / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if str(port).encode() in cmd and proc.name != str(os.getpid()):
                roots.append(int(proc.name))
    pids = list(roots)
    for pid in roots:
        for task in Path(f"/proc/{pid}/task").iterdir():
            pids.extend(int(k) for k in (task / "children").read_text().split())
    return pids


async def run_sessions(
    port: int, token: str, sessions: int, server_pids: list[int], model_pids: list[int]
) -> dict[str, Any]:
    clients = [Client(port, token) for _ in range(sessions)]
    ids = []
    for n, client in enumerate(clients):  # set-up, not timed
        status, created = await client.post(
            "/v1/sessions", {"count": 1, "seed": n, "max_followups": 5}
        )
        assert status == 201, created
        ids.append(created["id"])
    # Warm-up, not timed: answers through every worker, so the figures are the steady
    # state of a long-running server (connections to the model open, caches filled).
    warm = [Client(port, token) for _ in range(4 * WORKERS)]
    for n, client in enumerate(warm):
        status, created = await client.post("/v1/sessions", {"count": 1, "seed": 10_000 + n})
        await client.post(f"/v1/sessions/{created['id']}/answers", {"text": "warm"})
        await client.close()
    latencies: list[float] = []
    failures: list[str] = []

    async def one(client: Client, sid: str) -> None:
        for i in range(ANSWERS_PER_SESSION):
            started = time.perf_counter()
            status, reply = await client.post(
                f"/v1/sessions/{sid}/answers",
                {"text": f"Answer {i}: it depends, I would think about it."},
            )
            latencies.append(time.perf_counter() - started)
            if status != 200:
                failures.append(f"{status}: {str(reply)[:200]}")

    cpu = {"server": server_pids, "model": model_pids}
    before = {k: sum(_cpu_seconds(p) for p in v) for k, v in cpu.items()}
    own = time.process_time()
    started = time.perf_counter()
    await asyncio.gather(*(one(c, sid) for c, sid in zip(clients, ids, strict=True)))
    elapsed = time.perf_counter() - started
    own = time.process_time() - own
    used = {k: sum(_cpu_seconds(p) for p in v) - before[k] for k, v in cpu.items()}
    for client in clients:
        await client.close()
    requests = sessions * ANSWERS_PER_SESSION
    ideal_rps = sessions / MODEL_LATENCY_S
    p99 = sorted(latencies)[int(0.99 * len(latencies)) - 1]
    return {
        "sessions": sessions,
        "requests": requests,
        "failed": len(failures),
        "first_failure": failures[0] if failures else None,
        "throughput_rps": round(requests / elapsed, 1),
        "ideal_rps": round(ideal_rps, 1),
        "ratio": round(requests / elapsed / ideal_rps, 3),
        "median_ms": round(statistics.median(latencies) * 1000, 1),
        "p99_ms": round(p99 * 1000, 1),
        "added_p99_ms": round(p99 * 1000 - MODEL_LATENCY_S * 1000, 1),
        # Where the machine's CPU went, per answer.
        "server_cpu_ms_per_request": round(used["server"] / requests * 1000, 2),
        "model_cpu_ms_per_request": round(used["model"] / requests * 1000, 2),
        "load_cpu_ms_per_request": round(own / requests * 1000, 2),
        "cpu_busy_fraction": round(
            (used["server"] + used["model"] + own) / elapsed / (os.cpu_count() or 1), 2
        ),
    }


def _wait_ready(url: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


@contextmanager
def _process(args: list[str], ready_url: str, **env: str) -> Iterator[int]:
    proc = subprocess.Popen(
        [sys.executable, *args],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_ready(ready_url, proc)
        yield proc.pid
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def _measure(port: int, token: str, concurrency: tuple[int, ...], model_port: int) -> Any:
    results: dict[str, Any] = {}
    for n in concurrency:
        try:
            results[str(n)] = asyncio.run(
                asyncio.wait_for(
                    run_sessions(port, token, n, _process_tree(port), _process_tree(model_port)),
                    300,
                )
            )
        except Exception as exc:  # report it in the table: a failure is a result too
            results[str(n)] = {"sessions": n, "error": repr(exc)}
    return results


def run(concurrency: tuple[int, ...] = (20, 50, 200)) -> dict[str, Any]:
    model_port = free_port()
    model_url = f"http://127.0.0.1:{model_port}/v1"
    with (
        _process(
            ["bench/fake_model.py", str(model_port), str(MODEL_LATENCY_S)],
            f"http://127.0.0.1:{model_port}/",
        ),
        tempfile.TemporaryDirectory() as tmp,
    ):
        data = Path(tmp)
        env = {
            "INTERVIEWER_BACKEND": "openai",
            "INTERVIEWER_JUDGE": "off",  # P4 measures the API layer: one model call per turn
            "INTERVIEWER_OPENAI_BASE_URL": model_url,
            "INTERVIEWER_OPENAI_MODEL": "fake",
            "INTERVIEWER_OPENAI_API_KEY": "k",
        }
        with running_server(data, workers=WORKERS, **env) as base:
            ours = _measure(
                int(base.rsplit(":", 1)[1]), token_for(data, "bench"), concurrency, model_port
            )
        null_port = free_port()
        with _process(
            [
                "-m",
                "uvicorn",
                "bench.null_server:app",
                "--port",
                str(null_port),
                "--workers",
                str(WORKERS),
                "--log-level",
                "warning",
            ],
            f"http://127.0.0.1:{null_port}/docs",
            INTERVIEWER_OPENAI_BASE_URL=model_url,
        ):
            null = _measure(null_port, "", concurrency, model_port)
    for n, r in ours.items():
        if "throughput_rps" in r and "throughput_rps" in null[n]:
            r["null_server_rps"] = null[n]["throughput_rps"]
            r["ratio_to_null_server"] = round(r["throughput_rps"] / null[n]["throughput_rps"], 3)
    return {
        "workers": WORKERS,
        "cpus": os.cpu_count(),
        "by_concurrency": ours,
        "null_server": null,
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
