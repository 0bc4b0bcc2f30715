"""Score every graded row (N times when asked) and compare with the human grades."""

from __future__ import annotations

from collections.abc import Callable
from statistics import fmean, pstdev

from pydantic import BaseModel

from interviewer.bank import Bank
from interviewer.bank.models import Level, Question
from interviewer.errors import QuestionNotFound
from interviewer.evaluation.dataset import GradedRow
from interviewer.evaluation.reference import ReferenceScorer, reference_question
from interviewer.evaluation.stats import Agreement, agreement, to_grade
from interviewer.scoring.grader import Grader


class RowResult(BaseModel):
    source: str
    question_id: str
    round: str
    human: float
    ours: float
    rubric_only: float
    runs: list[float]


class EvalReport(BaseModel):
    scorer: str
    level: Level
    repeat: int
    overall: Agreement
    by_round: dict[str, Agreement]
    #: confusion[h][o]: rows the human graded h (0-5, rounded) and we graded o
    confusion: list[list[int]]
    mean_spread: float
    max_spread: float
    #: the rubric scorer alone on the same rows, for a side-by-side of what the judge adds
    rubric_only: Agreement
    judged_rows: int
    rows: list[RowResult]


def _question(row: GradedRow, index: int, bank: Bank) -> tuple[Question, bool]:
    """(question, is from the bank)."""
    if row.question_id:
        try:
            return bank.get(row.question_id), True
        except QuestionNotFound:
            if not (row.question and row.reference):
                raise
    assert row.question is not None and row.reference is not None
    return reference_question(row.question, row.reference, row.round, index), False


def evaluate(
    rows: list[GradedRow],
    bank: Bank,
    grader: Grader,
    *,
    level: Level = Level.MID,
    repeat: int = 1,
    scorer_name: str = "rubric",
    progress: Callable[[int], None] | None = None,
) -> EvalReport:
    by_reference = grader.with_scorer(ReferenceScorer())
    results: list[RowResult] = []
    judged_count = 0
    for index, row in enumerate(rows):
        question, in_bank = _question(row, index, bank)
        use = grader if in_bank else by_reference
        graded = [use.grade(question, [row.answer], level) for _ in range(repeat)]
        runs = [a.score for a in graded]
        rubric_only = graded[0].judge.rubric_score if graded[0].judge else graded[0].score
        judged_count += graded[0].judge is not None
        results.append(
            RowResult(
                source=row.source,
                question_id=question.id,
                round=row.round or (question.round.value if in_bank else "unknown"),
                human=round(row.human, 3),
                ours=round(fmean(runs), 3),
                rubric_only=rubric_only,
                runs=runs,
            )
        )
        if progress is not None:
            progress(index + 1)
    rounds = sorted({r.round for r in results})
    judged = judged_count
    confusion = [[0] * 6 for _ in range(6)]
    for r in results:
        confusion[to_grade(r.human)][to_grade(r.ours)] += 1
    spreads = [max(r.runs) - min(r.runs) for r in results]
    return EvalReport(
        scorer=scorer_name,
        level=level,
        repeat=repeat,
        overall=agreement([r.human for r in results], [r.ours for r in results]),
        by_round={
            name: agreement(
                [r.human for r in results if r.round == name],
                [r.ours for r in results if r.round == name],
            )
            for name in rounds
        },
        confusion=confusion,
        mean_spread=round(fmean(pstdev(r.runs) for r in results), 4),
        max_spread=round(max(spreads), 3),
        rubric_only=agreement([r.human for r in results], [r.rubric_only for r in results]),
        judged_rows=judged,
        rows=results,
    )
