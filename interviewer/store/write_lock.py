"""One SQLite writer at a time, queued in the kernel rather than in SQLite's busy handler.

SQLite lets one connection write at a time. A writer that finds the file locked sleeps in
SQLite's busy handler (1, 2, 5 ... 100 ms steps) and tries again, so with several server
workers on one file a turn could wait 100 ms for a lock held 0.5 ms. Here the threads of a
process queue on a mutex and the processes on an advisory lock of a file beside the
database (`flock`), which wakes the next writer as soon as the lock is free.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: threads still queue; processes fall back to busy_timeout
    fcntl = None  # type: ignore[assignment]


class WriteLock:
    def __init__(self, database: Path | None) -> None:
        """`database`: the SQLite file, or None for an in-memory database (threads only)."""
        self._threads = threading.Lock()
        self._path = None if database is None else database.with_name(database.name + ".lock")
        self._fd: int | None = None

    def _file(self) -> int | None:
        if self._path is None or fcntl is None:
            return None
        if self._fd is None:  # opened lazily, in the process that writes (after any fork)
            self._fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
        return self._fd

    def __enter__(self) -> None:
        self._threads.acquire()
        try:
            fd = self._file()
            if fd is not None:
                fcntl.flock(fd, fcntl.LOCK_EX)  # blocks this thread only: the GIL is released
        except BaseException:
            self._threads.release()
            raise

    def __exit__(self, *_: object) -> None:
        try:
            if self._fd is not None:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            self._threads.release()
