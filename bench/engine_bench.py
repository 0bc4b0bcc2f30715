"""P1: the engine's own cost per turn, and how it grows with bank size and session length.

A turn = score the answer + choose the follow-up + phrase it (a zero-latency in-process
model) + commit to SQLite. Measured with a 500-word answer, against one turn on the
embedded model (goal: <= 5 ms median, <= 1 % of a model turn). Growth: bank of 100 to
10,000 questions, transcripts of 1 to 50 turns (goal: flat or at most linear). Memory:
a 200-turn session (goal: flat apart from the transcript itself).
"""

from __future__ import annotations

import gc
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from interviewer.bank import Bank  # noqa: E402
from interviewer.engine.models import Plan  # noqa: E402
from interviewer.interview import Interview  # noqa: E402
from interviewer.llm.base import BaseBackend, JsonSchema, Message  # noqa: E402
from interviewer.prompts import Prompts  # noqa: E402
from interviewer.store import Store  # noqa: E402

PROMPTS = Prompts(ROOT / "prompts")
BASE_BANK = list(Bank.from_dir(ROOT / "question_bank"))
WORDS = [
    "I",
    "would",
    "start",
    "from",
    "the",
    "objective",
    "and",
    "the",
    "data,",
    "then",
    "compare",
    "a",
    "simple",
    "baseline",
    "with",
    "a",
    "stronger",
    "model,",
    "watch",
    "the",
    "validation",
    "curves",
    "for",
    "overfitting,",
    "and",
    "think",
    "about",
    "latency",
]
ANSWER_500 = " ".join(WORDS[i % len(WORDS)] for i in range(500))


class InstantModel(BaseBackend):
    """A model with no latency that phrases the follow-up the engine asked for."""

    name = "instant"
    model = "instant"

    def stream(
        self,
        messages: list[Message],
        *,
        schema: JsonSchema | None = None,
        max_tokens: int = 256,
        temperature: float = 0.2,
        seed: int | None = None,
    ) -> Iterator[str]:
        note = messages[-1].content
        start = note.find('like: "') + len('like: "')
        yield note[start : note.rfind('"')]


def synthetic_bank(size: int) -> Bank:
    return (
        Bank(
            q.model_copy(update={"id": f"{q.id}-{i}"})
            for i in range(size // len(BASE_BANK) + 1)
            for q in BASE_BANK
        )
        if size > len(BASE_BANK)
        else Bank(BASE_BANK[:size])
    )


def turn_times(bank: Bank, turns: int, store: Store, followups: int = 3) -> list[float]:
    """Seconds per answer turn, over fresh sessions as needed."""
    times: list[float] = []
    seed = 0
    while len(times) < turns:
        seed += 1
        plan = Plan(count=min(50, len(bank)), max_followups=followups, seed=seed)
        interview = Interview.start(plan, bank, InstantModel(), store, PROMPTS)
        list(interview.open())
        while not interview.finished and len(times) < turns:
            started = time.perf_counter()
            list(interview.answer(ANSWER_500))
            times.append(time.perf_counter() - started)
    return times


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def embedded_turn_ms() -> float | None:
    """Median time of one follow-up turn on the embedded model (the reference for P1)."""
    try:
        from interviewer.llm.embedded import embedded_model_path
        from interviewer.llm.llama_cpp import LlamaCppBackend

        # n_ctx as in llama_bench: the same shared model, so one OpenMP team, as in the app.
        backend = LlamaCppBackend(embedded_model_path(), n_ctx=8192)
    except Exception:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/model.db")
        times = []
        for seed in range(3):
            plan = Plan(count=1, max_followups=2, seed=seed)
            interview = Interview.start(plan, Bank(BASE_BANK), backend, store, PROMPTS)
            list(interview.open())
            started = time.perf_counter()
            list(interview.answer(ANSWER_500))
            times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def p1(store: Store) -> dict[str, Any]:
    turn_times(Bank(BASE_BANK), 20, store)  # warm-up
    times = turn_times(Bank(BASE_BANK), 300, store)
    median_ms = statistics.median(times) * 1000
    model_ms = embedded_turn_ms()
    return {
        "median_ms": round(median_ms, 2),
        "p99_ms": round(percentile(times, 0.99) * 1000, 2),
        "embedded_turn_ms": None if model_ms is None else round(model_ms, 1),
        "fraction_of_model_turn": None if model_ms is None else round(median_ms / model_ms, 4),
    }


def growth_with_bank(store: Store) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for size in (100, 1_000, 10_000):
        bank = synthetic_bank(size)
        started = time.perf_counter()
        Interview.start(Plan(count=5, seed=1), bank, InstantModel(), store, PROMPTS)
        start_ms = (time.perf_counter() - started) * 1000
        times = turn_times(bank, 60, store)
        result[str(size)] = {
            "turn_median_ms": round(statistics.median(times) * 1000, 2),
            "session_start_ms": round(start_ms, 2),
        }
    return result


def growth_with_transcript(store: Store) -> dict[str, float]:
    """Per-turn cost at turn k of one long session (many questions, few follow-ups)."""
    plan = Plan(count=50, max_followups=0, seed=5)
    samples: dict[str, list[float]] = {"1": [], "10": [], "25": [], "50": []}
    for _ in range(5):
        interview = Interview.start(plan, Bank(BASE_BANK), InstantModel(), store, PROMPTS)
        list(interview.open())
        for k in range(1, 51):
            started = time.perf_counter()
            list(interview.answer(ANSWER_500))
            if str(k) in samples:
                samples[str(k)].append(time.perf_counter() - started)
    return {k: round(statistics.median(v) * 1000, 2) for k, v in samples.items()}


def memory_200_turns(store: Store) -> dict[str, float]:
    gc.collect()
    tracemalloc.start()
    plan = Plan(count=50, max_followups=3, seed=9)
    interview = Interview.start(plan, Bank(BASE_BANK), InstantModel(), store, PROMPTS)
    list(interview.open())
    marks: dict[str, float] = {}
    turns = 0
    while turns < 200 and not interview.finished:
        list(interview.answer(ANSWER_500))
        turns += 1
        if turns in (50, 100, 150, 200):
            gc.collect()
            current, _ = tracemalloc.get_traced_memory()
            marks[str(turns)] = round(current / 1e6, 2)
    tracemalloc.stop()
    marks["transcript_mb"] = round(len(interview.state.model_dump_json()) / 1e6, 2)
    marks["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return marks


def run() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/bench.db")
        return {
            "P1_turn_overhead": p1(store),
            "P1_vs_bank_size": growth_with_bank(store),
            "P1_vs_transcript_turn": growth_with_transcript(store),
            "memory_200_turns_mb": memory_200_turns(store),
        }


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
