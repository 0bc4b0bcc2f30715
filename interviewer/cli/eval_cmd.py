"""`interviewer eval FILE...`: how far our scores agree with human grades."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from interviewer.bank.models import Level
from interviewer.config import load_settings
from interviewer.evaluation.dataset import load_rows
from interviewer.evaluation.runner import EvalReport, evaluate
from interviewer.evaluation.stats import Agreement
from interviewer.runtime import Runtime

console = Console()


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _row(name: str, a: Agreement) -> list[str]:
    return [name, str(a.n), _fmt(a.pearson), _fmt(a.spearman), _fmt(a.qwk), f"{a.mae:.2f}"]


def print_report(report: EvalReport, out: Console) -> None:
    table = Table(
        title=f"Agreement with human grades · scorer: {report.scorer} · level {report.level.value}"
    )
    for col in ("rows", "n", "Pearson", "Spearman", "QWK", "MAE"):
        table.add_column(col, justify="right" if col != "rows" else "left")
    table.add_row(*_row("overall", report.overall), style="bold")
    for name, a in report.by_round.items():
        table.add_row(*_row(name, a))
    out.print(table)
    base = Table(title="The same rows graded by naive baselines (ratio: ours / baseline)")
    for col in ("grader", "n", "Pearson", "Spearman", "QWK", "MAE", "Spearman ratio"):
        base.add_column(col, justify="right" if col != "grader" else "left")
    base.add_row(*_row("ours", report.overall), "1.00", style="bold")
    for name, a in report.baselines.items():
        ratio = (
            f"{report.overall.spearman / a.spearman:.2f}"
            if report.overall.spearman is not None and a.spearman
            else "—"
        )
        base.add_row(*_row(name, a), ratio)
    out.print(base)
    if len(report.by_round) > 1:
        per_round = Table(title="Spearman per round: ours beside the baselines")
        per_round.add_column("round")
        names = list(next(iter(report.baselines_by_round.values())))
        for col in ("ours", *names):
            per_round.add_column(col, justify="right")
        for name, a in report.by_round.items():
            others = report.baselines_by_round[name]
            per_round.add_row(name, _fmt(a.spearman), *(_fmt(others[n].spearman) for n in names))
        out.print(per_round)
    cal = Table(title="Calibration: rows a human graded g, and what we gave them")
    for col in ("human", "rows", "ours (mean)", "ours (range)"):
        cal.add_column(col, justify="right")
    for c in report.calibration:
        cal.add_row(
            str(c.human), str(c.n), f"{c.ours_mean:.2f}", f"{c.ours_low:.1f}–{c.ours_high:.1f}"
        )
    out.print(cal)
    grid = Table(title="Human grade (rows) against ours (columns), rounded to 0-5")
    grid.add_column("human \\ ours")
    for g in range(6):
        grid.add_column(str(g), justify="right")
    for g, counts in enumerate(report.confusion):
        grid.add_row(str(g), *(str(c) if c else "·" for c in counts))
    out.print(grid)
    if report.judged_rows:
        a = report.rubric_only
        out.print(
            f"Judged {report.judged_rows} of {report.overall.n} rows. The rubric scorer alone on the "
            f"same rows: Pearson {_fmt(a.pearson)}, Spearman {_fmt(a.spearman)}, "
            f"QWK {_fmt(a.qwk)}, MAE {a.mae:.2f}."
        )
    if report.repeat > 1:
        out.print(
            f"Repeatability over {report.repeat} runs: mean per-answer standard deviation "
            f"{report.mean_spread:.3f}, largest range {report.max_spread:.2f} points."
        )


def eval_command(
    paths: list[Path] = typer.Argument(..., help="Graded .csv/.jsonl files, or folders of them."),
    judge: bool | None = typer.Option(
        None,
        "--judge/--no-judge",
        help="Add the LLM judge of the configured backend, the embedded model too "
        "(default: as INTERVIEWER_JUDGE says).",
    ),
    backend: str | None = typer.Option(None, "--backend", help="Judge with this backend."),
    repeat: int = typer.Option(1, "--repeat", min=1, max=20, help="Score each answer N times."),
    level: Level = typer.Option(Level.MID, "--level", help="The level the answers are judged at."),
    json_out: Path | None = typer.Option(
        None, "--json", help="Also write every row's result here."
    ),
) -> None:
    """Score graded answers and print Pearson, Spearman, QWK and MAE against the human grades.

    Rows need `answer`, `score` and either `question_id` (a bank question) or `question` and
    `reference`; `round` and `max_score` (default 5) are optional. See the README.
    """
    overrides: dict[str, object] = {}
    if backend:
        overrides["backend"] = backend
    if judge is not None:
        overrides["judge"] = "on" if judge else "off"
    rt = Runtime(load_settings(**overrides))
    rows = load_rows(paths)
    grader = rt.grader
    name = "rubric"
    if grader.judge is not None:
        name = f"rubric + judge {grader.judge.backend.model} (weight {grader.weight})"
    with Progress(
        TextColumn("Scoring"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("score", total=len(rows))
        report = evaluate(
            rows,
            rt.bank,
            grader,
            level=level,
            repeat=repeat,
            scorer_name=name,
            progress=lambda done: bar.update(task, completed=done),
        )
    print_report(report, console)
    if json_out is not None:
        json_out.write_text(report.model_dump_json(indent=2), encoding="utf-8")
        console.print(f"Wrote {json_out}")
