"""One thread owns one model: every call into it runs there, one job at a time.

llama.cpp contexts are not thread-safe, and GPU backends prefer a model to be used from the
thread that created it. Sessions on any thread submit jobs; results stream back through a
queue. A consumer that stops reading early cancels its job, and waits until the job has
wound down, so whatever the job records on exit is visible when `stream()` returns.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from typing import Any, Generic, Literal, TypeVar

T = TypeVar("T")
Message = tuple[Literal["item", "error", "done"], Any]


class _Job(Generic[T]):
    def __init__(self, work: Callable[[Any], Iterator[T]]) -> None:
        self.work = work
        self.out: queue.SimpleQueue[Message] = queue.SimpleQueue()
        self.cancel = threading.Event()

    def run(self, model: Any) -> None:
        try:
            items = self.work(model)
            try:
                for item in items:
                    self.out.put(("item", item))
                    if self.cancel.is_set():
                        break
            finally:
                close = getattr(items, "close", None)
                if close is not None:
                    close()
        except BaseException as exc:  # handed to the consumer's thread, re-raised there
            self.out.put(("error", exc))
            return
        self.out.put(("done", None))


class ModelWorker:
    def __init__(self, load: Callable[[], Any], name: str = "model-worker") -> None:
        self._jobs: queue.SimpleQueue[_Job[Any]] = queue.SimpleQueue()
        ready: queue.SimpleQueue[Message] = queue.SimpleQueue()
        thread = threading.Thread(target=self._run, args=(load, ready), name=name, daemon=True)
        thread.start()
        kind, value = ready.get()
        if kind == "error":
            raise value
        #: The model, for read-only use from other threads (tokenizer, metadata).
        self.model: Any = value

    def _run(self, load: Callable[[], Any], ready: queue.SimpleQueue[Message]) -> None:
        try:
            model = load()
        except BaseException as exc:
            ready.put(("error", exc))
            return
        ready.put(("item", model))
        while True:
            self._jobs.get().run(model)

    def stream(self, work: Callable[[Any], Iterator[T]]) -> Iterator[T]:
        """Run `work(model)` on the model's thread, yielding its items here as they come."""
        job: _Job[T] = _Job(work)
        self._jobs.put(job)
        finished = False
        try:
            while True:
                kind, value = job.out.get()
                if kind == "item":
                    yield value
                    continue
                finished = True
                if kind == "error":
                    raise value
                return
        finally:
            if not finished:
                job.cancel.set()
                while job.out.get()[0] == "item":
                    pass
