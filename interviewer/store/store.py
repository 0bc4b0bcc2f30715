"""Transcript storage: every save is one transaction holding the new turns and the state.

SQLite (WAL, busy timeout) by default; any SQLAlchemy URL works. Database failures become
`StoreError`s that say what to do, never tracebacks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import (
    Connection,
    Engine,
    bindparam,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from interviewer.engine.models import SessionState, Turn, TurnKind
from interviewer.errors import SessionNotFound, SessionStateError, StoreError, StoryNotFound
from interviewer.store.migrate import upgrade
from interviewer.store.schema import ScoreRow, SessionRow, StoryRow, TurnRow
from interviewer.store.write_lock import WriteLock
from interviewer.stories import Story

T = TypeVar("T")


@dataclass(frozen=True)
class SessionSummary:
    id: str
    created_at: datetime
    updated_at: datetime
    status: str
    rounds: str
    level: str
    backend: str
    model: str | None
    turns: int
    score: float | None


@dataclass(frozen=True)
class TopicProgress:
    topic: str
    round: str
    attempts: int
    average: float
    last: float
    last_at: datetime


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


# The statements of the per-turn hot path, built once: building one costs more CPU than
# SQLite takes to run it.
_UPDATE_SESSION = (
    update(SessionRow)
    .where(SessionRow.id == bindparam("sid"))
    .values(
        updated_at=bindparam("updated_at"),
        status=bindparam("status"),
        backend=bindparam("backend"),
        model=bindparam("model"),
        state_json=bindparam("state_json"),
    )
)
_INSERT_TURN = insert(TurnRow)
_SELECT_SESSION = select(SessionRow.user_id, SessionRow.state_json).where(
    SessionRow.id == bindparam("sid")
)
_SELECT_TURNS = (
    select(
        TurnRow.idx,
        TurnRow.speaker,
        TurnRow.kind,
        TurnRow.question_id,
        TurnRow.key_point_id,
        TurnRow.text,
        TurnRow.source,
    )
    .where(TurnRow.session_id == bindparam("sid"))
    .order_by(TurnRow.idx)
)


def _sqlite_file(url: str) -> Path | None:
    """The database file of a SQLite URL; None for an in-memory database."""
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        return Path(url.removeprefix("sqlite:///"))
    return None


def _now() -> datetime:
    return datetime.now(UTC)


class Store:
    def __init__(self, url: str) -> None:
        self.url = url
        self._engine = self._connect(url)
        self._sessions = sessionmaker(self._engine, expire_on_commit=False)
        self._write_lock: AbstractContextManager[object] = (
            WriteLock(_sqlite_file(url)) if self._engine.dialect.name == "sqlite" else nullcontext()
        )
        self._scored_upto: dict[str, int] = {}
        self._guard(lambda: upgrade(self._engine))

    @staticmethod
    def _connect(url: str) -> Engine:
        path = _sqlite_file(url)
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"Cannot create the data folder {path.parent}: {exc.strerror}",
                    hint="Set INTERVIEWER_DATA_DIR or INTERVIEWER_DATABASE_URL to a writable place.",
                ) from None
        if _sqlite_file(url) is not None:
            # Keep a connection per busy thread open: under load, SQLAlchemy's default of 5
            # closed the rest after each use, and every reconnect re-ran the pragmas.
            engine = create_engine(url, pool_size=32, max_overflow=-1)
        else:
            engine = create_engine(url, pool_pre_ping=not url.startswith("sqlite"))
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        return engine

    def _guard(self, action: Callable[[], T]) -> T:
        """Run a database action, translating driver failures into actionable StoreErrors."""
        try:
            return action()
        except IntegrityError:
            raise SessionStateError(
                "The session was changed by another request at the same time.",
                hint="Reload the session and send the answer again.",
            ) from None
        except (DatabaseError, OperationalError) as exc:
            detail = str(getattr(exc, "orig", exc)) or exc.__class__.__name__
            hint = "Check INTERVIEWER_DATABASE_URL / INTERVIEWER_DATA_DIR."
            if "not a database" in detail or "malformed" in detail:
                hint = "The file is corrupt: move it aside and a new one is created."
            elif "readonly" in detail or "read-only" in detail:
                hint = "The database is read-only: fix its permissions or point at another file."
            raise StoreError(
                f"Transcript database error ({self.url}): {detail}", hint=hint
            ) from None
        except SQLAlchemyError as exc:
            raise StoreError(f"Transcript database error: {exc}") from None

    @contextmanager
    def _transaction(self) -> Iterator[DbSession]:
        with self._write_lock, self._sessions.begin() as db:
            yield db

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        """A Core connection for the per-request reads (session, turns, token)."""
        with self._engine.connect() as connection:
            yield connection

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """A Core transaction for the per-turn hot path: an ORM session costs ~0.3 ms of
        CPU per statement on top of the SQL, and a turn runs several."""
        with self._write_lock, self._engine.begin() as connection:
            yield connection

    # -- writes ----------------------------------------------------------------------------

    def save(self, state: SessionState, *, user_id: str | None = None) -> None:
        """Persist new turns, the state snapshot and finished questions' scores atomically."""
        self._guard(lambda: self._save(state, user_id))

    def _save(self, state: SessionState, user_id: str | None) -> None:
        # Core statements, not the ORM's unit of work: a save runs twice per answer, and
        # the ORM's identity map and flush cost more than the SQL itself.
        now = _now()
        # Turns (and the answers among them) live in their own table; the snapshot holds
        # the rest, so a save costs about the same at turn 200 as at turn 2.
        snapshot = state.model_dump_json(
            exclude={"turns": True, "questions": {"__all__": {"answers"}}}
        )
        values = {
            "updated_at": now,
            "status": state.status.value,
            "backend": state.backend,
            "model": state.model,
            "state_json": snapshot,
        }
        with self._write() as db:
            updated = db.execute(_UPDATE_SESSION, {"sid": state.id, **values})
            if updated.rowcount == 0:
                db.execute(
                    insert(SessionRow).values(
                        id=state.id,
                        user_id=user_id,
                        created_at=now,
                        rounds=",".join(r.value for r in state.plan.rounds) or "all",
                        level=state.plan.level.value,
                        **values,
                    )
                )
                state._stored_turns = 0
            saved = state._stored_turns
            if saved is None:
                saved = (
                    db.scalar(
                        select(func.count())
                        .select_from(TurnRow)
                        .where(TurnRow.session_id == state.id)
                    )
                    or 0
                )
            new_turns = [
                {
                    "session_id": state.id,
                    "idx": turn.index,
                    "created_at": now,
                    "speaker": turn.speaker,
                    "kind": turn.kind.value,
                    "question_id": turn.question_id,
                    "key_point_id": turn.key_point_id,
                    "source": turn.source,
                    "text": turn.text,
                }
                for turn in state.turns[saved:]
            ]
            if new_turns:
                db.execute(_INSERT_TURN, new_turns)
            done = len(state.questions) if state.finished else state.current
            if self._scored_upto.get(state.id) != done:
                owner = db.scalar(select(SessionRow.user_id).where(SessionRow.id == state.id))
                self._save_scores(db, state, owner, now)
        state._stored_turns = len(state.turns)
        self._scored_upto[state.id] = done

    @staticmethod
    def _save_scores(
        db: Connection, state: SessionState, user_id: str | None, now: datetime
    ) -> None:
        """Record the score of each question that is over (answered, skipped or finished)."""
        done = state.questions[: state.current] if not state.finished else state.questions
        stored = set(
            db.scalars(select(ScoreRow.question_id).where(ScoreRow.session_id == state.id))
        )
        rows = [
            {
                "session_id": state.id,
                "user_id": user_id,
                "question_id": qs.question_id,
                "round": qs.round.value,
                "topic": qs.topic,
                "score": qs.assessment.score if qs.assessment else 0.0,
                "created_at": now,
            }
            for qs in done
            if qs.question_id not in stored and (qs.assessment is not None or qs.skipped)
        ]
        if rows:
            db.execute(insert(ScoreRow), rows)

    def delete(self, session_id: str) -> None:
        def action() -> None:
            with self._transaction() as db:
                if db.get(SessionRow, session_id) is None:
                    raise SessionNotFound(f"No saved session {session_id!r}.")
                db.execute(delete(ScoreRow).where(ScoreRow.session_id == session_id))
                db.execute(delete(TurnRow).where(TurnRow.session_id == session_id))
                db.execute(delete(SessionRow).where(SessionRow.id == session_id))

        self._guard(action)

    # -- reads -----------------------------------------------------------------------------

    def load(self, session_id: str, *, user_id: str | None = None) -> SessionState:
        def action() -> SessionState:
            with self._read() as db:
                row = db.execute(_SELECT_SESSION, {"sid": session_id}).one_or_none()
                if row is None or (user_id is not None and row.user_id != user_id):
                    raise SessionNotFound(
                        f"No saved session {session_id!r}.",
                        hint="`interviewer review` lists saved sessions.",
                    )
                state = SessionState.model_validate_json(row.state_json)
                turns = db.execute(_SELECT_TURNS, {"sid": session_id})
                state.turns = [
                    Turn(
                        index=t.idx,
                        speaker=t.speaker,
                        kind=TurnKind(t.kind),
                        question_id=t.question_id,
                        key_point_id=t.key_point_id,
                        text=t.text,
                        source=t.source,
                    )
                    for t in turns
                ]
                state._stored_turns = len(state.turns)
                for qs in state.questions:  # answers are the candidate's turns, stored once
                    qs.answers = [
                        t.text
                        for t in state.turns
                        if t.kind is TurnKind.ANSWER and t.question_id == qs.question_id
                    ]
                return state

        return self._guard(action)

    def resolve_id(self, prefix: str) -> str:
        """Accept a unique prefix of a session id, as git does for commits."""

        def action() -> str:
            with self._sessions() as db:
                ids = list(
                    db.scalars(
                        select(SessionRow.id).where(SessionRow.id.startswith(prefix)).limit(2)
                    )
                )
            if len(ids) == 1:
                return ids[0]
            if not ids:
                raise SessionNotFound(
                    f"No saved session starts with {prefix!r}.",
                    hint="`interviewer review` lists saved sessions.",
                )
            raise SessionNotFound(f"Several sessions start with {prefix!r}; give more characters.")

        return self._guard(action)

    def list_sessions(self, *, user_id: str | None = None, limit: int = 50) -> list[SessionSummary]:
        def action() -> list[SessionSummary]:
            with self._sessions() as db:
                turns = (
                    select(TurnRow.session_id, func.count().label("n"))
                    .group_by(TurnRow.session_id)
                    .subquery()
                )
                scores = (
                    select(ScoreRow.session_id, func.avg(ScoreRow.score).label("avg"))
                    .group_by(ScoreRow.session_id)
                    .subquery()
                )
                query = (
                    select(SessionRow, turns.c.n, scores.c.avg)
                    .outerjoin(turns, turns.c.session_id == SessionRow.id)
                    .outerjoin(scores, scores.c.session_id == SessionRow.id)
                    .order_by(SessionRow.updated_at.desc())
                    .limit(limit)
                )
                if user_id is not None:
                    query = query.where(SessionRow.user_id == user_id)
                return [
                    SessionSummary(
                        id=row.id,
                        created_at=row.created_at,
                        updated_at=row.updated_at,
                        status=row.status,
                        rounds=row.rounds,
                        level=row.level,
                        backend=row.backend,
                        model=row.model,
                        turns=n or 0,
                        score=None if avg is None else round(float(avg), 2),
                    )
                    for row, n, avg in db.execute(query)
                ]

        return self._guard(action)

    def turn_rows(self, session_id: str) -> list[TurnRow]:
        def action() -> list[TurnRow]:
            with self._sessions() as db:
                return list(
                    db.scalars(
                        select(TurnRow)
                        .where(TurnRow.session_id == session_id)
                        .order_by(TurnRow.idx)
                    )
                )

        return self._guard(action)

    def progress(self, *, user_id: str | None = None) -> list[TopicProgress]:
        """Per topic: attempts, mean and latest score, weakest first."""

        def action() -> list[TopicProgress]:
            with self._sessions() as db:
                query = select(ScoreRow).order_by(ScoreRow.created_at)
                if user_id is not None:
                    query = query.where(ScoreRow.user_id == user_id)
                rows = list(db.scalars(query))
            by_topic: dict[str, list[ScoreRow]] = {}
            for r in rows:
                by_topic.setdefault(r.topic, []).append(r)
            result = [
                TopicProgress(
                    topic=topic,
                    round=items[-1].round,
                    attempts=len(items),
                    average=round(sum(i.score for i in items) / len(items), 2),
                    last=items[-1].score,
                    last_at=items[-1].created_at,
                )
                for topic, items in by_topic.items()
            ]
            return sorted(result, key=lambda p: (p.last, p.average))

        return self._guard(action)

    def score_history(self, *, user_id: str | None = None) -> list[ScoreRow]:
        """Every scored question, oldest first: progress over time."""

        def action() -> list[ScoreRow]:
            with self._sessions() as db:
                query = select(ScoreRow).order_by(ScoreRow.created_at, ScoreRow.id)
                if user_id is not None:
                    query = query.where(ScoreRow.user_id == user_id)
                return list(db.scalars(query))

        return self._guard(action)

    def weakness(self, *, user_id: str | None = None) -> dict[str, float]:
        """Topic -> 0..1 where 1 is weakest (latest score 0); used to bring weak topics back."""
        return {p.topic: 1.0 - p.last / 5.0 for p in self.progress(user_id=user_id)}

    # -- the candidate's stories -----------------------------------------------------------

    def save_story(self, story: Story, *, user_id: str | None = None) -> None:
        def action() -> None:
            now = _now()
            with self._transaction() as db:
                row = db.get(StoryRow, story.id)
                if row is None:
                    row = StoryRow(id=story.id, user_id=user_id, created_at=now)
                    db.add(row)
                elif row.user_id != user_id:
                    raise StoryNotFound(f"No story {story.id!r}.")
                row.kind = story.kind.value
                row.title = story.title
                row.tags = ",".join(story.tags)
                row.body_json = story.model_dump_json()
                row.updated_at = now

        self._guard(action)

    def stories(self, *, user_id: str | None = None) -> list[Story]:
        """Newest first."""

        def action() -> list[Story]:
            with self._sessions() as db:
                query = select(StoryRow).order_by(StoryRow.updated_at.desc())
                query = query.where(
                    StoryRow.user_id.is_(None) if user_id is None else StoryRow.user_id == user_id
                )
                return [Story.model_validate_json(r.body_json) for r in db.scalars(query)]

        return self._guard(action)

    def story(self, story_id: str, *, user_id: str | None = None) -> Story:
        for story in self.stories(user_id=user_id):
            if story.id == story_id or (len(story_id) >= 4 and story.id.startswith(story_id)):
                return story
        raise StoryNotFound(
            f"No story {story_id!r}.", hint="`interviewer stories list` shows your stories."
        )

    def delete_story(self, story_id: str, *, user_id: str | None = None) -> None:
        story = self.story(story_id, user_id=user_id)

        def action() -> None:
            with self._transaction() as db:
                db.execute(delete(StoryRow).where(StoryRow.id == story.id))

        self._guard(action)
