"""Property-based tests: arbitrary input never crashes the engine or the input handling.

Run the long profile with `pytest tests/test_properties.py --hypothesis-profile=long`.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from interviewer.bank.loader import lint
from interviewer.cli.io import AnswerReader
from interviewer.engine.models import Plan
from interviewer.engine.session import AskFollowUp, AskQuestion, Finish, Session, clean_answer
from interviewer.errors import AnswerError
from interviewer.llm.base import Message
from interviewer.llm.budget import count_messages, fit_messages
from interviewer.scoring import RubricScorer
from tests.helpers import make_question

QUESTION = make_question()
scorer = RubricScorer()
# Mixed scripts, control characters, emoji, surrogate-free unicode, and long runs.
ANY_TEXT = st.text(
    alphabet=st.characters(exclude_categories=["Cs"]), max_size=3000
) | st.sampled_from(
    ["", " ", "\x00", "a" * 50_000, "é" * 1000 + "\n" * 100, "漢字 テスト مرحبا 🙂"]
)


@given(ANY_TEXT)
def test_scoring_any_text_gives_a_bounded_score_and_verbatim_evidence(answer: str) -> None:
    assessment = scorer.assess(QUESTION, [answer])
    assert 0 <= assessment.score <= 5
    for verdict in assessment.verdicts:
        if verdict.evidence is not None:
            e = verdict.evidence
            assert answer[e.start : e.end] == e.quote


@given(ANY_TEXT, st.integers(min_value=1, max_value=5000))
def test_clean_answer_either_refuses_or_returns_clean_bounded_text(text: str, limit: int) -> None:
    try:
        cleaned = clean_answer(text, limit)
    except AnswerError:
        return
    assert cleaned and len(cleaned) <= limit
    assert not any(ord(c) < 32 and c not in "\n\t" for c in cleaned)


COMMANDS = st.lists(
    st.one_of(ANY_TEXT.map(lambda t: ("answer", t)), st.just(("skip", "")), st.just(("hint", ""))),
    max_size=12,
)


@given(COMMANDS)
def test_any_command_sequence_keeps_the_session_consistent(commands: list[tuple[str, str]]) -> None:
    questions = [make_question(), make_question(id="breadth-test-two")]
    session = Session.new("p", Plan(count=2, max_followups=2), questions, scorer)
    for kind, text in commands:
        if session.state.finished:
            break
        if kind == "answer":
            try:
                step = session.answer(text)
            except AnswerError:
                continue
            assert isinstance(step, AskFollowUp | AskQuestion | Finish)
        elif kind == "skip":
            session.skip()
        else:
            assert session.hint()
    turns = session.state.turns
    assert [t.index for t in turns] == list(range(len(turns)))
    assert type(session.state).model_validate_json(session.state.model_dump_json()) == session.state


@given(st.binary(max_size=5000))
def test_reading_answers_from_any_bytes_never_fails(data: bytes) -> None:
    reader = AnswerReader(io.BytesIO(data))
    for _ in range(len(data) + 2):
        item = reader.read()
        if item is None:
            break
        assert isinstance(item, str)


MESSAGES = st.lists(
    st.builds(Message, role=st.sampled_from(["user", "assistant"]), content=st.text(max_size=400)),
    min_size=1,
    max_size=30,
)


def words(text: str) -> int:
    return len(text.split())


@given(
    MESSAGES, st.integers(min_value=200, max_value=2000), st.integers(min_value=10, max_value=100)
)
def test_fitted_requests_always_fit_the_window(
    messages: list[Message], n_ctx: int, reserve: int
) -> None:
    fitted = fit_messages([Message(role="system", content="sys"), *messages], words, n_ctx, reserve)
    assert count_messages(fitted, words) <= n_ctx - reserve
    assert fitted[-1].role == messages[-1].role


@given(st.binary(max_size=2000))
def test_linting_any_file_reports_problems_instead_of_raising(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "q.yaml").write_bytes(data)
        questions, problems = lint(Path(folder))
    assert len(questions) + len(problems) >= 1
    assert all(p.line >= 1 for p in problems)
