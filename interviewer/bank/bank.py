"""The loaded bank and the choice of questions for a plan."""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from interviewer.bank.loader import load_questions
from interviewer.bank.models import Level, Question, Round
from interviewer.errors import PlanError, QuestionNotFound

_LEVEL_ORDER = list(Level)


class Bank:
    """An immutable, id-indexed collection of questions."""

    def __init__(self, questions: Iterable[Question]) -> None:
        self._by_id = {q.id: q for q in questions}

    @classmethod
    def from_dir(cls, bank_dir: Path) -> Bank:
        return cls(load_questions(bank_dir))

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[Question]:
        return iter(self._by_id.values())

    def get(self, question_id: str) -> Question:
        try:
            return self._by_id[question_id]
        except KeyError:
            raise QuestionNotFound(
                f"No question with id {question_id!r}",
                hint="`interviewer bank list` shows the ids.",
            ) from None

    def filter(
        self,
        rounds: Sequence[Round] | None = None,
        topic: str | None = None,
        level: Level | None = None,
    ) -> list[Question]:
        """Questions matching the filters; a level admits questions up to one level above."""
        found = []
        for q in self._by_id.values():
            if rounds and q.round not in rounds:
                continue
            if topic and topic.lower() not in (q.topic, q.id):
                continue
            if level and _LEVEL_ORDER.index(q.level) > _LEVEL_ORDER.index(level) + 1:
                continue
            found.append(q)
        return sorted(found, key=lambda q: q.id)

    def select(
        self,
        *,
        rounds: Sequence[Round],
        count: int,
        level: Level,
        seed: int,
        topic: str | None = None,
        weakness: Mapping[str, float] | None = None,
        exclude: frozenset[str] = frozenset(),
    ) -> list[Question]:
        """Pick `count` distinct questions, spread over the rounds in order.

        `weakness` maps topic -> 0..1 (1 = weakest); weak topics are drawn more often so
        that they come back, but every topic keeps a chance.
        """
        if count < 1:
            raise PlanError("The number of questions must be at least 1.")
        rng = random.Random(seed)
        ordered_rounds = list(rounds) or list(Round)
        pools = {
            r: [q for q in self.filter([r], topic, level) if q.id not in exclude]
            for r in ordered_rounds
        }
        if not any(pools.values()):
            wanted = ", ".join(r.value for r in ordered_rounds)
            raise PlanError(
                f"No questions match rounds [{wanted}]"
                + (f", topic {topic!r}" if topic else "")
                + f" at level {level.value}.",
                hint="`interviewer bank list` shows what the bank holds.",
            )
        chosen: list[Question] = []
        weakness = weakness or {}
        while len(chosen) < count and any(pools.values()):
            for r in ordered_rounds:
                pool = pools[r]
                if not pool or len(chosen) >= count:
                    continue
                weights = [1.0 + 3.0 * weakness.get(q.topic, 0.0) for q in pool]
                pick = rng.choices(pool, weights=weights, k=1)[0]
                pool.remove(pick)
                chosen.append(pick)
        return chosen
