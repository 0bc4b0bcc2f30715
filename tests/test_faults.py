"""Fault injection: a failing model or database never loses a turn or ends in a traceback."""

from __future__ import annotations

import io
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import respx
from rich.console import Console

from interviewer.bank import Bank
from interviewer.cli.chat import run_chat
from interviewer.cli.io import AnswerReader
from interviewer.config import PROJECT_ROOT
from interviewer.engine.models import Plan
from interviewer.errors import BackendError, StoreError
from interviewer.interview import Interview
from interviewer.llm.base import BaseBackend, JsonSchema, Message
from interviewer.llm.openai_backend import OpenAIBackend
from interviewer.prompts import Prompts
from interviewer.store import Store
from tests.cli_helpers import run_cli
from tests.helpers import make_question

PROMPTS = Prompts(PROJECT_ROOT / "prompts")
#: on the question but missing most of it, so a (model) follow-up is due
VAGUE = (
    "The gradients get smaller as they flow back through the layers, so the first layers"
    " barely learn; I would look at the curves and try a few things from there."
)
URL = "http://127.0.0.1:8999/v1/chat/completions"


class FailingModel(BaseBackend):
    name = "failing"
    model = "failing-1"

    def __init__(self, before: int) -> None:
        self.before = before  # chunks to yield before failing

    def stream(
        self,
        messages: list[Message],
        *,
        schema: JsonSchema | None = None,
        max_tokens: int = 256,
        temperature: float = 0.2,
        seed: int | None = None,
    ) -> Iterator[str]:
        yield from ["What ", "about ", "the "][: self.before]
        raise BackendError("the model server dropped the connection")


def start(backend: BaseBackend, store: Store) -> Interview:
    interview = Interview.start(
        Plan(count=1, max_followups=2), Bank([make_question()]), backend, store, PROMPTS
    )
    list(interview.open())
    return interview


@pytest.mark.parametrize("before", [0, 2], ids=["before-first-token", "mid-stream"])
def test_a_failing_model_falls_back_to_the_scripted_probe(tmp_path: Path, before: int) -> None:
    store = Store(f"sqlite:///{tmp_path / 'f.db'}")
    interview = start(FailingModel(before), store)
    text = "".join(interview.answer(VAGUE))
    assert text.endswith(make_question().key_point("chain-rule").probe)
    assert interview.state.turns[-1].source == "scripted-after-error"
    assert interview.notices and "dropped the connection" in interview.notices[0]
    rows = store.turn_rows(interview.state.id)
    assert [r.kind for r in rows] == ["question", "answer", "followup"]
    assert rows[1].text == VAGUE
    # ...and the interview goes on.
    assert "".join(interview.answer(VAGUE))


def openai_backend() -> OpenAIBackend:
    return OpenAIBackend(
        model="m", base_url="http://127.0.0.1:8999/v1", api_key="k", max_retries=2, timeout_s=2
    )


def ok(content: str) -> httpx.Response:
    return httpx.Response(
        200,
        json={
            "id": "c",
            "object": "chat.completion",
            "created": 0,
            "model": "m",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": "stop",
                }
            ],
        },
    )


def sse_ok(content: str) -> httpx.Response:
    chunk = {
        "id": "c",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": "m",
        "choices": [{"index": 0, "delta": {"content": content}, "finish_reason": None}],
    }
    body = f"data: {json.dumps(chunk)}\n\ndata: [DONE]\n\n".encode()
    return httpx.Response(200, content=body, headers={"content-type": "text/event-stream"})


@respx.mock
def test_a_429_burst_is_absorbed_by_retries(tmp_path: Path) -> None:
    slow_down = httpx.Response(
        429, json={"error": {"message": "rate"}}, headers={"retry-after-ms": "1"}
    )
    respx.post(URL).mock(
        side_effect=[
            slow_down,
            slow_down,
            sse_ok("What happens to a product of many small derivatives?"),
        ]
    )
    interview = start(openai_backend(), Store(f"sqlite:///{tmp_path / 'f.db'}"))
    "".join(interview.answer(VAGUE))
    assert interview.state.turns[-1].source == "model:m"


@respx.mock
def test_timeouts_past_the_retries_keep_the_interview_going(tmp_path: Path) -> None:
    respx.post(URL).mock(side_effect=httpx.ReadTimeout("slow"))
    store = Store(f"sqlite:///{tmp_path / 'f.db'}")
    interview = start(openai_backend(), store)
    "".join(interview.answer(VAGUE))
    assert interview.state.turns[-1].source == "scripted-after-error"
    assert "timed out" in interview.notices[0]
    assert len(store.turn_rows(interview.state.id)) == 3


class BreakingStore(Store):
    """A store whose disk 'fills up' after some saves."""

    def __init__(self, url: str, saves_before_failure: int) -> None:
        super().__init__(url)
        self.left = saves_before_failure

    def save(self, state, *, user_id=None):  # type: ignore[no-untyped-def]
        if self.left <= 0:
            raise StoreError("disk I/O error", hint="Free some disk space.")
        self.left -= 1
        super().save(state, user_id=user_id)


def test_a_database_failure_mid_session_writes_a_recovery_file_and_resume_continues(
    tmp_path: Path,
) -> None:
    db = tmp_path / "data" / "interviewer.db"
    store = BreakingStore(f"sqlite:///{db}", saves_before_failure=2)
    bank = Bank.from_dir(PROJECT_ROOT / "question_bank")
    interview = Interview.start(Plan(count=2, seed=3), bank, FailingModel(0), store, PROMPTS)
    out = io.StringIO()
    reader = AnswerReader(io.BytesIO(f"{VAGUE}\n\n{VAGUE} again\n\n".encode()))
    code = run_chat(interview, Console(file=out, width=200), reader, recovery_dir=tmp_path / "data")
    assert code == 3
    text = out.getvalue()
    assert "Could not save to the database: disk I/O error" in text
    recovery = tmp_path / "data" / "recovery" / f"{interview.state.id}.json"
    assert recovery.is_file() and f"--recover {recovery}" in text.replace("\n", "")
    saved = json.loads(recovery.read_text())
    assert [t["text"] for t in saved["turns"] if t["speaker"] == "candidate"] == [VAGUE]

    resumed = run_cli(
        ["resume", "--recover", str(recovery)], tmp_path / "data", stdin=b"/skip\n/skip\n/skip\n"
    )
    assert resumed.returncode == 0, resumed.stderr
    assert "Recovered session" in resumed.stdout and "Report" in resumed.stdout
    with sqlite3.connect(db) as raw:
        answers = [
            r[0]
            for r in raw.execute("select text from turns where speaker='candidate' order by idx")
        ]
    assert answers[0] == VAGUE


def test_a_read_only_database_is_refused_up_front_with_a_clear_message(tmp_path: Path) -> None:
    db = tmp_path / "ro.db"
    Store(f"sqlite:///{db}")  # create the schema
    result = run_cli(
        ["chat", "-n", "1"],
        tmp_path,
        stdin=b"/quit\n",
        INTERVIEWER_DATABASE_URL=f"sqlite:///file:{db}?mode=ro&uri=true",
    )
    assert result.returncode == 3
    assert "read-only" in result.stderr and "Traceback" not in result.stderr
