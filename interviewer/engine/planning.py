"""Turn a plan into the ordered questions of a session (pure: the seed decides)."""

from __future__ import annotations

from collections.abc import Mapping

from interviewer.bank import Bank, Question
from interviewer.engine.models import Plan
from interviewer.errors import PlanError


def choose_questions(
    bank: Bank, plan: Plan, weakness: Mapping[str, float] | None = None
) -> list[tuple[Question, int]]:
    """(question, block index) pairs; a plan without blocks is a single block."""
    if not plan.blocks:
        questions = bank.select(
            rounds=plan.rounds,
            count=plan.count,
            level=plan.level,
            seed=plan.seed,
            topic=plan.topic,
            weakness=weakness,
        )
        return [(q, 0) for q in questions]
    chosen: list[tuple[Question, int]] = []
    for index, block in enumerate(plan.blocks):
        try:
            picked = bank.select(
                rounds=[block.round],
                count=block.questions,
                level=plan.level,
                seed=plan.seed + index,
                topic=plan.topic,
                weakness=weakness,
                exclude=frozenset(q.id for q, _ in chosen),
            )
        except PlanError:
            raise PlanError(
                f"Block {index + 1} ({block.round.value}) has no questions at level "
                f"{plan.level.value}.",
                hint="Choose another level, or add questions to that round.",
            ) from None
        chosen.extend((q, index) for q in picked)
    return chosen
