"""The conductor: one interview = engine + backend + store, shared by the CLI and the API.

It is the only place that orders the effects of a turn: the candidate's turn is committed
before the backend is asked anything, and the interviewer's turn is committed before the
surface asks for the next answer. Text is yielded in chunks so surfaces can stream it.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import aclosing
from typing import Literal

import anyio.to_thread

from interviewer.bank import Bank, Question
from interviewer.engine.followup_check import check_followup, first_question
from interviewer.engine.models import Plan, SessionState, TurnKind
from interviewer.engine.planning import choose_questions
from interviewer.engine.report import Report, build_report
from interviewer.engine.session import AskFollowUp, AskQuestion, Finish, Next, Session
from interviewer.errors import BackendError
from interviewer.llm.base import AsyncBackend, Backend, Message
from interviewer.prompts import Prompts
from interviewer.scoring.grader import Grader
from interviewer.scoring.models import Scorer
from interviewer.scoring.rubric import RubricScorer
from interviewer.store import Store
from interviewer.stories import Story, fitting_story

FOLLOWUP_MAX_TOKENS = 64
FOLLOWUP_TEMPERATURE = 0.3
#: A phrased follow-up: its text and where the wording came from (model, scripted...).
Phrased = tuple[str, str]


def new_session_id() -> str:
    """128 random bits, URL-safe: unguessable, so ids can appear in URLs.

    Never starting with "-": a command line would read `resume -XSi...` as an option.
    """
    while True:
        candidate = secrets.token_urlsafe(16)
        if not candidate.startswith("-"):
            return candidate


class Interview:
    def __init__(
        self,
        session: Session,
        backend: Backend,
        store: Store,
        prompts: Prompts,
        *,
        user_id: str | None = None,
        clock: Callable[[], float] = time.monotonic,
        grader: Grader | None = None,
    ) -> None:
        self.session = session
        self.grader = grader or Grader()
        self.backend = backend
        self.store = store
        self.prompts = prompts
        self.user_id = user_id
        self._clock = clock
        self._shown_at: float | None = None
        #: Things the user should be told (a backend failure that was worked around).
        self.notices: list[str] = []
        self._notes: dict[tuple[str, str], str] = {}
        #: The question an answer was just recorded for, until the grader has seen it.
        self._ungraded: int | None = None

    # -- construction ----------------------------------------------------------------------

    @classmethod
    def start(
        cls,
        plan: Plan,
        bank: Bank,
        backend: Backend,
        store: Store,
        prompts: Prompts,
        *,
        scorer: Scorer | None = None,
        user_id: str | None = None,
        max_answer_chars: int = 20_000,
        clock: Callable[[], float] = time.monotonic,
        grader: Grader | None = None,
    ) -> Interview:
        chosen = choose_questions(bank, plan, store.weakness(user_id=user_id))
        session = Session.new(
            new_session_id(),
            plan,
            [q for q, _ in chosen],
            scorer or RubricScorer(),
            backend=backend.name,
            model=backend.model,
            max_answer_chars=max_answer_chars,
            blocks=[b for _, b in chosen],
        )
        store.save(session.state, user_id=user_id)
        return cls(session, backend, store, prompts, user_id=user_id, clock=clock, grader=grader)

    @classmethod
    def restore(
        cls,
        state: SessionState,
        bank: Bank,
        backend: Backend,
        store: Store,
        prompts: Prompts,
        *,
        scorer: Scorer | None = None,
        user_id: str | None = None,
        max_answer_chars: int = 20_000,
        clock: Callable[[], float] = time.monotonic,
        grader: Grader | None = None,
    ) -> Interview:
        questions = {qs.question_id: bank.get(qs.question_id) for qs in state.questions}
        session = Session(state, questions, scorer or RubricScorer(), max_answer_chars)
        session.resume()
        return cls(session, backend, store, prompts, user_id=user_id, clock=clock, grader=grader)

    # -- the turn cycle --------------------------------------------------------------------

    @property
    def state(self) -> SessionState:
        return self.session.state

    @property
    def finished(self) -> bool:
        return self.state.finished

    def open(self) -> Iterator[str]:
        """The prompt to show now: a pending interviewer turn again, or the next question."""
        pending = self.session.pending_prompt()
        if self.session.awaiting_answer() and pending is not None:
            self._shown_at = self._clock()
            yield pending.text
            return
        yield from self._say(self.session.opening())

    def answer(self, text: str) -> Iterator[str]:
        step = self.record_answer(text)
        self.grade_pending()
        yield from self._say(step)

    def record_answer(self, text: str) -> Next:
        """The first part of a turn: score and commit the answer, decide what comes next.

        `answer` runs the whole turn; a server runs its parts apart: this one on few
        threads, `grade_pending` (a judge's model call: seconds) where waiting is cheap, the
        follow-up through `phrase_async` on the event loop, and `say` last.
        """
        self._ungraded = self.state.current
        step = self.session.answer(text, spent_s=self._time_spent())
        self._save()
        return step

    def grade_pending(self) -> None:
        """Once a question is done, the grader's final assessment replaces the per-turn one.

        Runs after the candidate's turn is committed and before the next prompt, so the
        judge's model call can neither lose an answer nor reorder what the candidate sees.
        """
        index, self._ungraded = self._ungraded, None
        if index is None or not self.grader.uses_judge:
            return
        if not self.state.finished and self.state.current == index:
            return
        qs = self.state.questions[index]
        if not qs.answers:
            return
        question = self.session.question(qs.question_id)
        qs.assessment = self.grader.grade(
            question, qs.answers, self.state.plan.level, qs.assessment
        )
        if qs.assessment.judge is None:
            self.notices.extend(n for n in qs.assessment.notes if n.startswith("The judge could"))
        self._save()

    def say(self, step: Next, phrased: Phrased | None = None) -> str:
        """The second half of a turn: record and commit what the interviewer says next."""
        return "".join(self._say(step, phrased))

    async def phrase_async(self, step: Next) -> Phrased | None:
        """Phrase a follow-up without holding a thread while the model works.

        None when the step needs no model. Backends without an async client (a local GGUF
        model) are run in a worker thread instead.
        """
        if not isinstance(step, AskFollowUp):
            return None
        if self.backend.scripted or step.restate is not None:
            return self._phrase_followup(step)
        if not isinstance(self.backend, AsyncBackend):
            return await anyio.to_thread.run_sync(self._phrase_followup, step)
        messages = self._followup_messages(step.question, step)
        reply = ""
        try:
            async with aclosing(
                self.backend.astream(
                    messages, max_tokens=FOLLOWUP_MAX_TOKENS, temperature=FOLLOWUP_TEMPERATURE
                )
            ) as chunks:
                async for chunk in chunks:
                    reply += chunk
                    if "?" in chunk:  # one question is all we want; stop the model there
                        break
        except BackendError as exc:
            return self._after_error(step, exc)
        return self._choose(step, reply)

    def skip(self) -> Iterator[str]:
        self._ungraded = self.state.current
        step = self.session.skip(spent_s=self._time_spent())
        self._save()
        self.grade_pending()
        yield from self._say(step)

    def _time_spent(self) -> float:
        """Seconds since the current prompt was shown: the candidate's answering time."""
        return 0.0 if self._shown_at is None else max(0.0, self._clock() - self._shown_at)

    def hint(self) -> str:
        text = self.session.hint()
        self.session.record("interviewer", TurnKind.HINT, text, source="rubric")
        self._save()
        return text

    def repeat(self) -> str:
        pending = self.session.pending_prompt()
        return pending.text if pending else ""

    def pause(self) -> None:
        self.session.pause()
        self._save()

    def report(self) -> Report:
        return build_report(self.state, self.session.question)

    # -- phrasing --------------------------------------------------------------------------

    def _stories(self) -> list[Story]:
        return self.store.stories(user_id=self.user_id)

    def _save(self) -> None:
        self.store.save(self.state, user_id=self.user_id)

    def _say(self, step: Next, phrased: Phrased | None = None) -> Iterator[str]:
        if isinstance(step, AskQuestion):
            text = self.prompts.render(
                "scripted/question",
                question=step.question,
                number=step.number,
                total=step.total,
                block=step.block,
                time_up=step.time_up,
                story=fitting_story(self._stories(), step.question),
            )
            self.session.record("interviewer", TurnKind.QUESTION, text, source="bank")
        elif isinstance(step, AskFollowUp):
            text, source = phrased or self._phrase_followup(step)
            self.session.record(
                "interviewer",
                TurnKind.FOLLOWUP,
                text,
                key_point_id=step.key_point.id,
                source=source,
            )
        else:
            assert isinstance(step, Finish)
            report = self.report()
            text = self.prompts.render(
                "scripted/closing",
                answered=sum(q.answered for q in report.questions),
                total=len(self.state.questions),
                overall=report.overall,
            )
            self.session.record("interviewer", TurnKind.CLOSING, text, source="scripted")
        self._save()
        self._shown_at = self._clock()
        yield text

    def _phrase_followup(self, step: AskFollowUp) -> Phrased:
        """Ask the model to phrase the probe the engine chose; keep it only if it passes checks."""
        if step.restate is not None:
            return self._restated(step), f"scripted-restate:{step.restate.value}"
        if self.backend.scripted:
            return self._scripted(step), "scripted"
        messages = self._followup_messages(step.question, step)
        reply = ""
        try:
            for chunk in self.backend.stream(
                messages, max_tokens=FOLLOWUP_MAX_TOKENS, temperature=FOLLOWUP_TEMPERATURE
            ):
                reply += chunk
                if "?" in chunk:  # one question is all we want; stop the model there
                    break
        except BackendError as exc:
            return self._after_error(step, exc)
        return self._choose(step, reply)

    def _scripted(self, step: AskFollowUp) -> str:
        return self.prompts.render(
            "scripted/followup", key_point=step.key_point, turn_index=len(self.state.turns)
        )

    def _restated(self, step: AskFollowUp) -> str:
        return self.prompts.render(
            "scripted/restate",
            reason=step.restate.value if step.restate else "",
            question=step.question,
            turn_index=len(self.state.turns),
        )

    def _after_error(self, step: AskFollowUp, exc: BackendError) -> Phrased:
        # The interview goes on with the rubric's wording; the transcript says why.
        self.notices.append(f"The model failed ({exc.message}); using the scripted follow-up.")
        return self._scripted(step), "scripted-after-error"

    def _choose(self, step: AskFollowUp, reply: str) -> Phrased:
        """The model's question if it passes the checks, else the rubric's scripted probe."""
        question = first_question(reply)
        if check_followup(question, step.key_point) is None:
            return question, f"model:{self.backend.model}"
        return self._scripted(step), "scripted-fallback"

    def _followup_messages(self, question: Question, step: AskFollowUp) -> list[Message]:
        """The whole session as one append-only chat, so a local model reuses its KV cache.

        Each answer that was followed up keeps the private note that asked for that
        follow-up, so the prompt of one request is an exact prefix of the next one's.
        """
        system = self.prompts.render("persona", level=self.state.plan.level.value)
        messages = [Message(role="system", content=system)]
        turns = self.state.turns
        for i, turn in enumerate(turns):
            role: Literal["assistant", "user"] = (
                "assistant" if turn.speaker == "interviewer" else "user"
            )
            text = turn.text
            following = turns[i + 1] if i + 1 < len(turns) else None
            if following is not None and following.kind is TurnKind.FOLLOWUP:
                text = f"{text}\n\n{self._note(following.question_id, following.key_point_id)}"
            if messages[-1].role == role:  # a hint after a question, say: one message
                messages[-1] = Message(role=role, content=f"{messages[-1].content}\n\n{text}")
            else:
                messages.append(Message(role=role, content=text))
        note = self._note(question.id, step.key_point.id)
        messages[-1] = Message(role="user", content=f"{messages[-1].content}\n\n{note}")
        return messages

    def _note(self, question_id: str | None, key_point_id: str | None) -> str:
        """The private note behind one follow-up; rendered once, reused on every later turn."""
        assert question_id is not None and key_point_id is not None
        key = (question_id, key_point_id)
        if key not in self._notes:
            question = self.session.question(question_id)
            self._notes[key] = self.prompts.render(
                "followup", round=question.round.value, key_point=question.key_point(key_point_id)
            )
        return self._notes[key]
