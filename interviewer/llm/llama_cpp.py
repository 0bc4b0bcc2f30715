"""Local GGUF models through llama-cpp-python, on the GPU when there is one.

One `Llama` instance per (model, n_ctx, n_gpu_layers) per process, shared by every session
and owned by one worker thread (see model_worker): llama.cpp contexts are not thread-safe,
and a second copy of the weights would double memory. The chat template comes from the GGUF's own metadata (llama-cpp-python's
default when no chat_format is given). Conversations are laid out so that each request
extends the previous one, which lets llama.cpp keep its KV cache for the shared prefix.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from interviewer.errors import BackendError, BackendUnavailable
from interviewer.llm.base import BaseBackend, JsonSchema, Message, Strength
from interviewer.llm.budget import fit_messages
from interviewer.llm.model_worker import ModelWorker


@dataclass(frozen=True)
class GenerationStats:
    """What llama.cpp itself counted for the last request (its perf counters, not timers)."""

    prompt_tokens: int
    prompt_tokens_evaluated: int
    completion_tokens: int
    seconds_to_first_token: float
    seconds_total: float

    @property
    def tokens_per_second(self) -> float:
        gen_time = self.seconds_total - self.seconds_to_first_token
        return self.completion_tokens / gen_time if gen_time > 0 else 0.0


_instances: dict[tuple[str, int, int], ModelWorker] = {}
_instances_lock = threading.Lock()


def _import_llama() -> Any:
    try:
        import llama_cpp
    except ImportError as exc:  # also covers a broken shared library
        raise BackendUnavailable(
            f"llama-cpp-python is not installed or cannot load: {exc}",
            hint='Install it with: pip install -e ".[local]"',
        ) from None
    return llama_cpp


def gpu_offload_supported() -> bool:
    """True when this llama.cpp build can offload to a GPU (CUDA, Metal, Vulkan...)."""
    return bool(_import_llama().llama_supports_gpu_offload())


def default_gpu_layers() -> int:
    """All layers (-1) with a GPU build, else 0: never ask a CPU build for GPU layers."""
    return -1 if gpu_offload_supported() else 0


def shared_llama(
    model_path: Path, n_ctx: int, n_gpu_layers: int, n_threads: int | None
) -> ModelWorker:
    """The process-wide model for these settings, loaded once on its own worker thread."""
    key = (str(model_path.resolve()), n_ctx, n_gpu_layers)
    with _instances_lock:
        if key not in _instances:
            if not model_path.is_file():
                raise BackendUnavailable(
                    f"GGUF model file not found: {model_path}",
                    hint="Set INTERVIEWER_MODEL_PATH to a .gguf file.",
                )
            llama_cpp = _import_llama()

            def load() -> Any:
                return llama_cpp.Llama(
                    model_path=str(model_path),
                    n_ctx=n_ctx,
                    n_gpu_layers=n_gpu_layers,
                    n_threads=n_threads or max(1, (os.cpu_count() or 2)),
                    seed=0,
                    verbose=False,
                )

            try:
                _instances[key] = ModelWorker(load, name=f"llama:{model_path.name}")
            except (ValueError, RuntimeError) as exc:
                raise BackendUnavailable(f"llama.cpp could not load {model_path}: {exc}") from None
        return _instances[key]


class LlamaCppBackend(BaseBackend):
    name = "llama_cpp"
    scripted = False

    def __init__(
        self,
        model_path: Path,
        *,
        n_ctx: int = 4096,
        n_threads: int | None = None,
        n_gpu_layers: int | None = None,
        label: str | None = None,
        strength: Strength | None = None,
    ) -> None:
        self.model_path = model_path
        self.n_gpu_layers = default_gpu_layers() if n_gpu_layers is None else n_gpu_layers
        self._worker = shared_llama(model_path, n_ctx, self.n_gpu_layers, n_threads)
        self.model = label or model_path.name
        if strength is not None:
            self.strength = strength
        self.n_ctx = int(self.llama.n_ctx())
        self.last_stats: GenerationStats | None = None
        self._token_counts: dict[str, int] = {}

    @property
    def llama(self) -> Any:
        return self._worker.model

    def count_tokens(self, text: str) -> int:
        """Token count of one message; cached, since every turn re-sends the whole session."""
        cached = self._token_counts.get(text)
        if cached is None:
            cached = len(self.llama.tokenize(text.encode("utf-8"), add_bos=False, special=False))
            if len(self._token_counts) > 4096:
                self._token_counts.clear()
            self._token_counts[text] = cached
        return cached

    def layers(self) -> tuple[int, int]:
        """(layers offloaded to the GPU, layers in the model)."""
        llama_cpp = _import_llama()
        total = int(llama_cpp.llama_model_n_layer(self.llama.model)) + 1  # + output layer
        on_gpu = (
            0
            if not gpu_offload_supported()
            else min(total, total if self.n_gpu_layers < 0 else self.n_gpu_layers)
        )
        return on_gpu, total

    def chat_template_source(self) -> str:
        return (
            "gguf metadata"
            if "tokenizer.chat_template" in self.llama.metadata
            else "llama-cpp default"
        )

    def stream(
        self,
        messages: list[Message],
        *,
        schema: JsonSchema | None = None,
        max_tokens: int = 256,
        temperature: float = 0.2,
        seed: int | None = None,
    ) -> Iterator[str]:
        fitted = fit_messages(messages, self.count_tokens, self.n_ctx, reserve=max_tokens)
        kwargs: dict[str, Any] = {
            "messages": [m.model_dump() for m in fitted],
            "max_tokens": max_tokens,
            "temperature": temperature,
            "stream": True,
        }
        if seed is not None:
            kwargs["seed"] = seed
        if schema is not None:
            kwargs["response_format"] = {"type": "json_object", "schema": schema}
        # A seeded (repeatable) call starts from a clean cache: with a reused prefix llama.cpp
        # evaluates the prompt in other batches, and float differences can flip a greedy pick.
        fresh = seed is not None
        yield from self._worker.stream(lambda llama: self._generate(llama, kwargs, fresh))

    def _generate(self, llama: Any, kwargs: dict[str, Any], fresh: bool = False) -> Iterator[str]:
        """Runs on the model's worker thread; records llama.cpp's counters when it ends."""
        if fresh:
            llama.reset()
        _import_llama().llama_perf_context_reset(llama.ctx)
        started = time.perf_counter()
        first: float | None = None
        completion = 0
        try:
            for chunk in llama.create_chat_completion(**kwargs):
                delta = chunk["choices"][0]["delta"].get("content")
                if delta:
                    if first is None:
                        first = time.perf_counter() - started
                    completion += 1
                    yield delta
        except (ValueError, RuntimeError) as exc:
            raise BackendError(f"llama.cpp generation failed: {exc}") from None
        finally:  # also when the caller stops reading early
            self._record_stats(started, first, completion)

    def _record_stats(self, started: float, first: float | None, completion: int) -> None:
        perf = _import_llama().llama_perf_context(self.llama.ctx)
        total = time.perf_counter() - started
        self.last_stats = GenerationStats(
            prompt_tokens=int(self.llama.n_tokens) - int(perf.n_eval),
            prompt_tokens_evaluated=int(perf.n_p_eval),
            completion_tokens=completion,
            seconds_to_first_token=first if first is not None else total,
            seconds_total=total,
        )
