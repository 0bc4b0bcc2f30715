"""`interviewer stories ...`: keep STAR stories and project notes, and check them."""

from __future__ import annotations

import secrets
import sys
from pathlib import Path

import click
import typer
import yaml
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table
from rich.text import Text

from interviewer.config import load_settings
from interviewer.errors import ConfigError
from interviewer.runtime import Runtime
from interviewer.stories import Story, StoryIn, StoryKind, check_story

stories_app = typer.Typer(help="Your own STAR stories and project notes.", no_args_is_help=True)
console = Console()
PARTS = ("situation", "task", "action", "result")


def _runtime() -> Runtime:
    return Runtime(load_settings())


def _parse(data: object, source: str) -> StoryIn:
    try:
        return StoryIn.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise ConfigError(f"Invalid story in {source}: {problems}") from None


def _read_file(path: Path) -> dict[str, object]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"Cannot read the story file {path}: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"The story file {path} must be a YAML mapping.")
    return data


@stories_app.command("add")
def add(
    title: str | None = typer.Option(None, "--title", help="A short name for the story."),
    kind: StoryKind = typer.Option(StoryKind.STAR, "--kind", help="star or project."),
    tag: list[str] | None = typer.Option(None, "--tag", help="Topics it fits, e.g. conflict."),
    file: Path | None = typer.Option(None, "--file", "-f", help="Read the story from a YAML file."),
) -> None:
    """Save a story; without --file, asks for each part (also from a pipe)."""
    data: dict[str, object] = _read_file(file) if file else {}
    data.setdefault("kind", kind.value)
    if title:
        data["title"] = title
    if tag:
        data["tags"] = tag
    if file is None:  # interactive (or piped): ask for what the options did not give
        if "title" not in data:
            data["title"] = typer.prompt("Title")
        parts = PARTS if data["kind"] == StoryKind.STAR.value else ("notes",)
        for part in parts:
            data[part] = typer.prompt(part.capitalize(), default="", show_default=False)
    story = Story(id=secrets.token_hex(4), **_parse(data, str(file or "input")).model_dump())
    _runtime().store.save_story(story)
    console.print(f"Saved story {story.id}: {story.title}")


@stories_app.command("list")
def list_() -> None:
    """Your stories, newest first."""
    stories = _runtime().store.stories()
    if not stories:
        console.print("No stories yet. Add one with `interviewer stories add`.")
        return
    table = Table(title="Your stories")
    for col in ("id", "kind", "title", "tags"):
        table.add_column(col)
    for s in stories:
        table.add_row(s.id, s.kind.value, Text(s.title), Text(", ".join(s.tags)))
    console.print(table)


@stories_app.command("edit")
def edit(
    story_id: str,
    file: Path | None = typer.Option(None, "--file", "-f", help="Replace it with this YAML file."),
) -> None:
    """Edit a story in $EDITOR (or replace it from a file)."""
    rt = _runtime()
    story = rt.store.story(story_id)
    if file is not None:
        data = _read_file(file)
    else:
        if not sys.stdin.isatty():
            raise ConfigError("No terminal to open an editor in.", hint="Use --file story.yaml.")
        current = yaml.safe_dump(story.model_dump(mode="json", exclude={"id"}), sort_keys=False)
        edited = click.edit(current, extension=".yaml")
        if edited is None:
            console.print("No changes.")
            return
        loaded = yaml.safe_load(edited)
        data = loaded if isinstance(loaded, dict) else {}
    updated = Story(id=story.id, **_parse(data, str(file or "the editor")).model_dump())
    rt.store.save_story(updated)
    console.print(f"Updated story {story.id}: {updated.title}")


@stories_app.command("remove")
def remove(story_id: str) -> None:
    """Delete a story."""
    _runtime().store.delete_story(story_id)
    console.print(f"Removed story {story_id}.")


@stories_app.command("check")
def check(story_id: str) -> None:
    """Score a story against the rubric it fits best; list what it is missing."""
    rt = _runtime()
    result = check_story(rt.store.story(story_id), rt.bank)
    console.print(f"Best fit: {result.question_id} · score {result.score:.1f} / 5")
    for v in result.assessment.verdicts:
        mark = {"covered": "✔", "partial": "~", "missing": "✘"}[v.status.value]
        quote = f' — "{v.evidence.quote[:100]}"' if v.evidence else ""
        console.print(Text(f"{mark} {v.key_point_id}: {v.text}{quote}"))
    for flag in result.assessment.red_flags:
        console.print(Text(f"⚠ {flag.text}"))
