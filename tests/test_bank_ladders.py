"""Score ladders generated from the bank: every question, present and future, is covered.

For each question: its exemplar scores >= 4; a terse answer stating every key point in one
short clause scores >= 3.5; empty and off-topic answers score <= 1 and a one-liner naming two
topics <= 1.5; an answer holding the exemplar's sentences for about half of the key points
scores strictly between 1 and 4; the rungs rise monotonically; and the exemplar never trips
its own red flags.
"""

from __future__ import annotations

import re

import pytest

from interviewer.bank import Question, Round
from interviewer.bank.loader import lint
from interviewer.scoring import RubricScorer
from interviewer.scoring.text import content_tokens, split_sentences
from tests.conftest import BANK_DIR

# Valid questions only: a broken file fails `test_bank_lint`, not the collection of every ladder.
ALL_QUESTIONS = sorted(lint(BANK_DIR)[0], key=lambda q: q.id)
IDS = [q.id for q in ALL_QUESTIONS]
STORY_ROUNDS = {Round.BEHAVIORAL, Round.PROJECT_DEEP_DIVE}
OFF_TOPIC_TECHNICAL = "coding-kmeans-plus-plus"
OFF_TOPIC_STORY = "behavioral-teammate-conflict"
COOKING = (
    "I would start by boiling a large pot of salted water, then add the pasta and stir it so "
    "it does not stick. While it cooks I fry garlic in olive oil, add chopped tomatoes and "
    "basil, and let the sauce simmer for ten minutes before tossing everything together."
)
scorer = RubricScorer()


def score(question: Question, answer: str) -> float:
    return scorer.assess(question, [answer]).score


def half_answer(question: Question) -> str:
    """Exemplar sentences that evidence every other key point (by weight), and no others."""
    sentences = split_sentences(question.exemplar)
    by_weight = sorted(question.rubric.key_points, key=lambda kp: -kp.weight)
    chosen = {kp.id for kp in by_weight[::2]}

    def points_in(sentence_text: str) -> set[str]:
        words = set(content_tokens(sentence_text))
        return {
            kp.id
            for kp in question.rubric.key_points
            if any(set(content_tokens(a)) <= words and content_tokens(a) for a in kp.aliases)
        }

    kept = [s.text for s in sentences if (hit := points_in(s.text)) and hit <= chosen]
    return " ".join(kept)


@pytest.mark.parametrize("question", ALL_QUESTIONS, ids=IDS)
def test_exemplar_scores_at_least_4(question: Question) -> None:
    assessment = scorer.assess(question, [question.exemplar])
    missing = [v.key_point_id for v in assessment.missing]
    assert assessment.score >= 4, f"exemplar misses {missing}"


@pytest.mark.parametrize("question", ALL_QUESTIONS, ids=IDS)
def test_exemplar_trips_no_red_flag(question: Question) -> None:
    assert scorer.assess(question, [question.exemplar]).red_flags == []


@pytest.mark.parametrize("question", ALL_QUESTIONS, ids=IDS)
def test_empty_answer_scores_0(question: Question) -> None:
    assert score(question, "") == 0
    assert score(question, "   \n  ") == 0


@pytest.mark.parametrize("question", ALL_QUESTIONS, ids=IDS)
def test_off_topic_answers_score_at_most_1(question: Question) -> None:
    assert score(question, COOKING) <= 1
    # A fixed answer from the other family (stories vs technical), so adding files to the
    # bank never changes which answer a question is tested against.
    other_id = OFF_TOPIC_TECHNICAL if question.round in STORY_ROUNDS else OFF_TOPIC_STORY
    other = next(q for q in ALL_QUESTIONS if q.id == other_id)
    assert score(question, other.exemplar) <= 1, f"scored {other.id}'s exemplar above 1"


def one_liner(question: Question) -> str:
    first, second = question.rubric.key_points[:2]
    return f"I would mention {first.aliases[0]} and {second.aliases[0]}."


def terse_complete(question: Question) -> str:
    """Every key point in one short clause: the first clause of its text, at most 14 words."""
    clauses = []
    for point in question.rubric.key_points:
        first = re.split(r";|\s+-\s+|:\s", point.text)[0]
        words = first.split()
        if len(words) > 14:
            words = first.split(",")[0].split()[:14]
        clauses.append(" ".join(words).rstrip(".,"))
    return ". ".join(clauses) + "."


@pytest.mark.parametrize("question", ALL_QUESTIONS, ids=IDS)
def test_one_line_answer_scores_at_most_1_5(question: Question) -> None:
    # Naming two topics is not explaining them: well below an answer that states them.
    assert score(question, one_liner(question)) <= 1.5


@pytest.mark.parametrize("question", ALL_QUESTIONS, ids=IDS)
def test_terse_but_complete_answer_scores_at_least_3_5(question: Question) -> None:
    answer = terse_complete(question)
    assert score(question, answer) >= 3.5, answer


@pytest.mark.parametrize("question", ALL_QUESTIONS, ids=IDS)
def test_the_ladder_is_monotonic(question: Question) -> None:
    rungs = [
        ("empty", ""),
        ("one-liner", one_liner(question)),
        ("half", half_answer(question)),
        ("exemplar", question.exemplar),
    ]
    scores = [score(question, text) for _, text in rungs]
    assert scores == sorted(scores), dict(zip([n for n, _ in rungs], scores, strict=True))


@pytest.mark.parametrize("question", ALL_QUESTIONS, ids=IDS)
def test_half_answer_scores_between_1_and_4(question: Question) -> None:
    answer = half_answer(question)
    assert answer, "no exemplar sentence evidences a key point on its own: split the exemplar"
    result = score(question, answer)
    assert 1 < result < 4, f"half answer scored {result}: {answer!r}"


def test_bank_has_every_round_covered() -> None:
    rounds = {q.round for q in ALL_QUESTIONS}
    minimum = {
        Round.CODING_ML: 15,
        Round.ML_SYSTEM_DESIGN: 20,
        Round.ML_BREADTH: 40,
        Round.ML_DOMAIN_NLP: 25,
        Round.ML_DOMAIN_RANKING: 25,
        Round.ML_INFRA: 10,
        Round.PROJECT_DEEP_DIVE: 10,
        Round.BEHAVIORAL: 30,
    }
    assert set(minimum) <= rounds
    for r, least in minimum.items():
        assert sum(q.round is r for q in ALL_QUESTIONS) >= least, r
    assert len(ALL_QUESTIONS) >= 180
