"""Two uvicorn workers on one SQLite file: 50 concurrent scripted sessions, no turn lost or doubled."""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.api_server import running_server, token_for

SESSIONS = 50


def scripted_session(base: str, token: str, n: int) -> tuple[str, list[str]]:
    sent: list[str] = []
    with httpx.Client(
        base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=120
    ) as api:
        created = api.post("/v1/sessions", json={"count": 2, "seed": n, "max_followups": 1})
        created.raise_for_status()
        sid = created.json()["id"]
        finished = False
        while not finished:
            text = f"session {n} answer {len(sent)}: I would compare a baseline and iterate on the data."
            reply = api.post(f"/v1/sessions/{sid}/answers", json={"text": text})
            reply.raise_for_status()
            sent.append(text)
            finished = reply.json()["finished"]
    return sid, sent


@pytest.mark.slow
def test_two_workers_serve_50_concurrent_sessions_without_losing_a_turn(tmp_path: Path) -> None:
    with running_server(tmp_path, workers=2) as base:
        token = token_for(tmp_path, "load")
        with ThreadPoolExecutor(max_workers=SESSIONS) as pool:
            results = list(pool.map(lambda n: scripted_session(base, token, n), range(SESSIONS)))
    with sqlite3.connect(tmp_path / "interviewer.db") as raw:
        assert raw.execute("pragma integrity_check").fetchone() == ("ok",)
        for sid, sent in results:
            rows = raw.execute(
                "select idx, speaker, text from turns where session_id = ? order by idx", (sid,)
            ).fetchall()
            assert [r[0] for r in rows] == list(range(len(rows))), sid
            assert [r[2] for r in rows if r[1] == "candidate"] == sent, sid
        (count,) = raw.execute("select count(distinct session_id) from turns").fetchone()
    assert count == SESSIONS
