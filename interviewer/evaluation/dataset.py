"""Graded files for `interviewer eval`: CSV or JSON Lines, one graded answer per row.

Fields: `answer`, `score` (the human grade), and either `question_id` (a bank question) or
`question` + `reference` (any question with a reference answer); optional `round` and
`max_score` (default 5; other scales are rescaled to 0-5).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError, model_validator

from interviewer.errors import EvalDataError

SUFFIXES = (".csv", ".jsonl", ".ndjson")


class GradedRow(BaseModel):
    question_id: str | None = None
    question: str | None = None
    reference: str | None = None
    answer: str
    score: float
    round: str | None = None
    max_score: float = Field(default=5.0, gt=0)
    source: str = Field(default="", description="file:line, for messages")

    @model_validator(mode="after")
    def _has_a_question(self) -> GradedRow:
        if not self.question_id and not (self.question and self.reference):
            raise ValueError("needs question_id, or both question and reference")
        if not 0 <= self.score <= self.max_score:
            raise ValueError(f"score {self.score} is outside 0..{self.max_score}")
        return self

    @property
    def human(self) -> float:
        """The human grade on our 0-5 scale."""
        return self.score * 5.0 / self.max_score


def _records(path: Path) -> list[tuple[int, dict[str, object]]]:
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(text.splitlines(keepends=True))
        rows: list[tuple[int, dict[str, object]]] = []
        start = 2  # a quoted field may span lines: each row starts after the previous one
        for row in reader:
            rows.append((start, {k: v for k, v in row.items() if k and v not in (None, "")}))
            start = reader.line_num + 1
        return rows
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalDataError(f"{path}:{number}: not valid JSON ({exc.msg}).") from None
        if not isinstance(value, dict):
            raise EvalDataError(f"{path}:{number}: each line must be a JSON object.")
        records.append((number, value))
    return records


def files_in(paths: list[Path]) -> list[Path]:
    """The graded files named, or found (sorted) inside the folders named."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES)
        elif path.is_file():
            found.append(path)
        else:
            raise EvalDataError(f"No such file or folder: {path}")
    if not found:
        raise EvalDataError(
            "No graded files found.", hint=f"Give .csv or .jsonl files ({', '.join(SUFFIXES)})."
        )
    return found


def load_rows(paths: list[Path]) -> list[GradedRow]:
    rows: list[GradedRow] = []
    for path in files_in(paths):
        for number, record in _records(path):
            try:
                rows.append(GradedRow.model_validate({**record, "source": f"{path}:{number}"}))
            except ValidationError as exc:
                problems = "; ".join(
                    f"{'.'.join(str(p) for p in e['loc']) or 'row'}: {e['msg']}"
                    for e in exc.errors()
                )
                raise EvalDataError(f"{path}:{number}: {problems}") from None
    if not rows:
        raise EvalDataError("The graded files have no rows.")
    return rows
