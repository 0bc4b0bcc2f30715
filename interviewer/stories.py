"""The candidate's own material: STAR stories and project notes.

Behavioral and project deep-dive questions point at a matching story, and `check` scores a
story against the STAR rubric of the behavioral question it fits best, so gaps show before
the real interview does.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from interviewer.bank import Bank, Question, Round
from interviewer.scoring.models import Assessment
from interviewer.scoring.rubric import RubricScorer

Line = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
Part = Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000)]


class StoryKind(StrEnum):
    STAR = "star"
    PROJECT = "project"


class StoryIn(BaseModel):
    """What a user writes: a title, tags, and either STAR parts or free project notes."""

    model_config = ConfigDict(extra="forbid")

    kind: StoryKind = StoryKind.STAR
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    tags: list[Line] = Field(default_factory=list)
    situation: Part = ""
    task: Part = ""
    action: Part = ""
    result: Part = ""
    notes: Part = ""

    def text(self) -> str:
        """The story as one answer, the way a candidate would tell it."""
        parts = [self.situation, self.task, self.action, self.result, self.notes]
        return "\n\n".join(p for p in parts if p)


class Story(StoryIn):
    id: str


class StoryCheck(BaseModel):
    story_id: str
    question_id: str
    score: float
    assessment: Assessment


def fitting_story(stories: list[Story], question: Question) -> Story | None:
    """The story to suggest for a question: matching tags first, else the newest of its kind."""
    if question.round not in (Round.BEHAVIORAL, Round.PROJECT_DEEP_DIVE):
        return None
    kind = StoryKind.PROJECT if question.round is Round.PROJECT_DEEP_DIVE else StoryKind.STAR
    candidates = [s for s in stories if s.kind is kind] or stories
    if not candidates:
        return None
    wanted = {question.topic, *question.topic.split("-")}
    tagged = [s for s in candidates if wanted & {t.lower() for t in s.tags}]
    return (tagged or candidates)[0]


def check_story(story: Story, bank: Bank) -> StoryCheck:
    """Score the story against every question of its round; report the best fit."""
    round_ = Round.PROJECT_DEEP_DIVE if story.kind is StoryKind.PROJECT else Round.BEHAVIORAL
    scorer = RubricScorer()
    best: tuple[float, Question, Assessment] | None = None
    for question in bank.filter([round_]):
        assessment = scorer.assess(question, [story.text()])
        tag_bonus = 0.5 if question.topic in {t.lower() for t in story.tags} else 0.0
        if best is None or assessment.score + tag_bonus > best[0]:
            best = (assessment.score + tag_bonus, question, assessment)
    if best is None:
        raise ValueError(f"the bank has no {round_.value} questions")
    _, question, assessment = best
    return StoryCheck(
        story_id=story.id, question_id=question.id, score=assessment.score, assessment=assessment
    )
