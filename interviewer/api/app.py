"""The FastAPI app: the same conductor as the terminal, behind bearer tokens.

Handlers are stateless: each request restores the session from the store, so several
uvicorn workers can share one database. Every turn is committed before the reply leaves.
"""

import gc
import json
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated

import anyio
import anyio.to_thread
from fastapi import Depends, FastAPI, Query, Request, Response
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, PlainTextResponse, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from interviewer.api import problems
from interviewer.api.schemas import (
    AnswerIn,
    QuestionOut,
    ReplyOut,
    ScorePointOut,
    SessionCreate,
    SessionOut,
    TopicProgressOut,
    TurnOut,
)
from interviewer.bank.models import Level, Round
from interviewer.config import Settings
from interviewer.engine.models import Plan
from interviewer.engine.report import Report, build_report
from interviewer.engine.session import Next
from interviewer.errors import InterviewerError
from interviewer.interview import Interview
from interviewer.llm.base import AsyncBackend
from interviewer.loops import find_loop
from interviewer.runtime import Runtime
from interviewer.store.export import to_json, to_markdown
from interviewer.store.tokens import user_for_token

MAX_BODY_BYTES = 256 * 1024
#: Threads for a turn's own work (restore, score, commit, say: CPU and quick SQL). More
#: threads only fight over the GIL and the database write lock; on the P4 bench two
#: instead of the shared pool of 256 took 50 sessions from 0.62x to 0.80x of the ideal.
TURN_THREADS = 2
STATIC = Path(__file__).parent / "static"


class Unauthorized(InterviewerError):
    http_status = 401
    title = "Unauthorized"


class PayloadTooLarge(InterviewerError):
    http_status = 413
    title = "Request too large"


class BodyLimit:
    """Refuse bodies over `max_bytes` by their Content-Length, with a problem document.

    Plain ASGI rather than `@app.middleware("http")`: Starlette's BaseHTTPMiddleware runs
    each request through an extra task and memory streams, a measurable cost per answer.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            length = dict(scope["headers"]).get(b"content-length", b"")
            if length.isdigit() and int(length) > self.max_bytes:
                response = problems.problem(
                    413, "Request too large", f"Bodies are limited to {self.max_bytes} bytes."
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def tune_gc() -> None:
    """Garbage collection for a long-running worker, once its start-up is done.

    The bank, models and libraries loaded so far live as long as the worker: `freeze` keeps
    them out of the collector's full passes, which walked them all again and again (pauses
    that showed in the p99 of every answer). Young collections every 50,000 allocations
    instead of 700 cut the CPU per answer by a further ~0.4 ms under load.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)


def create_app(settings: Settings, *, server_process: bool = False) -> FastAPI:
    """`server_process`: this app owns its process (uvicorn workers), so it may tune
    process-wide settings such as the garbage collector; tests leave it False."""
    rt = Runtime(settings)
    turn_threads = anyio.CapacityLimiter(TURN_THREADS)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # Handlers are synchronous (engine, store, model client) and mostly wait on the
        # model: allow as many in flight as there are concurrent sessions to serve.
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.api_threads
        # Load the bank and the backend (a model, a tokenizer) before the first request, so
        # no candidate's answer waits for a worker to warm up.
        await anyio.to_thread.run_sync(lambda: (rt.bank, rt.backend_choice))
        if server_process:
            tune_gc()
        yield
        backend = rt.backend_choice.backend
        if isinstance(backend, AsyncBackend):
            await backend.aclose()  # its connections to the model server

    app = FastAPI(
        title="interviewer",
        version="0.1.0",
        description="Rubric-scored mock interviews for ML engineer candidates.",
        lifespan=lifespan,
    )
    problems.install(app)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "Content-Type"],
        )

    app.add_middleware(BodyLimit, max_bytes=MAX_BODY_BYTES)

    bearer = HTTPBearer(auto_error=False)

    Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]

    def current_user(credentials: Credentials) -> str:
        """The token's user. A database read: FastAPI runs it in a worker thread (the
        answer route calls it in its own commit hop instead)."""
        if credentials is None:
            raise Unauthorized(
                "Missing bearer token.", hint="Create one with `interviewer users add NAME`."
            )
        user = user_for_token(rt.store, credentials.credentials)
        if user is None:
            raise Unauthorized("Invalid or revoked token.")
        return user

    User = Annotated[str, Depends(current_user)]

    def restore(session_id: str, user: str) -> Interview:
        state = rt.store.load(session_id, user_id=user)
        choice = rt.backend_choice
        return Interview.restore(
            state,
            rt.bank,
            choice.backend,
            rt.store,
            rt.prompts,
            user_id=user,
            max_answer_chars=settings.max_answer_chars,
            grader=rt.grader,
        )

    def session_out(interview: Interview) -> SessionOut:
        state = interview.state
        pending = interview.session.pending_prompt()
        return SessionOut(
            id=state.id,
            status=state.status.value,
            backend=state.backend,
            model=state.model,
            question_number=None if state.finished else state.current + 1,
            total_questions=len(state.questions),
            prompt=None if state.finished or pending is None else pending.text,
            turns=len(state.turns),
        )

    @app.get("/health", tags=["ops"])
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/ready", tags=["ops"])
    def ready() -> dict[str, object]:
        rt.store.list_sessions(limit=1)
        return {
            "status": "ready",
            "questions": len(rt.bank),
            "backend": rt.backend_choice.backend.name,
        }

    @app.post("/v1/sessions", status_code=201, response_model=SessionOut, tags=["sessions"])
    def create_session(body: SessionCreate, user: User) -> SessionOut:
        preset = find_loop(body.loop, settings.loops_dir) if body.loop else None
        plan = Plan(
            rounds=body.rounds,
            count=body.count,
            level=body.level,
            seed=body.seed if body.seed is not None else secrets.randbits(31),
            topic=body.topic,
            max_followups=settings.max_followups
            if body.max_followups is None
            else body.max_followups,
            loop=preset.name if preset else None,
            blocks=preset.blocks if preset else [],
        )
        choice = rt.backend_choice
        interview = Interview.start(
            plan,
            rt.bank,
            choice.backend,
            rt.store,
            rt.prompts,
            user_id=user,
            max_answer_chars=settings.max_answer_chars,
            grader=rt.grader,
        )
        list(interview.open())
        return session_out(interview)

    @app.get("/v1/sessions", response_model=list[SessionOut], tags=["sessions"])
    def list_sessions(
        user: User, limit: Annotated[int, Query(ge=1, le=200)] = 50
    ) -> list[SessionOut]:
        return [
            session_out(restore(s.id, user))
            for s in rt.store.list_sessions(user_id=user, limit=limit)
        ]

    @app.get("/v1/sessions/{session_id}", response_model=SessionOut, tags=["sessions"])
    def get_session(session_id: str, user: User) -> SessionOut:
        return session_out(restore(session_id, user))

    @app.post(
        "/v1/sessions/{session_id}/answers",
        response_model=ReplyOut,
        tags=["sessions"],
        responses={200: {"content": {"text/event-stream": {}}}},
    )
    async def answer(
        session_id: str, body: AnswerIn, request: Request, credentials: Credentials
    ) -> Response | ReplyOut:
        """Answer the pending question. `Accept: text/event-stream` streams the reply as SSE.

        The database work runs in worker threads; the model call is awaited on the event
        loop, so hundreds of candidates waiting on the model hold no threads. The token is
        checked in the same thread hop as the commit: one hop fewer on the busiest route.
        """

        def commit() -> tuple[Interview, Next]:
            interview = restore(session_id, current_user(credentials))
            return interview, interview.record_answer(body.text)

        # Errors in any step become problem responses, never a broken stream.
        interview, step = await anyio.to_thread.run_sync(commit, limiter=turn_threads)
        if interview.grader.uses_judge:  # a model call: seconds, so not on the turn threads
            await anyio.to_thread.run_sync(interview.grade_pending)
        phrased = await interview.phrase_async(step)
        reply = await anyio.to_thread.run_sync(interview.say, step, phrased, limiter=turn_threads)
        if "text/event-stream" in request.headers.get("accept", ""):
            return StreamingResponse(sse(interview, reply), media_type="text/event-stream")
        return ReplyOut(reply=reply, finished=interview.finished, session=session_out(interview))

    async def sse(interview: Interview, reply: str) -> AsyncIterator[str]:
        for piece in reply.split(" "):
            yield f"event: chunk\ndata: {json.dumps({'text': piece + ' '})}\n\n"
        done = {"finished": interview.finished, "session": session_out(interview).model_dump()}
        yield f"event: done\ndata: {json.dumps(done)}\n\n"

    @app.post("/v1/sessions/{session_id}/skip", response_model=ReplyOut, tags=["sessions"])
    def skip(session_id: str, user: User) -> ReplyOut:
        interview = restore(session_id, user)
        reply = "".join(interview.skip())
        return ReplyOut(reply=reply, finished=interview.finished, session=session_out(interview))

    @app.get(
        "/v1/sessions/{session_id}/transcript", tags=["sessions"], response_model=list[TurnOut]
    )
    def transcript(
        session_id: str,
        user: User,
        format: Annotated[str, Query(pattern="^(json|md|full)$")] = "json",
    ) -> Response | list[TurnOut]:
        state = rt.store.load(session_id, user_id=user)  # loads the turns already
        if format == "json":
            return [TurnOut.model_validate(t.model_dump(mode="json")) for t in state.turns]
        rows = rt.store.turn_rows(session_id)  # the exports also need each turn's timestamp
        report = build_report(state, rt.bank.get)
        if format == "md":
            return PlainTextResponse(to_markdown(state, rows, report), media_type="text/markdown")
        return Response(to_json(state, rows, report), media_type="application/json")

    @app.get("/v1/sessions/{session_id}/report", response_model=Report, tags=["sessions"])
    def report(session_id: str, user: User) -> Report:
        return build_report(rt.store.load(session_id, user_id=user), rt.bank.get)

    @app.delete("/v1/sessions/{session_id}", status_code=204, tags=["sessions"])
    def delete(session_id: str, user: User) -> Response:
        rt.store.load(session_id, user_id=user)  # 404 unless it is this user's
        rt.store.delete(session_id)
        return Response(status_code=204)

    @app.get("/v1/questions", response_model=list[QuestionOut], tags=["bank"])
    def questions(
        user: User,
        round: Annotated[list[Round] | None, Query()] = None,
        topic: Annotated[str | None, Query(max_length=80)] = None,
        level: Level | None = None,
    ) -> list[QuestionOut]:
        return [
            QuestionOut(id=q.id, round=q.round, topic=q.topic, level=q.level, prompt=q.prompt)
            for q in rt.bank.filter(round, topic, level)
        ]

    @app.get("/v1/progress", response_model=list[TopicProgressOut], tags=["progress"])
    def progress(user: User) -> list[TopicProgressOut]:
        return [
            TopicProgressOut(
                topic=p.topic,
                round=p.round,
                attempts=p.attempts,
                average=p.average,
                last=p.last,
                last_at=p.last_at.isoformat(),
            )
            for p in rt.store.progress(user_id=user)
        ]

    @app.get("/v1/progress/history", response_model=list[ScorePointOut], tags=["progress"])
    def progress_history(user: User) -> list[ScorePointOut]:
        return [
            ScorePointOut(
                topic=r.topic,
                round=r.round,
                question_id=r.question_id,
                score=r.score,
                at=r.created_at.isoformat(),
            )
            for r in rt.store.score_history(user_id=user)
        ]

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    return app
