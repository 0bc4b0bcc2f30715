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
import time
from pathlib import Path

from interviewer.errors import StoreError

try:
    import fcntl
except ImportError:  # Windows: threads still queue; processes fall back to busy_timeout
    fcntl = None  # type: ignore[assignment]

#: As long as SQLite's busy_timeout: a writer gives up, with an error, rather than hang.
WAIT_S = 10.0
#: After a first try finds the lock taken, a blocking wait in slices this long; the holder
#: writes for about a millisecond, so the wait ends within a slice of its release.
POLL_S = 0.0005


class WriteLock:
    def __init__(self, database: Path | None) -> None:
        """`database`: the SQLite file, or None for an in-memory database (threads only)."""
        self._threads = threading.Lock()
        self._path = None if database is None else database.with_name(database.name + ".lock")
        self._fd: int | None = None
        self._pid = 0

    def _file(self) -> int | None:
        if self._path is None or fcntl is None:
            return None
        if self._fd is None or self._pid != os.getpid():
            # Opened in the process that writes: a descriptor inherited across a fork would
            # be one lock shared by parent and child.
            try:
                self._fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
            except OSError as exc:
                raise StoreError(
                    f"Cannot open the write lock {self._path}: {exc.strerror}",
                    hint="The data folder must be writable (INTERVIEWER_DATA_DIR).",
                ) from None
            self._pid = os.getpid()
        return self._fd

    def _lock_file(self, fd: int) -> None:
        deadline = time.monotonic() + WAIT_S
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise StoreError(
                        f"The database stayed locked by another process for {WAIT_S:.0f} s.",
                        hint="Another interviewer process may be stuck; restart it.",
                    ) from None
                time.sleep(POLL_S)

    def __enter__(self) -> None:
        self._threads.acquire()
        try:
            fd = self._file()
            if fd is not None:
                self._lock_file(fd)
        except BaseException:
            self._threads.release()
            raise

    def __exit__(self, *_: object) -> None:
        try:
            if self._fd is not None:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            self._threads.release()
