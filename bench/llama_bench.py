"""P2 and P3: our llama.cpp path against raw llama-cpp-python, measured side by side.

P2  tokens/s through LlamaCppBackend.stream vs Llama.create_chat_completion(stream=True)
    on the same prompt and the same model instance, alternating runs (goal >= 0.97x).
P3  time to first token at the 20th model call of one interview vs the 1st (goal <= 1.2x):
    the conversation grows every turn, so without KV-cache prefix reuse TTFT would grow.

Run: .venv/bin/python bench/llama_bench.py [--model PATH] [--gpu-layers N] [--runs N]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from interviewer.bank import Bank  # noqa: E402
from interviewer.engine.models import Plan  # noqa: E402
from interviewer.interview import Interview  # noqa: E402
from interviewer.llm.base import Message  # noqa: E402
from interviewer.llm.embedded import embedded_model_path  # noqa: E402
from interviewer.llm.llama_cpp import LlamaCppBackend  # noqa: E402
from interviewer.prompts import Prompts  # noqa: E402
from interviewer.store import Store  # noqa: E402

PROMPT = [
    Message(role="system", content="You are a machine-learning interviewer."),
    Message(
        role="user",
        content="Write a detailed paragraph explaining the bias-variance trade-off, "
        "regularisation, and how learning curves reveal each problem.",
    ),
]
GEN_TOKENS = 128


def tokens_per_second_ours(backend: LlamaCppBackend) -> float:
    started = time.perf_counter()
    n = sum(1 for _ in backend.stream(PROMPT, max_tokens=GEN_TOKENS, temperature=0.0))
    return n / (time.perf_counter() - started)


def raw_chunks(llama: Any) -> Iterator[str]:
    for chunk in llama.create_chat_completion(
        messages=[m.model_dump() for m in PROMPT],
        max_tokens=GEN_TOKENS,
        temperature=0.0,
        stream=True,
    ):
        if chunk["choices"][0]["delta"].get("content"):
            yield chunk["choices"][0]["delta"]["content"]


def tokens_per_second_raw(backend: LlamaCppBackend) -> float:
    """Plain llama-cpp-python, called on the thread that owns the model.

    Calling it from the main thread instead would start a second OpenMP team that competes
    with the worker's for the same cores (a 3-4x slowdown on 2 cores), measuring the
    scheduler rather than our code.
    """
    worker = backend._worker
    started = time.perf_counter()
    n = 0
    for _ in worker.stream(raw_chunks):
        n += 1
    return n / (time.perf_counter() - started)


def p2(backend: LlamaCppBackend, runs: int) -> dict[str, float]:
    ours, raw = [], []
    tokens_per_second_ours(backend)  # warm-up
    for _ in range(runs):
        raw.append(tokens_per_second_raw(backend))
        ours.append(tokens_per_second_ours(backend))
    o, r = statistics.median(ours), statistics.median(raw)
    return {"ours_tok_s": round(o, 1), "raw_tok_s": round(r, 1), "ratio": round(o / r, 3)}


def p3(backend: LlamaCppBackend, turns: int = 20) -> dict[str, float]:
    bank = Bank.from_dir(ROOT / "question_bank")
    prompts = Prompts(ROOT / "prompts")
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/bench.db")
        plan = Plan(count=12, max_followups=2, seed=11)
        interview = Interview.start(plan, bank, backend, store, prompts)
        list(interview.open())
        ttft: list[float] = []
        prompt_tokens: list[int] = []
        evaluated: list[int] = []
        i = 0
        while len(ttft) < turns and not interview.finished:
            i += 1
            before = backend.last_stats
            list(
                interview.answer(f"Answer {i}: I am not sure; it depends on the data and the goal.")
            )
            stats = backend.last_stats
            if stats is not None and stats is not before:
                ttft.append(stats.seconds_to_first_token)
                prompt_tokens.append(stats.prompt_tokens)
                evaluated.append(stats.prompt_tokens_evaluated)
    return {
        "model_calls": len(ttft),
        "ttft_first_ms": round(ttft[0] * 1000, 1),
        "ttft_last_ms": round(ttft[-1] * 1000, 1),
        "prompt_tokens_first": prompt_tokens[0],
        "prompt_tokens_last": prompt_tokens[-1],
        "evaluated_last": evaluated[-1],
        "ratio": round(ttft[-1] / ttft[0], 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--gpu-layers", type=int, default=None)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "llama.json")
    args = parser.parse_args()
    backend = LlamaCppBackend(
        args.model or embedded_model_path(), n_ctx=8192, n_gpu_layers=args.gpu_layers
    )
    on_gpu, total = backend.layers()
    result: dict[str, Any] = {
        "machine": platform.node(),
        "device": f"GPU {on_gpu}/{total} layers" if on_gpu else "CPU",
        "model": backend.model,
        "P2_tokens_per_s": p2(backend, args.runs),
        "P3_ttft_turn20_vs_turn1": p3(backend),
    }
    print(f"{'benchmark':<34}{'ours':>12}{'reference':>12}{'ratio':>9}{'goal':>10}")
    r2, r3 = result["P2_tokens_per_s"], result["P3_ttft_turn20_vs_turn1"]
    print(
        f"{'P2 tokens/s ' + result['device']:<34}{r2['ours_tok_s']:>12}{r2['raw_tok_s']:>12}{r2['ratio']:>9}{'>= 0.97':>10}"
    )
    print(
        f"{'P3 TTFT ms (turn 20 vs 1)':<34}{r3['ttft_last_ms']:>12}{r3['ttft_first_ms']:>12}{r3['ratio']:>9}{'<= 1.2':>10}"
    )
    print(
        f"    prompt tokens turn 1: {r3['prompt_tokens_first']}, turn {r3['model_calls']}: "
        f"{r3['prompt_tokens_last']} of which re-evaluated: {r3['evaluated_last']}"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
