"""Our graded set (eval/graded) and the held-out paraphrase pairs (eval/paraphrases)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from interviewer.bank import Bank
from interviewer.config import PROJECT_ROOT

GRADED_DIR = PROJECT_ROOT / "eval" / "graded"
PARAPHRASE_DIR = PROJECT_ROOT / "eval" / "paraphrases"
GRADES = ("poor", "partial", "strong")


def _jsonl(folder: Path) -> list[dict[str, object]]:
    return [
        json.loads(line)
        for path in sorted(folder.glob("*.jsonl"))
        for line in path.open()
        if line.strip()
    ]


@cache
def graded_rows() -> tuple[dict[str, object], ...]:
    return tuple(_jsonl(GRADED_DIR))


@cache
def paraphrase_pairs() -> tuple[dict[str, object], ...]:
    return tuple(_jsonl(PARAPHRASE_DIR))


@cache
def bank() -> Bank:
    return Bank.from_dir(PROJECT_ROOT / "question_bank")


def ladders() -> dict[str, dict[str, dict[str, object]]]:
    """question id -> grade -> row."""
    out: dict[str, dict[str, dict[str, object]]] = {}
    for row in graded_rows():
        out.setdefault(str(row["question_id"]), {})[str(row["grade"])] = row
    return out
