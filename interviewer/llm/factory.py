"""Choose the backend from settings, and say so whenever the choice is not the one asked for.

`auto` means: a GGUF file if `model_path` is set, else an OpenAI-compatible server if its URL
or key is set, else the embedded model; only `auto` may fall back to the offline backend,
and then with a visible notice. A backend named explicitly either works or fails loudly.
"""

from __future__ import annotations

from dataclasses import dataclass

from interviewer.config import Settings
from interviewer.errors import BackendUnavailable, ConfigError
from interviewer.llm.base import Backend
from interviewer.llm.offline import OfflineBackend


@dataclass(frozen=True)
class BackendChoice:
    backend: Backend
    #: A visible note for the user when we fell back from what was configured.
    notice: str | None = None


def _llama(settings: Settings, *, embedded: bool) -> Backend:
    from interviewer.llm.embedded import EMBEDDED_LABEL, embedded_model_path
    from interviewer.llm.llama_cpp import LlamaCppBackend

    if embedded:
        path, label = embedded_model_path(), EMBEDDED_LABEL
    elif settings.model_path is None:
        raise ConfigError(
            "The llama_cpp backend needs a GGUF file.",
            hint="Set INTERVIEWER_MODEL_PATH=/path/to/model.gguf",
        )
    else:
        path, label = settings.model_path, None
    return LlamaCppBackend(
        path,
        n_ctx=settings.n_ctx,
        n_threads=settings.n_threads,
        n_gpu_layers=settings.n_gpu_layers,
        label=label,
        strength="weak" if embedded else "local",
    )


def _openai(settings: Settings) -> Backend:
    from interviewer.llm.openai_backend import OpenAIBackend

    return OpenAIBackend(
        model=settings.openai_model,
        base_url=settings.openai_base_url,
        api_key=settings.openai_api_key,
        timeout_s=settings.openai_timeout_s,
        max_retries=settings.openai_max_retries,
        n_ctx=settings.n_ctx,
    )


def make_backend(settings: Settings) -> BackendChoice:
    match settings.backend:
        case "offline":
            return BackendChoice(OfflineBackend())
        case "openai":
            return BackendChoice(_openai(settings))
        case "llama_cpp":
            return BackendChoice(_llama(settings, embedded=False))
        case "embedded":
            return BackendChoice(_llama(settings, embedded=True))
    if settings.model_path is not None:
        return BackendChoice(_llama(settings, embedded=False))
    if settings.openai_base_url or settings.openai_api_key:
        return BackendChoice(_openai(settings))
    try:
        return BackendChoice(_llama(settings, embedded=True))
    except BackendUnavailable as exc:
        return BackendChoice(
            OfflineBackend(),
            notice=f"{exc.message} Falling back to the offline backend: the interviewer uses "
            "the rubric's scripted follow-ups. Set INTERVIEWER_BACKEND=offline to hide this note.",
        )
