"""Score every graded row (N times when asked) and compare with the human grades."""

from __future__ import annotations

from collections.abc import Callable
from statistics import fmean, pstdev

from pydantic import BaseModel

from interviewer.bank import Bank
from interviewer.bank.models import Level, Question
from interviewer.errors import QuestionNotFound
from interviewer.evaluation.baselines import idf_weights, length_words, word_overlap
from interviewer.evaluation.calibrate import cross_validated
from interviewer.evaluation.dataset import GradedRow
from interviewer.evaluation.reference import ReferenceScorer, reference_question
from interviewer.evaluation.stats import Agreement, agreement, to_grade
from interviewer.scoring.grader import Grader
from interviewer.scoring.rubric import RubricScorer


class RowResult(BaseModel):
    source: str
    question_id: str
    round: str
    human: float
    ours: float
    rubric_only: float
    runs: list[float]
    #: naive graders on the same row (raw, not on the 0-5 scale)
    word_overlap: float = 0.0
    length: float = 0.0
    phrases_only: float = 0.0


class CalibrationRow(BaseModel):
    """Rows a human graded `human` (rounded): how we scored them on average."""

    human: int
    n: int
    ours_mean: float
    ours_low: float
    ours_high: float


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
    #: the same rows graded by naive baselines and by the rubric's phrases alone
    baselines: dict[str, Agreement]
    baselines_by_round: dict[str, dict[str, Agreement]]
    calibration: list[CalibrationRow]
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
    return reference_question(row.question, row.reference, row.round), False


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
    phrases_only = RubricScorer(semantic=False)
    words_only = ReferenceScorer(semantic=False)
    results: list[RowResult] = []
    judged_count = 0
    questions = [_question(row, index, bank) for index, row in enumerate(rows)]
    references = [row.reference or q.exemplar for row, (q, _) in zip(rows, questions, strict=True)]
    idf = idf_weights([row.answer for row in rows])
    for index, row in enumerate(rows):
        question, in_bank = questions[index]
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
                word_overlap=round(word_overlap(row.answer, references[index], idf), 4),
                length=length_words(row.answer),
                phrases_only=(phrases_only if in_bank else words_only)
                .assess(question, [row.answer])
                .score,
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
        baselines=_baselines(results, None),
        baselines_by_round={name: _baselines(results, name) for name in rounds},
        calibration=_calibration(results),
        rows=results,
    )


def _baselines(results: list[RowResult], round_name: str | None) -> dict[str, Agreement]:
    """Word overlap and length, each through a monotone map fitted by question folds on
    these very rows (so their QWK and MAE are on the 0-5 scale), and the phrases alone."""
    picked = [r for r in results if round_name is None or r.round == round_name]
    human = [r.human for r in picked]
    groups = [r.question_id for r in picked]
    out = {}
    for name, raw in (
        ("word overlap", [r.word_overlap for r in picked]),
        ("length", [r.length for r in picked]),
    ):
        out[name] = agreement(human, cross_validated(raw, human, groups))
    out["words only (no meaning)"] = agreement(human, [r.phrases_only for r in picked])
    return out


def _calibration(results: list[RowResult]) -> list[CalibrationRow]:
    table = []
    for grade in range(6):
        ours = [r.ours for r in results if to_grade(r.human) == grade]
        if ours:
            table.append(
                CalibrationRow(
                    human=grade,
                    n=len(ours),
                    ours_mean=round(fmean(ours), 2),
                    ours_low=min(ours),
                    ours_high=max(ours),
                )
            )
    return table
