"""S1: scoring a fresh 500-word answer, semantic matching included, beside the phrases alone.

Each timed answer is new text (built from different development answers), so no sentence
embedding is cached; the question's anchors are warm, as they are after the first answer to
a question in a real process. Reported: median and p90 of the whole `assess`, the share of
it spent in the encoder, the alias-only scorer on the same answers, and tokens per answer.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from interviewer.bank import Bank  # noqa: E402
from interviewer.config import get_settings  # noqa: E402
from interviewer.scoring import RubricScorer  # noqa: E402
from interviewer.scoring.text import split_sentences  # noqa: E402
from interviewer.semantic.encoder import shared_encoder  # noqa: E402

ANSWERS = 40
WORDS = 500


def fresh_answers(count: int) -> list[tuple[str, str]]:
    """(question id, 500-word answer) pairs, each answer stitched from unseen texts."""
    rows = [
        json.loads(line)
        for path in sorted((ROOT / "eval" / "graded").glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    out: list[tuple[str, str]] = []
    i = 0
    while len(out) < count:
        question = rows[i % len(rows)]["question_id"]
        words: list[str] = []
        while len(words) < WORDS:
            words += str(rows[i % len(rows)]["answer"]).split()
            i += 1
        out.append((question, " ".join(words[:WORDS])))
    return out


def run() -> dict[str, Any]:
    bank = Bank.from_dir(get_settings().bank_dir)
    semantic = RubricScorer(semantic=True)
    phrases = RubricScorer(semantic=False)
    encoder = shared_encoder()
    answers = fresh_answers(ANSWERS)
    for question_id in {q for q, _ in answers}:  # warm anchors, as after a first answer
        semantic.assess(bank.get(question_id), ["warm up"])
    encode_time = 0.0
    original = encoder._encode_uncached

    def timed(texts: list[str]) -> Any:
        nonlocal encode_time
        started = time.perf_counter()
        try:
            return original(texts)
        finally:
            encode_time += time.perf_counter() - started

    encoder._encode_uncached = timed  # type: ignore[method-assign]
    ours, alias, tokens = [], [], []
    try:
        for question_id, answer in answers:
            question = bank.get(question_id)
            started = time.perf_counter()
            semantic.assess(question, [answer])
            ours.append(time.perf_counter() - started)
            started = time.perf_counter()
            phrases.assess(question, [answer])
            alias.append(time.perf_counter() - started)
            tokens.append(
                sum(
                    len(e.ids)
                    for e in encoder._tokenizer.encode_batch(
                        [s.text for s in split_sentences(answer)]
                    )
                )
            )
    finally:
        del encoder._encode_uncached
    median = statistics.median(ours) * 1000
    return {
        "S1_semantic_median_ms": round(median, 1),
        "S1_semantic_p90_ms": round(sorted(ours)[int(0.9 * len(ours))] * 1000, 1),
        "S1_alias_only_median_ms": round(statistics.median(alias) * 1000, 2),
        "S1_encoder_share": round(encode_time / sum(ours), 3),
        "S1_tokens_per_answer": round(statistics.median(tokens)),
        "answers": len(answers),
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=1))
