"""SQLite transcripts: every save is durable, nothing is duplicated, failures are explained."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from interviewer.engine.models import Plan
from interviewer.engine.session import Session
from interviewer.errors import SessionNotFound, SessionStateError, StoreError
from interviewer.scoring import RubricScorer
from interviewer.store import Store
from interviewer.store.schema import Base
from tests.helpers import make_question

PADDING = (
    " In my experience this shows up in deep networks trained from scratch, where the early"
    " layers barely move and the loss curve stays flat for many epochs at the start."
)


QUESTIONS = [make_question(), make_question(id="breadth-test-other", topic="other-topic")]


def session(session_id: str = "abc123") -> Session:
    return Session.new(session_id, Plan(count=2, max_followups=0), QUESTIONS, RubricScorer())


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each storage test runs on SQLite, and on PostgreSQL when one is configured."""
    if request.param == "sqlite":
        return sqlite_url(tmp_path / "t.db")
    pg = os.environ.get("INTERVIEWER_TEST_DATABASE_URL")
    if not pg:
        pytest.skip("INTERVIEWER_TEST_DATABASE_URL not set (.ci/run sets one up)")
    engine = create_engine(pg)
    Base.metadata.drop_all(engine)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()
    return pg


def test_saved_state_and_turns_survive_a_new_connection(url: str) -> None:
    s = session()
    store = Store(url)
    store.save(s.state)
    s.answer("The chain rule multiplies derivatives." + PADDING)
    store.save(s.state)
    store.save(s.state)  # idempotent: no duplicate turns

    reopened = Store(url)
    assert reopened.load("abc123") == s.state
    rows = reopened.turn_rows("abc123")
    assert [(r.idx, r.speaker, r.text) for r in rows] == [
        (t.index, t.speaker, t.text) for t in s.state.turns
    ]
    # A second process appending to the same session continues the numbering.
    s.answer("Residual connections." + PADDING)
    reopened.save(s.state)
    assert len(Store(url).turn_rows("abc123")) == len(s.state.turns)


def test_each_turn_is_committed_when_saved(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    s = session()
    store = Store(sqlite_url(db))
    s.answer("The chain rule multiplies derivatives." + PADDING)
    store.save(s.state)
    with sqlite3.connect(db) as raw:  # an independent reader sees it at once
        (count,) = raw.execute("select count(*) from turns").fetchone()
    assert count == len(s.state.turns) == 1


def test_finished_questions_feed_progress_weakest_first(url: str) -> None:
    store = Store(url)
    s = session()
    s.answer(make_question().exemplar + PADDING)
    s.answer("I do not know." + PADDING)
    store.save(s.state)
    progress = store.progress()
    assert [p.topic for p in progress] == ["other-topic", "gradients"]
    weakness = store.weakness()
    assert weakness["other-topic"] > weakness["gradients"]
    summary = store.list_sessions()[0]
    assert summary.id == "abc123" and summary.turns == 2 and summary.score is not None


def test_ids_resolve_from_a_unique_prefix(url: str) -> None:
    store = Store(url)
    store.save(session("abcdef").state)
    store.save(session("abxyz").state)
    assert store.resolve_id("abc") == "abcdef"
    with pytest.raises(SessionNotFound, match="Several"):
        store.resolve_id("ab")
    with pytest.raises(SessionNotFound):
        store.resolve_id("zz")


def test_sessions_are_scoped_to_their_user(url: str) -> None:
    store = Store(url)
    store.save(session().state, user_id="alice")
    assert store.load("abc123", user_id="alice").id == "abc123"
    with pytest.raises(SessionNotFound):
        store.load("abc123", user_id="bob")
    assert store.list_sessions(user_id="bob") == []


def test_delete_removes_everything(url: str) -> None:
    store = Store(url)
    s = session()
    s.answer("x" + PADDING)
    store.save(s.state)
    store.delete("abc123")
    with pytest.raises(SessionNotFound):
        store.load("abc123")
    assert store.turn_rows("abc123") == []


def test_a_corrupt_database_file_is_a_clear_store_error(tmp_path: Path) -> None:
    db = tmp_path / "corrupt.db"
    db.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="not a database") as info:
        Store(sqlite_url(db))
    assert info.value.hint and "corrupt" in info.value.hint


def test_a_read_only_database_is_a_clear_store_error(tmp_path: Path) -> None:
    db = tmp_path / "ro.db"
    Store(sqlite_url(db)).save(session().state)
    read_only = Store(f"sqlite:///file:{db}?mode=ro&uri=true")
    s = session()
    s.answer("x" + PADDING)
    with pytest.raises(StoreError) as info:
        read_only.save(s.state)
    assert info.value.hint and "read-only" in info.value.hint


def test_an_unwritable_data_folder_is_a_clear_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="Cannot create the data folder"):
        Store(sqlite_url(blocker / "sub" / "t.db"))


def test_migrations_create_the_schema_and_are_idempotent(url: str) -> None:
    Store(url)
    Store(url)  # a second start finds the schema at head and changes nothing
    engine = create_engine(url)
    with engine.connect() as connection:
        version = connection.execute(text("select version_num from alembic_version")).scalar()
        tables = set(inspect(connection).get_table_names())
    engine.dispose()
    assert version == "0001"
    assert {"sessions", "turns", "question_scores", "stories", "api_tokens"} <= tables


def test_a_database_from_before_migrations_is_adopted_not_recreated(tmp_path: Path) -> None:
    """Regression: a file made by create_all (no alembic_version) failed with 'already exists'."""
    db = tmp_path / "old.db"
    engine = create_engine(sqlite_url(db))
    old_tables = [
        t for name, t in Base.metadata.tables.items() if name not in ("stories", "api_tokens")
    ]
    Base.metadata.create_all(engine, tables=old_tables)
    with engine.begin() as connection:  # as left by an interrupted first upgrade: no version row
        connection.execute(text("create table alembic_version (version_num varchar(32) not null)"))
    engine.dispose()
    store = Store(sqlite_url(db))
    store.save(session().state)
    assert store.load("abc123").id == "abc123"
    assert store.stories() == []  # the table the old file lacked was added


def test_two_requests_answering_one_session_at_once_collide_instead_of_losing_a_turn(
    url: str,
) -> None:
    """A double-submitted answer: both requests load the same state and add the same turn."""
    store = Store(url)
    store.save(session().state)
    first, second = (
        Session(store.load("abc123"), {q.id: q for q in QUESTIONS}, RubricScorer())
        for _ in range(2)
    )
    first.answer("The chain rule multiplies derivatives." + PADDING)
    store.save(first.state)
    second.answer("Something else entirely." + PADDING)
    with pytest.raises(SessionStateError, match="another request"):
        store.save(second.state)
    saved = store.load("abc123")
    assert [t.text for t in saved.turns if t.kind.value == "answer"] == [
        "The chain rule multiplies derivatives." + PADDING
    ]
