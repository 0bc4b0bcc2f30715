"""When the database fails mid-session, the session goes to a file instead of being lost."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from pydantic import ValidationError

from interviewer.engine.models import SessionState
from interviewer.errors import ConfigError


def write_recovery(state: SessionState, preferred_dir: Path) -> Path:
    """Write the state atomically to preferred_dir/recovery, or the temp dir if that fails."""
    payload = state.model_dump_json(indent=2)
    for folder in (
        preferred_dir / "recovery",
        Path(tempfile.gettempdir()) / "interviewer-recovery",
    ):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / f"{state.id}.json"
            fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, target)
            return target
        except OSError:
            continue
    raise OSError("no writable folder for the recovery file")


def read_recovery(path: Path) -> SessionState:
    try:
        return SessionState.model_validate_json(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"Cannot read the recovery file {path}: {exc.strerror}") from None
    except ValidationError:
        raise ConfigError(f"{path} is not an interviewer recovery file.") from None
