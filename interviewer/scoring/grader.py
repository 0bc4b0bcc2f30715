"""One place that grades a finished question: the rubric always, the LLM judge when enabled.

The engine scores every answer turn with the fast rubric scorer to choose follow-ups; the
judge (one model call) runs once per question, when the question is done, and its checked
verdicts are folded in by `combine`. A judge that fails leaves the rubric's score standing,
with a note: grading never stops an interview.
"""

from __future__ import annotations

from interviewer.bank.models import Level, Question
from interviewer.errors import BackendError
from interviewer.llm.base import Backend
from interviewer.prompts import Prompts
from interviewer.scoring.combine import JudgeMode, combine, judge_weight
from interviewer.scoring.judge import LLMJudge
from interviewer.scoring.models import Assessment, Scorer
from interviewer.scoring.rubric import RubricScorer


class Grader:
    def __init__(
        self,
        judge: LLMJudge | None = None,
        *,
        weight: float = 0.0,
        raise_only: bool = True,
        scorer: Scorer | None = None,
    ) -> None:
        self.judge = judge
        self.weight = weight
        self.raise_only = raise_only
        self.scorer: Scorer = scorer or RubricScorer()

    @classmethod
    def for_backend(
        cls,
        backend: Backend,
        prompts: Prompts,
        *,
        mode: JudgeMode = "auto",
        weight: float | None = None,
    ) -> Grader:
        """A judge on the backend unless it has no model (offline), is off, or weighs 0.

        `auto` leaves out the weak embedded model: its weight is small and one judge call
        costs seconds on a CPU; `on` uses it too (as `interviewer eval --judge` does).
        """
        w, raise_only = judge_weight(backend.strength, weight)
        wanted = mode == "on" or (mode == "auto" and backend.strength in ("local", "hosted"))
        if not wanted or backend.scripted or w <= 0:
            return cls()
        return cls(LLMJudge(backend, prompts), weight=w, raise_only=raise_only)

    def with_scorer(self, scorer: Scorer) -> Grader:
        """The same judge and weights over another coverage scorer."""
        return Grader(self.judge, weight=self.weight, raise_only=self.raise_only, scorer=scorer)

    @property
    def uses_judge(self) -> bool:
        return self.judge is not None

    def grade(
        self,
        question: Question,
        answers: list[str],
        level: Level,
        assessment: Assessment | None = None,
    ) -> Assessment:
        """The final assessment of one question's answers."""
        rubric = assessment or self.scorer.assess(question, answers)
        if self.judge is None or not any(a.strip() for a in answers):
            return rubric
        try:
            judgement = self.judge.judge(question, answers, level)
        except BackendError as exc:
            note = f"The judge could not grade this answer ({exc.message}); rubric score only."
            return rubric.model_copy(update={"notes": [*rubric.notes, note]})
        return combine(rubric, judgement, self.weight, self.raise_only)
