"""Prompt templates live in prompts/ as Jinja2 files; this renders them, strictly."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jinja2

from interviewer.errors import ConfigError


def unwrap(text: str) -> str:
    """Join hard-wrapped lines (YAML block scalars) but keep blank-line paragraph breaks."""
    return re.sub(r"(?<!\n)\n(?!\n)", " ", text.strip())


class Prompts:
    """Renders `prompts/<name>.j2`; an undefined variable is an error, not an empty string."""

    def __init__(self, prompts_dir: Path) -> None:
        if not prompts_dir.is_dir():
            raise ConfigError(
                f"Prompt folder not found: {prompts_dir}",
                hint="Set INTERVIEWER_PROMPTS_DIR to the project's prompts/ folder.",
            )
        self._env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(prompts_dir),
            undefined=jinja2.StrictUndefined,
            autoescape=False,
            keep_trailing_newline=False,
            # Templates are read once per process: checking each file's mtime on every
            # render was a measurable share of an API answer. Restart to pick up edits.
            auto_reload=False,
        )
        self._env.filters["unwrap"] = unwrap

    def render(self, name: str, **variables: Any) -> str:
        try:
            return self._env.get_template(f"{name}.j2").render(**variables).strip()
        except jinja2.TemplateNotFound:
            raise ConfigError(f"Prompt template missing: {name}.j2") from None
