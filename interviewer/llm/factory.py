"""Choose the backend from settings, and say so whenever the choice is not the one asked for."""

from __future__ import annotations

from dataclasses import dataclass

from interviewer.config import Settings
from interviewer.llm.base import Backend
from interviewer.llm.offline import OfflineBackend


@dataclass(frozen=True)
class BackendChoice:
    backend: Backend
    #: A visible note for the user when we fell back from what was configured.
    notice: str | None = None


def make_backend(settings: Settings) -> BackendChoice:
    if settings.backend in ("auto", "offline"):
        return BackendChoice(OfflineBackend())
    return BackendChoice(
        OfflineBackend(),
        notice=f"Backend {settings.backend!r} is not available in this build; using the offline rubric backend.",
    )
