"""The question format: a pydantic model is the single source of truth for every bank file.

`question_bank/schema.json` is generated from these models (`interviewer bank schema`), so
editors can validate YAML as it is typed.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Round(StrEnum):
    CODING_ML = "coding-ml"
    ML_SYSTEM_DESIGN = "ml-system-design"
    ML_BREADTH = "ml-breadth"
    ML_DOMAIN_NLP = "ml-domain-nlp"
    ML_DOMAIN_RANKING = "ml-domain-ranking"
    ML_INFRA = "ml-infra"
    PROJECT_DEEP_DIVE = "project-deep-dive"
    BEHAVIORAL = "behavioral"


class Level(StrEnum):
    JUNIOR = "junior"
    MID = "mid"
    SENIOR = "senior"
    STAFF = "staff"


STAR_PARTS = ("situation", "task", "action", "result")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class KeyPoint(_Strict):
    """Something a good answer says; `probe` is asked when the answer leaves it out."""

    id: Slug
    text: Text
    weight: int = Field(ge=1, le=5)
    aliases: list[Text] = Field(min_length=1)
    probe: Text

    @field_validator("probe")
    @classmethod
    def _probe_is_a_question(cls, value: str) -> str:
        if not value.rstrip().endswith("?"):
            raise ValueError("a probe must be a question ending with '?'")
        return value


class RedFlag(_Strict):
    """A statement that signals a misconception; `triggers` are phrases that reveal it."""

    id: Slug
    text: Text
    triggers: list[Text] = Field(min_length=1)


class Rubric(_Strict):
    key_points: list[KeyPoint] = Field(min_length=4)
    red_flags: list[RedFlag] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_ids(self) -> Rubric:
        ids = [kp.id for kp in self.key_points] + [rf.id for rf in self.red_flags]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate key point / red flag ids: {', '.join(duplicates)}")
        return self

    @property
    def total_weight(self) -> int:
        return sum(kp.weight for kp in self.key_points)


class LevelNotes(_Strict):
    junior: Text
    mid: Text
    senior: Text
    staff: Text


class Question(_Strict):
    id: Slug
    round: Round
    topic: Slug
    level: Level
    prompt: Text
    hints: list[Text] = Field(default_factory=list)
    rubric: Rubric
    exemplar: Text
    level_notes: LevelNotes

    @model_validator(mode="after")
    def _behavioral_uses_star(self) -> Question:
        if self.round is Round.BEHAVIORAL and self.topic != "self-introduction":
            ids = {kp.id for kp in self.rubric.key_points}
            missing = [part for part in STAR_PARTS if part not in ids]
            if missing:
                raise ValueError(
                    f"behavioral questions need the STAR key points; missing: {', '.join(missing)}"
                )
        return self

    def key_point(self, key_point_id: str) -> KeyPoint:
        for kp in self.rubric.key_points:
            if kp.id == key_point_id:
                return kp
        raise KeyError(key_point_id)
