"""The HTTP API end to end: a real uvicorn on 127.0.0.1, driven with httpx."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.api_server import running_server, token_for
from tests.cli_helpers import run_cli

ANSWER = (
    "Bias is error from assumptions that are too simple, so the model underfits; variance is "
    "sensitivity to the training sample, so it overfits and memorises noise."
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    data = tmp_path_factory.mktemp("api")
    with running_server(data) as base:
        yield base, data


def client(base: str, token: str | None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.Client(base_url=base, headers=headers, timeout=30)


def sse_events(response: httpx.Response) -> list[tuple[str, dict[str, object]]]:
    events, name = [], ""
    for line in response.iter_lines():
        if line.startswith("event: "):
            name = line.removeprefix("event: ")
        elif line.startswith("data: "):
            events.append((name, json.loads(line.removeprefix("data: "))))
    return events


def test_a_full_session_over_http_with_sse(server: tuple[str, Path]) -> None:
    base, data = server
    alice = client(base, token_for(data, "alice"))
    created = alice.post(
        "/v1/sessions", json={"rounds": ["ml-breadth"], "count": 2, "seed": 3, "max_followups": 1}
    )
    assert created.status_code == 201, created.text
    session = created.json()
    sid = session["id"]
    assert len(sid) >= 20 and session["prompt"].startswith("Question 1 of 2")

    sent = []
    with alice.stream(
        "POST",
        f"/v1/sessions/{sid}/answers",
        json={"text": ANSWER},
        headers={"Accept": "text/event-stream"},
    ) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        events = sse_events(response)
    sent.append(ANSWER)
    chunks = [e for name, e in events if name == "chunk"]
    assert len(chunks) > 1
    done = [e for name, e in events if name == "done"][-1]
    streamed = "".join(str(c["text"]) for c in chunks).strip()
    assert streamed == done["session"]["prompt"]  # type: ignore[index]

    finished = False
    while not finished:
        text = f"Answer {len(sent)}: I would compare learning curves and regularise the model."
        reply = alice.post(f"/v1/sessions/{sid}/answers", json={"text": text})
        assert reply.status_code == 200, reply.text
        sent.append(text)
        finished = reply.json()["finished"]

    turns = alice.get(f"/v1/sessions/{sid}/transcript").json()
    assert [t["text"] for t in turns if t["speaker"] == "candidate"] == sent
    assert turns[-1]["kind"] == "closing"
    report = alice.get(f"/v1/sessions/{sid}/report").json()
    asked = {t["question_id"] for t in turns if t["kind"] == "question"}
    assert {q["question_id"] for q in report["questions"]} == asked
    assert all(0 <= q["score"] <= 5 for q in report["questions"])
    markdown = alice.get(f"/v1/sessions/{sid}/transcript", params={"format": "md"}).text
    assert all(answer in markdown for answer in sent)
    assert alice.get("/v1/progress").status_code == 200
    assert sid in [s["id"] for s in alice.get("/v1/sessions").json()]


def test_users_cannot_see_each_others_sessions(server: tuple[str, Path]) -> None:
    base, data = server
    alice = client(base, token_for(data, "alice2"))
    bob = client(base, token_for(data, "bob"))
    sid = alice.post("/v1/sessions", json={"count": 1}).json()["id"]
    for method, path, body in [
        ("GET", f"/v1/sessions/{sid}", None),
        ("POST", f"/v1/sessions/{sid}/answers", {"text": "mine"}),
        ("POST", f"/v1/sessions/{sid}/skip", None),
        ("GET", f"/v1/sessions/{sid}/transcript", None),
        ("GET", f"/v1/sessions/{sid}/report", None),
        ("DELETE", f"/v1/sessions/{sid}", None),
    ]:
        response = bob.request(method, path, json=body)
        assert response.status_code == 404, (method, path, response.text)
        assert response.headers["content-type"] == "application/problem+json"
    assert sid not in [s["id"] for s in bob.get("/v1/sessions").json()]
    assert alice.get(f"/v1/sessions/{sid}").status_code == 200


def test_missing_bad_and_revoked_tokens_get_401(server: tuple[str, Path]) -> None:
    base, data = server
    for token in (None, "ivw_not-a-real-token"):
        response = client(base, token).get("/v1/sessions")
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
        assert response.json()["title"] == "Unauthorized"
    token = token_for(data, "carol")
    assert client(base, token).get("/v1/sessions").status_code == 200
    assert run_cli(["users", "revoke", "carol"], data).returncode == 0
    assert client(base, token).get("/v1/sessions").status_code == 401


def test_errors_are_problem_documents_without_stack_traces(server: tuple[str, Path]) -> None:
    base, data = server
    api = client(base, token_for(data, "dave"))
    invalid = api.post("/v1/sessions", json={"count": 0, "mystery": 1})
    assert (
        invalid.status_code == 422 and invalid.headers["content-type"] == "application/problem+json"
    )
    assert invalid.json()["status"] == 422 and invalid.json()["errors"]
    too_big = api.post(
        "/v1/sessions/x/answers",
        content=b"{" + b" " * 300_000 + b"}",
        headers={"content-type": "application/json"},
    )
    assert too_big.status_code == 413
    unknown = api.get("/v1/sessions/does-not-exist")
    assert unknown.status_code == 404 and "Traceback" not in unknown.text
    sid = api.post("/v1/sessions", json={"count": 1}).json()["id"]
    empty = api.post(f"/v1/sessions/{sid}/answers", json={"text": "   "})
    assert empty.status_code == 422 and "empty" in empty.json()["detail"]
    no_match = api.post("/v1/sessions", json={"topic": "no-such-topic"})
    assert no_match.status_code == 400 and "No questions match" in no_match.json()["detail"]


def test_health_ready_docs_and_questions(server: tuple[str, Path]) -> None:
    base, data = server
    assert httpx.get(f"{base}/health").json() == {"status": "ok"}
    ready = httpx.get(f"{base}/ready").json()
    assert ready["status"] == "ready" and ready["questions"] >= 35
    assert httpx.get(f"{base}/openapi.json").json()["info"]["title"] == "interviewer"
    assert httpx.get(f"{base}/docs").status_code == 200
    api = client(base, token_for(data, "erin"))
    listed = api.get("/v1/questions", params={"round": "behavioral"}).json()
    assert listed and all(q["round"] == "behavioral" for q in listed)
