"""Load and validate bank files, reporting each problem with its file and line."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from interviewer.bank.models import Question
from interviewer.errors import BankError


@dataclass(frozen=True)
class LintProblem:
    """One problem in one bank file, located for an editor (`file:line: message`)."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def bank_files(bank_dir: Path) -> list[Path]:
    if not bank_dir.is_dir():
        raise BankError(
            f"Question bank folder not found: {bank_dir}",
            hint="Set INTERVIEWER_BANK_DIR to a folder of *.yaml question files.",
        )
    return sorted(p for p in bank_dir.rglob("*.yaml") if p.is_file())


def _line_of(node: yaml.Node | None, loc: Sequence[int | str]) -> int:
    """Follow a pydantic error location through the YAML node tree to a 1-based line."""
    line = 1 if node is None else node.start_mark.line + 1
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == part), None)
            if match is None:
                break
            node = match
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                break
            node = node.value[part]
        else:
            break
        line = node.start_mark.line + 1
    return line


def parse_file(path: Path) -> tuple[Question | None, list[LintProblem]]:
    """Parse one file; return the question, or the located problems that stop it loading."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [LintProblem(path, 1, f"cannot read file: {exc}")]
    try:
        node = yaml.compose(text)
        data: Any = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        return None, [LintProblem(path, line, f"invalid YAML: {getattr(exc, 'problem', exc)}")]
    if not isinstance(data, dict):
        return None, [LintProblem(path, 1, "a question file must be a YAML mapping")]
    try:
        return Question.model_validate(data), []
    except ValidationError as exc:
        return None, [
            LintProblem(
                path,
                _line_of(node, err["loc"]),
                f"{'.'.join(str(p) for p in err['loc']) or '(file)'}: {err['msg']}",
            )
            for err in exc.errors()
        ]


def _cross_file_problems(parsed: Iterable[tuple[Path, Question]]) -> list[LintProblem]:
    seen: dict[str, Path] = {}
    problems = []
    for path, question in parsed:
        if question.id in seen:
            problems.append(
                LintProblem(
                    path, 1, f"duplicate question id {question.id!r} (also in {seen[question.id]})"
                )
            )
        else:
            seen[question.id] = path
        if path.stem != question.id:
            problems.append(LintProblem(path, 1, f"file name should be {question.id}.yaml"))
    return problems


def lint(bank_dir: Path) -> tuple[list[Question], list[LintProblem]]:
    """Validate every file; returns the good questions and all problems found."""
    questions: list[tuple[Path, Question]] = []
    problems: list[LintProblem] = []
    for path in bank_files(bank_dir):
        question, file_problems = parse_file(path)
        problems.extend(file_problems)
        if question is not None:
            questions.append((path, question))
    problems.extend(_cross_file_problems(questions))
    return [q for _, q in questions], problems


def load_questions(bank_dir: Path) -> list[Question]:
    """Load the bank, refusing to start on a broken one (run `interviewer bank lint`)."""
    questions, problems = lint(bank_dir)
    if problems:
        shown = "\n".join(str(p) for p in problems[:10])
        more = f"\n... and {len(problems) - 10} more" if len(problems) > 10 else ""
        raise BankError(
            f"The question bank has {len(problems)} problem(s):\n{shown}{more}",
            hint="Run `interviewer bank lint` to see them all.",
        )
    if not questions:
        raise BankError(f"The question bank at {bank_dir} holds no questions.")
    return questions
