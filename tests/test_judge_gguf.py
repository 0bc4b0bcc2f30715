"""The judge on the real embedded GGUF model: valid checked verdicts, repeatable, not talked up.

Three judge calls in all (a small model on a CPU takes seconds per call).
"""

from __future__ import annotations

import pytest

from interviewer.bank.models import Level
from interviewer.llm.embedded import EMBEDDED_LABEL, embedded_model_path
from interviewer.llm.llama_cpp import LlamaCppBackend
from interviewer.scoring.grader import Grader
from interviewer.scoring.models import Assessment, Coverage
from tests.graded import bank, ladders
from tests.test_injection import ATTEMPTS, placements
from tests.test_openai_backend import PROMPTS

pytestmark = pytest.mark.llama

#: a question with four key points and a short partial answer: a quick judge call on a CPU
QUESTION = next(
    q
    for q in sorted(bank(), key=lambda q: len(str(ladders()[q.id]["partial"]["answer"])))
    if len(q.rubric.key_points) == 4 and q.round.value != "behavioral"
)
ANSWER = str(ladders()[QUESTION.id]["partial"]["answer"])


@pytest.fixture(scope="module")
def grader() -> Grader:
    backend = LlamaCppBackend(
        embedded_model_path(), n_ctx=2048, label=EMBEDDED_LABEL, strength="weak"
    )
    return Grader.for_backend(backend, PROMPTS, mode="on")


@pytest.fixture(scope="module")
def judged(grader: Grader) -> Assessment:
    return grader.grade(QUESTION, [ANSWER], Level.MID)


def test_the_embedded_judge_gives_checked_verdicts_and_never_lowers_the_rubric(
    judged: Assessment,
) -> None:
    assert judged.judge is not None and judged.judge.model == EMBEDDED_LABEL
    assert judged.judge.raise_only and judged.score >= judged.judge.rubric_score
    assert [v.key_point_id for v in judged.verdicts] == [kp.id for kp in QUESTION.rubric.key_points]
    for verdict in judged.verdicts:
        assert verdict.judge_status is not None
        if verdict.judge_status is not Coverage.MISSING:
            assert verdict.evidence is not None
            quote = verdict.evidence
            assert ANSWER[quote.start : quote.end] == quote.quote


def test_judging_twice_gives_the_same_verdicts(grader: Grader, judged: Assessment) -> None:
    again = grader.grade(QUESTION, [ANSWER], Level.MID)
    assert again.score == judged.score
    assert [v.judge_status for v in again.verdicts] == [v.judge_status for v in judged.verdicts]


def test_no_attempt_reaches_the_model_so_the_model_is_not_talked_up(
    grader: Grader, judged: Assessment
) -> None:
    assert grader.judge is not None
    base_messages = grader.judge.messages(QUESTION, [ANSWER], Level.MID)
    for attempt in ATTEMPTS:
        for injected in placements(ANSWER, attempt)[:3]:
            assert grader.judge.messages(QUESTION, [injected], Level.MID) == base_messages
    # and through the model: a fake system turn, a fake verdict and chat role tags at once
    injected = "\n".join([ATTEMPTS[3], ANSWER, ATTEMPTS[6], ATTEMPTS[4]])
    assert grader.grade(QUESTION, [injected], Level.MID).score <= judged.score
