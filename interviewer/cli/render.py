"""Rich rendering of interviewer turns, transcripts, reports and lists."""

from __future__ import annotations

from rich.console import Console
from rich.markdown import Markdown
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from interviewer.engine.report import Report
from interviewer.store import SessionSummary, TopicProgress


def interviewer_says(console: Console, text: str) -> None:
    console.print(Panel(Text(text), title="Interviewer", title_align="left", border_style="cyan"))
    console.file.flush()  # a pipe is block-buffered: whoever reads it must see the prompt now


def note(console: Console, text: str, style: str = "dim") -> None:
    console.print(Text(text, style=style))


def report(console: Console, rep: Report) -> None:
    table = Table(title=f"Report · overall {rep.overall:.1f} / 5", show_lines=True)
    table.add_column("Question")
    table.add_column("Score", justify="right")
    table.add_column("Covered (evidence)")
    table.add_column("Missing")
    for q in rep.questions:
        covered = "\n".join(
            f"✔ {p.key_point_id}: “{p.evidence.quote[:90]}”"
            if p.evidence
            else f"✔ {p.key_point_id}"
            for p in q.covered
        )
        missing = "\n".join(f"✘ {p.text}" for p in q.missing)
        flags = "\n".join(f"⚠ {f.text}" for f in q.red_flags)
        flags = "\n".join(x for x in (flags, *q.notes) if x)
        table.add_row(
            Text(
                f"{q.question_id}\n{q.round.value} · {q.topic}"
                + (" (skipped)" if q.skipped else "")
            ),
            f"{q.score:.1f}",
            Text(covered or "—"),
            Text("\n".join(x for x in (missing, flags) if x) or "—"),
        )
    console.print(table)
    for s in rep.hire_signals:
        console.print(
            Text(f"{s.round}: {s.signal.value} ", style="bold")
            + Text(" ".join(s.reasons), style="dim")
        )


def sessions(console: Console, rows: list[SessionSummary]) -> None:
    if not rows:
        console.print("No saved sessions yet. Start one with `interviewer chat`.")
        return
    table = Table(title="Saved sessions")
    for col in ("id", "updated", "status", "rounds", "level", "backend", "turns", "score"):
        table.add_column(col)
    for s in rows:
        table.add_row(
            s.id,
            f"{s.updated_at:%Y-%m-%d %H:%M}",
            s.status,
            s.rounds,
            s.level,
            s.backend,
            str(s.turns),
            "—" if s.score is None else f"{s.score:.1f}",
        )
    console.print(table)


def progress(console: Console, rows: list[TopicProgress]) -> None:
    if not rows:
        console.print("No scored questions yet.")
        return
    table = Table(title="Progress per topic (weakest first)")
    for col in ("topic", "round", "attempts", "average", "last", "last practised"):
        table.add_column(col)
    for p in rows:
        table.add_row(
            p.topic,
            p.round,
            str(p.attempts),
            f"{p.average:.1f}",
            f"{p.last:.1f}",
            f"{p.last_at:%Y-%m-%d}",
        )
    console.print(table)


def markdown(console: Console, text: str) -> None:
    console.print(Markdown(text))
