"""`interviewer doctor`: what backend and model run, where (CPU or GPU), and how fast."""

from __future__ import annotations

import time

from pydantic import BaseModel

from interviewer.llm.base import Backend, Message
from interviewer.prompts import Prompts


class Diagnosis(BaseModel):
    backend: str
    model: str
    location: str
    gpu_offload: bool
    gpu_layers: int | None = None
    total_layers: int | None = None
    context_tokens: int | None = None
    chat_template: str | None = None
    check_reply: str
    check_tokens: int
    check_seconds: float
    tokens_per_second: float
    notice: str | None = None


def diagnose(backend: Backend, prompts: Prompts, notice: str | None = None) -> Diagnosis:
    from interviewer.llm.llama_cpp import LlamaCppBackend
    from interviewer.llm.openai_backend import OpenAIBackend

    messages = [Message(role="user", content=prompts.render("doctor_check"))]
    started = time.perf_counter()
    chunks = list(backend.stream(messages, max_tokens=32, temperature=0.0))
    seconds = time.perf_counter() - started
    reply = "".join(chunks).strip()
    tokens = len(chunks)
    diagnosis = Diagnosis(
        backend=backend.name,
        model=backend.model,
        location="no model (rubric-scripted)",
        gpu_offload=False,
        check_reply=reply.splitlines()[0][:120] if reply else "",
        check_tokens=tokens,
        check_seconds=round(seconds, 3),
        tokens_per_second=round(tokens / seconds, 1) if seconds > 0 else 0.0,
        notice=notice,
    )
    if isinstance(backend, LlamaCppBackend):
        on_gpu, total = backend.layers()
        stats = backend.last_stats
        diagnosis.location = f"local GGUF {backend.model_path}"
        diagnosis.gpu_offload = on_gpu > 0
        diagnosis.gpu_layers, diagnosis.total_layers = on_gpu, total
        diagnosis.context_tokens = backend.n_ctx
        diagnosis.chat_template = backend.chat_template_source()
        if stats is not None:
            diagnosis.tokens_per_second = round(stats.tokens_per_second, 1)
    elif isinstance(backend, OpenAIBackend):
        diagnosis.location = f"server {backend.base_url}"
        diagnosis.context_tokens = backend.n_ctx
    return diagnosis
