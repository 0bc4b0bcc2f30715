"""The terminal chat loop: read answers and commands, show the interviewer, save always."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import nullcontext
from pathlib import Path

from rich.console import Console

from interviewer.cli import render
from interviewer.cli.io import AnswerReader
from interviewer.errors import AnswerError, StoreError
from interviewer.interview import Interview
from interviewer.recovery import write_recovery

HELP = (
    "Answer in as many lines as you like; an empty line sends it. Put long answers with blank "
    'lines between two lines of """. Commands: /hint /repeat /skip /quit'
)


def _show(interview: Interview, console: Console, chunks: Iterator[str], thinking: bool) -> None:
    status = console.status("Thinking…") if thinking and console.is_terminal else nullcontext()
    with status:
        text = "".join(chunks)
    while interview.notices:
        render.note(console, interview.notices.pop(0), style="yellow")
    render.interviewer_says(console, text)
    block = interview.session.block_info()
    if block is not None and block.remaining_s is not None and not interview.finished:
        minutes, seconds = divmod(int(block.remaining_s), 60)
        render.note(
            console,
            f"⏱ round {block.index + 1}/{block.total} ({block.round.value}): "
            f"{minutes}:{seconds:02d} left",
            style="cyan",
        )


def run_chat(
    interview: Interview,
    console: Console,
    reader: AnswerReader | None = None,
    recovery_dir: Path | None = None,
) -> int:
    """Run until the interview ends, the input ends, or the user quits. Returns an exit code.

    If the database fails mid-session, the session is written to a recovery file (nothing
    typed is lost) and the user is told how to continue from it.
    """
    try:
        return _chat_loop(interview, console, reader)
    except StoreError as exc:
        path = write_recovery(interview.state, recovery_dir or Path.cwd())
        render.note(console, f"Could not save to the database: {exc.message}", style="bold red")
        render.note(
            console,
            f"Your session so far is safe in {path}. When the database works again, continue "
            f"with: interviewer resume --recover {path}",
            style="yellow",
        )
        return exc.exit_code


def _chat_loop(interview: Interview, console: Console, reader: AnswerReader | None) -> int:
    reader = reader or AnswerReader(sys.stdin.buffer)
    session_id = interview.state.id
    resume_hint = f"Saved. Resume with: interviewer resume {session_id}"
    render.note(console, f"Session {session_id} · backend {interview.backend.name}. {HELP}")
    try:
        _show(interview, console, interview.open(), thinking=False)
        while not interview.finished:
            if console.is_terminal:
                console.print("[bold green]You[/] (empty line to send):")
            text = reader.read()
            if text is None or text == "/quit":
                interview.pause()
                render.note(console, resume_hint, style="yellow")
                return 0
            if text == "/repeat":
                render.interviewer_says(console, interview.repeat())
            elif text == "/hint":
                render.note(console, f"Hint: {interview.hint()}", style="magenta")
            elif text == "/skip":
                _show(interview, console, interview.skip(), thinking=True)
            elif text.startswith("/") and "\n" not in text and len(text) < 20:
                render.note(console, f"Unknown command {text}. {HELP}", style="yellow")
            else:
                try:
                    _show(interview, console, interview.answer(text), thinking=True)
                except AnswerError as exc:
                    render.note(console, str(exc), style="yellow")
    except KeyboardInterrupt:
        interview.pause()
        console.print()
        render.note(console, resume_hint, style="yellow")
        return 130
    render.report(console, interview.report())
    render.note(console, f"Review later with: interviewer review {session_id}")
    return 0
