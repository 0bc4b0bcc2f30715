"""Every benchmark in one run: a table of ours vs reference with goals, JSON in bench/results/.

Run with `make bench` (or `.venv/bin/python bench/run_all.py`). No benchmark is a test
assertion; the table is for people, the JSON for tracking.
"""

from __future__ import annotations

import json
import platform
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

import api_bench  # noqa: E402
import engine_bench  # noqa: E402
import llama_bench  # noqa: E402
import scoring_bench  # noqa: E402


def row(name: str, ours: Any, reference: Any, ratio: Any, goal: str) -> str:
    return f"{name:<44}{ours!s:>12}{reference!s:>14}{ratio!s:>10}  {goal}"


def scoring_lines(scoring: dict[str, Any]) -> list[str]:
    return [
        row(
            "S1 score a fresh 500-word answer, median ms",
            scoring["S1_semantic_median_ms"],
            scoring["S1_alias_only_median_ms"],
            round(scoring["S1_semantic_median_ms"] / scoring["S1_alias_only_median_ms"], 1),
            "<= 250 ms (ref: phrases only)",
        ),
        row("S1 p90 ms", scoring["S1_semantic_p90_ms"], "-", "-", "-"),
        row("S1 share of time in the encoder", scoring["S1_encoder_share"], "-", "-", "-"),
        row("S1 tokens per answer", scoring["S1_tokens_per_answer"], "-", "-", "-"),
    ]


def main() -> None:
    if sys.argv[1:] == ["scoring"]:
        # Only the scoring benchmark: merged into latest.json beside the other sections.
        scoring = scoring_bench.run()
        print(
            "\n".join(
                [row("benchmark", "ours", "reference", "ratio", "goal"), *scoring_lines(scoring)]
            )
        )
        out = ROOT / "bench" / "results" / "latest.json"
        data = json.loads(out.read_text()) if out.is_file() else {}
        data["scoring"] = {**scoring, "measured_at": time.strftime("%Y-%m-%d %H:%M")}
        out.write_text(json.dumps(data, indent=2) + "\n")
        return
    started = time.time()
    scoring = scoring_bench.run()
    engine = engine_bench.run()
    try:
        from interviewer.llm.embedded import embedded_model_path
        from interviewer.llm.llama_cpp import LlamaCppBackend

        backend = LlamaCppBackend(embedded_model_path(), n_ctx=8192)
        llama: dict[str, Any] = {
            "P2": llama_bench.p2(backend, runs=5),
            "P3": llama_bench.p3(backend),
        }
    except Exception as exc:  # no llama-cpp-python here: say so in the table
        llama = {"error": str(exc)}
    p1 = engine["P1_turn_overhead"]
    lines = [
        row("benchmark", "ours", "reference", "ratio", "goal"),
        *scoring_lines(scoring),
        row("P1 engine turn, median ms (500-word answer)", p1["median_ms"], "-", "-", "<= 5 ms"),
        row("P1 engine turn, p99 ms", p1["p99_ms"], "-", "-", "-"),
        row(
            "P1 as fraction of an embedded-model turn",
            p1["median_ms"],
            p1["embedded_turn_ms"],
            p1["fraction_of_model_turn"],
            "<= 0.01",
        ),
    ]
    bank = engine["P1_vs_bank_size"]
    lines.append(
        row(
            "P1 turn ms, bank 10,000 vs 100 questions",
            bank["10000"]["turn_median_ms"],
            bank["100"]["turn_median_ms"],
            round(bank["10000"]["turn_median_ms"] / bank["100"]["turn_median_ms"], 2),
            "flat (<= linear)",
        )
    )
    lines.append(
        row(
            "session start ms, bank 10,000 vs 100",
            bank["10000"]["session_start_ms"],
            bank["100"]["session_start_ms"],
            round(bank["10000"]["session_start_ms"] / bank["100"]["session_start_ms"], 2),
            "<= linear (x100)",
        )
    )
    transcript = engine["P1_vs_transcript_turn"]
    lines.append(
        row(
            "P1 turn ms, turn 50 vs turn 1",
            transcript["50"],
            transcript["1"],
            round(transcript["50"] / transcript["1"], 2),
            "<= linear (x50)",
        )
    )
    memory = engine["memory_200_turns_mb"]
    lines.append(
        row(
            "traced MB after 200 vs 50 turns",
            memory["200"],
            memory["50"],
            round(memory["200"] / memory["50"], 2),
            f"~transcript ({memory['transcript_mb']} MB)",
        )
    )
    if "error" in llama:
        lines.append(f"P2/P3 skipped: {llama['error']}")
    else:
        lines.append(
            row(
                "P2 tokens/s, our llama path vs raw",
                llama["P2"]["ours_tok_s"],
                llama["P2"]["raw_tok_s"],
                llama["P2"]["ratio"],
                ">= 0.97",
            )
        )
        lines.append(
            row(
                "P3 TTFT ms, turn 20 vs turn 1",
                llama["P3"]["ttft_last_ms"],
                llama["P3"]["ttft_first_ms"],
                llama["P3"]["ratio"],
                "<= 1.2",
            )
        )
    api = api_bench.run()
    for n, r in api["by_concurrency"].items():
        if "error" in r:
            lines.append(f"P4 API, {n} concurrent sessions: did not complete ({r['error']})")
            continue
        lines.append(
            row(
                f"P4 API req/s, {n} sessions, 200 ms model",
                r["throughput_rps"],
                r["ideal_rps"],
                r["ratio"],
                ">= 0.9",
            )
        )
        lines.append(row(f"P4 added p99 ms, {n} sessions", r["added_p99_ms"], "-", "-", "small"))
        if "null_server_rps" in r:
            lines.append(
                row(
                    f"P4 req/s vs null server, {n} sessions",
                    r["throughput_rps"],
                    r["null_server_rps"],
                    r["ratio_to_null_server"],
                    "(machine floor)",
                )
            )
        lines.append(
            row(
                f"P4 server CPU ms per answer, {n} sessions",
                r["server_cpu_ms_per_request"],
                "-",
                "-",
                "-",
            )
        )
    print("\n".join(lines))
    out = ROOT / "bench" / "results" / "latest.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "machine": platform.node(),
                "python": platform.python_version(),
                "seconds": round(time.time() - started, 1),
                "scoring": {**scoring, "measured_at": time.strftime("%Y-%m-%d %H:%M")},
                "engine": engine,
                "llama": llama,
                "api": api,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"\nWrote {out} in {time.time() - started:.0f} s")


if __name__ == "__main__":
    main()
