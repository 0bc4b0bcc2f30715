"""Interview loops: presets in loops/*.yaml, or any YAML file with the same shape."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from interviewer.bank.models import Level
from interviewer.engine.models import Block
from interviewer.errors import ConfigError


class Loop(BaseModel):
    """A named sequence of time-boxed rounds, like a real interview loop."""

    model_config = ConfigDict(extra="forbid")

    name: str
    title: str
    description: str = ""
    level: Level | None = None
    max_followups: int | None = Field(default=None, ge=0, le=5)
    blocks: list[Block] = Field(min_length=1)

    @property
    def total_minutes(self) -> int:
        return sum(b.minutes or 0 for b in self.blocks)


def list_loops(loops_dir: Path) -> list[Loop]:
    return [load_loop(p) for p in sorted(loops_dir.glob("*.yaml"))]


def load_loop(path: Path) -> Loop:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return Loop.model_validate(data)
    except OSError as exc:
        raise ConfigError(f"Cannot read the loop file {path}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"The loop file {path} is not valid YAML: {exc}") from None
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise ConfigError(f"The loop file {path} is invalid: {problems}") from None


def find_loop(name_or_path: str, loops_dir: Path) -> Loop:
    """A preset by name (`mle`), or a YAML file by path."""
    candidate = Path(name_or_path)
    if candidate.suffix in (".yaml", ".yml") or candidate.is_file():
        return load_loop(candidate)
    preset = loops_dir / f"{name_or_path}.yaml"
    if preset.is_file():
        return load_loop(preset)
    known = ", ".join(p.stem for p in sorted(loops_dir.glob("*.yaml"))) or "none"
    raise ConfigError(
        f"No loop named {name_or_path!r}.", hint=f"Presets: {known}; or give a path to a YAML file."
    )
