"""Start the real `interviewer serve` on a free loopback port for end-to-end tests."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.cli_helpers import cli_env, run_cli


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_server(data: Path, workers: int = 1, **env: str) -> Iterator[str]:
    port = free_port()
    data.mkdir(parents=True, exist_ok=True)
    # A file, not a pipe: nobody reads a pipe while the server runs, and once the access
    # log filled its buffer the server blocked on writing it (seen at ~1,000 requests).
    log = (data / "server.log").open("wb")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "interviewer",
            "serve",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        env=cli_env(data, **env),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"{base}/ready", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                output = (data / "server.log").read_text(errors="replace")
                raise RuntimeError(f"server did not start:\n{output}")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def token_for(data: Path, name: str) -> str:
    result = run_cli(["users", "add", name], data)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]
