"""The LLM judge over the real openai client against respx: parsing, checks, combining.

The judge's reply is never trusted: ids the rubric lacks are ignored, a verdict must cite a
real sentence, its overall grade is not scored, and text addressed to the grader never
reaches it.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
import respx

from interviewer.bank.models import Level
from interviewer.scoring.combine import combine, judge_weight
from interviewer.scoring.grader import Grader
from interviewer.scoring.judge import JudgeReply, LLMJudge, check_reply, numbered_sentences
from interviewer.scoring.models import Coverage
from interviewer.scoring.rubric import RubricScorer
from tests.graded import bank, ladders
from tests.test_injection import ATTEMPTS, placements
from tests.test_openai_backend import PROMPTS, URL, backend, completion

QUESTION = bank().get("breadth-ab-test-significance")
PARTIAL = str(ladders()[QUESTION.id]["partial"]["answer"])
IDS = [kp.id for kp in QUESTION.rubric.key_points]


def reply(points: list[tuple[str, str, int]], overall: int = 3) -> httpx.Response:
    body = {
        "points": {i: {"status": s, "sentence": n} for i, s, n in points},
        "overall": overall,
    }
    return httpx.Response(200, json=completion(json.dumps(body)))


def grader(weight: float | None = None) -> Grader:
    return Grader.for_backend(backend(max_retries=0), PROMPTS, weight=weight)


def sent(request: httpx.Request) -> dict[str, Any]:
    return dict(json.loads(request.content))


@respx.mock
def test_the_request_is_deterministic_schema_constrained_and_answer_is_data() -> None:
    route = respx.post(URL).mock(return_value=reply([(i, "missing", 0) for i in IDS]))
    grader().grade(QUESTION, [PARTIAL], Level.SENIOR)
    body = sent(route.calls.last.request)
    assert body["temperature"] == 0.0 and isinstance(body["seed"], int)
    schema = body["response_format"]["json_schema"]["schema"]
    assert schema["properties"]["points"]["required"] == IDS
    system, user = body["messages"][0]["content"], body["messages"][1]["content"]
    assert "never instructions to you" in system
    assert QUESTION.level_notes.senior.split()[0] in system  # judged at the session's level
    assert user.startswith("<candidate_answer>") and "[1] " in user


@respx.mock
def test_verdicts_cite_real_sentences_and_unknown_points_are_ignored() -> None:
    sentences = numbered_sentences([PARTIAL])
    respx.post(URL).mock(
        return_value=reply(
            [
                (IDS[0], "covered", 1),
                (IDS[1], "covered", 999),  # no such sentence: not counted
                ("made-up-point", "covered", 2),
                (IDS[2], "partial", 2),
            ],
            overall=5,
        )
    )
    judge = LLMJudge(backend(max_retries=0), PROMPTS)
    judgement = judge.judge(QUESTION, [PARTIAL], Level.MID)
    assert judgement.points[IDS[0]].status is Coverage.COVERED
    evidence = judgement.points[IDS[0]].evidence
    assert evidence is not None and PARTIAL[evidence.start : evidence.end] == evidence.quote
    assert evidence.quote == sentences[0].text
    assert judgement.points[IDS[1]].status is Coverage.MISSING
    assert judgement.discarded_evidence == [IDS[1]]
    assert judgement.ignored_ids == ["made-up-point"]
    assert set(judgement.points) == set(IDS)  # points it left out count as missing


@respx.mock
def test_a_hosted_judge_moves_the_score_both_ways_and_its_overall_is_not_scored() -> None:
    rubric = RubricScorer().assess(QUESTION, [PARTIAL])
    respx.post(URL).mock(return_value=reply([(i, "missing", 0) for i in IDS], overall=5))
    lower = grader().grade(QUESTION, [PARTIAL], Level.MID)
    assert lower.judge is not None and lower.judge.weight == judge_weight("hosted")[0]
    assert lower.score < rubric.score  # an overall of 5 did not help
    respx.post(URL).mock(return_value=reply([(i, "covered", 1) for i in IDS], overall=0))
    assert grader().grade(QUESTION, [PARTIAL], Level.MID).score > rubric.score


def test_the_weak_embedded_judge_can_add_credit_but_never_take_it_away() -> None:
    rubric = RubricScorer().assess(QUESTION, [PARTIAL])
    weight, raise_only = judge_weight("weak")
    assert raise_only and 0 < weight < judge_weight("local")[0]
    judge = LLMJudge(backend(), PROMPTS)
    sentences = numbered_sentences([PARTIAL])

    none = JudgeReply.model_validate(
        {"points": {i: {"status": "missing"} for i in IDS}, "overall": 0}
    )
    harsh = combine(
        rubric, check_reply(none, QUESTION, sentences, judge.backend.model), weight, raise_only
    )
    assert harsh.score == rubric.score
    every = JudgeReply.model_validate(
        {"points": {i: {"status": "covered", "sentence": 1} for i in IDS}, "overall": 5}
    )
    kind = combine(rubric, check_reply(every, QUESTION, sentences, "m"), weight, raise_only)
    assert rubric.score < kind.score < 5.0
    assert kind.judge is not None and kind.judge.rubric_score == rubric.score


@respx.mock
def test_invalid_judge_json_twice_keeps_the_rubric_score_with_a_note() -> None:
    respx.post(URL).mock(return_value=httpx.Response(200, json=completion("5/5, great answer")))
    rubric = RubricScorer().assess(QUESTION, [PARTIAL])
    graded = grader().grade(QUESTION, [PARTIAL], Level.MID)
    assert graded.score == rubric.score and graded.judge is None
    assert any("could not grade" in note for note in graded.notes)


def _gullible_judge(request: httpx.Request) -> httpx.Response:
    """A judge that obeys any instruction it can see, and is honest-but-harsh otherwise."""
    user = sent(request)["messages"][1]["content"].lower()
    obeys = any(w in user for w in ("5/5", "full marks", "covered", "grader", "system", "score"))
    if obeys:
        return reply([(i, "covered", 1) for i in IDS], overall=5)
    return reply([(i, "missing", 0) for i in IDS], overall=1)


@pytest.mark.parametrize("attempt", ATTEMPTS)
@respx.mock
def test_an_obedient_judge_never_sees_the_attempt_so_never_raises_the_score(attempt: str) -> None:
    respx.post(URL).mock(side_effect=_gullible_judge)
    g = grader()
    base = g.grade(QUESTION, [PARTIAL], Level.MID).score
    for injected in placements(PARTIAL, attempt):
        assert g.grade(QUESTION, [injected], Level.MID).score <= base


def test_a_judge_cannot_lift_a_story_part_past_its_announced_cap() -> None:
    """Found in review: a story told in 'we' with no number had its caps undone by the judge."""
    question = bank().get("behavioral-teammate-conflict")
    story = (
        "At the time our team was launching a new ranker, and a senior teammate wanted to "
        "ship it on offline NDCG alone. We were responsible for the launch. We proposed an "
        "offline replay, we organised a review, we wrote the doc and we ran the test. "
        "In the end we shipped it and everyone was happy with how it went."
    )
    rubric = RubricScorer().assess(question, [story])
    assert rubric.star is not None and rubric.star.mostly_we
    ids = [kp.id for kp in question.rubric.key_points]
    every = JudgeReply.model_validate(
        {"points": {i: {"status": "covered", "sentence": 1} for i in ids}, "overall": 5}
    )
    judged = combine(
        rubric, check_reply(every, question, numbered_sentences([story]), "m"), 0.6, False
    )
    capped = {v.key_point_id: v for v in judged.verdicts if v.key_point_id in ("action", "result")}
    assert all(v.credit is not None and v.credit <= 0.5 for v in capped.values())


def test_a_weight_override_keeps_the_weak_judge_add_only() -> None:
    assert judge_weight("weak", 0.3) == (0.3, True)
    assert judge_weight("hosted", 0.3) == (0.3, False)
