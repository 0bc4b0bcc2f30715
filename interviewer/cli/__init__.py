"""Command-line entry point: expected failures become one clear message and an exit code."""

from __future__ import annotations

import sys

from rich.console import Console

from interviewer.errors import InterviewerError


def main() -> None:
    from interviewer.cli.app import app

    try:
        app()
    except InterviewerError as exc:
        err = Console(stderr=True)
        err.print(f"[bold red]Error:[/] {exc.message}", highlight=False, markup=True)
        if exc.hint:
            err.print(f"[yellow]Hint:[/] {exc.hint}", highlight=False)
        sys.exit(exc.exit_code)
