"""Score ladders generated from the bank: rungs of known quality for every question.

Used by the ladder tests and, as constraints, by `eval/tune.py`: a fit that breaks a ladder
is rejected whatever its agreement figures, so every question, present and future, keeps
empty < named topics < half < exemplar, a terse complete answer >= 3.5, and off-topic <= 1.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from interviewer.bank.models import Question, Round
from interviewer.scoring.text import content_tokens, split_sentences

STORY_ROUNDS = frozenset({Round.BEHAVIORAL, Round.PROJECT_DEEP_DIVE})
OFF_TOPIC_TECHNICAL = "coding-kmeans-plus-plus"
OFF_TOPIC_STORY = "behavioral-teammate-conflict"
COOKING = (
    "I would start by boiling a large pot of salted water, then add the pasta and stir it so "
    "it does not stick. While it cooks I fry garlic in olive oil, add chopped tomatoes and "
    "basil, and let the sauce simmer for ten minutes before tossing everything together."
)
TERSE_WORDS = 14


def _points_in(question: Question, sentence_text: str) -> set[str]:
    words = set(content_tokens(sentence_text))
    return {
        kp.id
        for kp in question.rubric.key_points
        if any(set(content_tokens(a)) <= words and content_tokens(a) for a in kp.aliases)
    }


def half_answer(question: Question) -> str:
    """Exemplar sentences that evidence every other key point (by weight), and no others."""
    by_weight = sorted(question.rubric.key_points, key=lambda kp: -kp.weight)
    chosen = {kp.id for kp in by_weight[::2]}
    kept = [
        s.text
        for s in split_sentences(question.exemplar)
        if (hit := _points_in(question, s.text)) and hit <= chosen
    ]
    return " ".join(kept)


def one_liner(question: Question) -> str:
    """Two topics named, none explained."""
    first, second = question.rubric.key_points[:2]
    return f"I would mention {first.aliases[0]} and {second.aliases[0]}."


def _short(text: str) -> str:
    first = re.split(r";|\s+-\s+|:\s", text)[0]
    words = first.split()
    if len(words) > TERSE_WORDS:
        words = first.split(",")[0].split()[:TERSE_WORDS]
    return " ".join(words).rstrip(".,")


def terse_complete(question: Question) -> str:
    """Every key point in one short clause. A technical point is stated by the first clause
    of its text; a story's points describe what a story shows, so a story states each by the
    first clause of the exemplar sentence that tells it."""
    exemplar = split_sentences(question.exemplar)
    clauses = []
    for point in question.rubric.key_points:
        told = [s.text for s in exemplar if point.id in _points_in(question, s.text)]
        source = told[0] if question.round in STORY_ROUNDS and told else point.text
        clauses.append(_short(source))
    return ". ".join(clauses) + "."


def off_topic_answers(question: Question, exemplar_of: Callable[[str], str]) -> list[str]:
    """Cooking, and a fixed answer from the other family (stories vs technical)."""
    other = OFF_TOPIC_TECHNICAL if question.round in STORY_ROUNDS else OFF_TOPIC_STORY
    return [COOKING, exemplar_of(other)]


def ladder_violations(
    question: Question, score: Callable[[str], float], exemplar_of: Callable[[str], str]
) -> list[str]:
    """What this question's ladder gets wrong under `score` (empty when all holds)."""
    problems = []
    rungs = {
        "empty": score(""),
        "one-liner": score(one_liner(question)),
        "half": score(half_answer(question)),
        "exemplar": score(question.exemplar),
    }
    if list(rungs.values()) != sorted(rungs.values()):
        problems.append(f"not monotonic {rungs}")
    if rungs["exemplar"] < 4:
        problems.append(f"exemplar {rungs['exemplar']} < 4")
    if rungs["one-liner"] > 1.5:
        problems.append(f"one-liner {rungs['one-liner']} > 1.5")
    if not 1 < rungs["half"] < 4:
        problems.append(f"half {rungs['half']} not in (1, 4)")
    terse = score(terse_complete(question))
    if terse < 3.5:
        problems.append(f"terse {terse} < 3.5")
    for text in off_topic_answers(question, exemplar_of):
        if (value := score(text)) > 1:
            problems.append(f"off-topic {value} > 1")
    return problems
