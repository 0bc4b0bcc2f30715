"""ModelWorker: one thread owns the model; jobs stream back, errors and early stops are safe."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from interviewer.llm.model_worker import ModelWorker


def test_jobs_run_on_the_thread_that_loaded_the_model() -> None:
    worker = ModelWorker(lambda: threading.get_ident())

    def where(model: int) -> Iterator[bool]:
        yield threading.get_ident() == model

    assert list(worker.stream(where)) == [True]


def test_errors_in_a_job_reach_the_caller_and_the_worker_lives_on() -> None:
    worker = ModelWorker(lambda: "model")

    def broken(model: str) -> Iterator[str]:
        yield "partial"
        raise ValueError("boom")

    stream = worker.stream(broken)
    assert next(stream) == "partial"
    with pytest.raises(ValueError, match="boom"):
        next(stream)
    assert list(worker.stream(lambda m: iter([m]))) == ["model"]


def test_stopping_early_waits_until_the_job_has_cleaned_up() -> None:
    worker = ModelWorker(lambda: None)
    cleaned: list[bool] = []

    def endless(model: None) -> Iterator[int]:
        try:
            n = 0
            while True:
                n += 1
                yield n
        finally:
            cleaned.append(True)

    for n in worker.stream(endless):
        if n == 3:
            break
    assert cleaned == [True]


def test_a_failed_load_raises_in_the_constructor() -> None:
    def load() -> None:
        raise RuntimeError("no such model")

    with pytest.raises(RuntimeError, match="no such model"):
        ModelWorker(load)
