"""SQLite writers of several processes queue on a lock file beside the database."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from interviewer.errors import StoreError
from interviewer.store import Store, write_lock
from interviewer.store.tokens import create_token
from interviewer.store.write_lock import WriteLock

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="flock is POSIX")

PROBE = """
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
try:
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
except BlockingIOError:
    print("held")
else:
    print("free")
"""


def other_process_sees(lock_file: Path) -> str:
    return subprocess.run(
        [sys.executable, "-c", PROBE, str(lock_file)], capture_output=True, text=True, check=True
    ).stdout.strip()


def test_a_writer_holds_the_lock_against_other_processes_until_it_is_done(
    tmp_path: Path,
) -> None:
    database = tmp_path / "interviewer.db"
    lock = WriteLock(database)
    with lock:
        lock_file = tmp_path / "interviewer.db.lock"
        assert lock_file.exists()
        assert other_process_sees(lock_file) == "held"
    assert other_process_sees(lock_file) == "free"
    with lock:  # and it can be taken again
        assert other_process_sees(lock_file) == "held"


def test_a_failed_write_releases_the_lock(tmp_path: Path) -> None:
    lock = WriteLock(tmp_path / "x.db")
    with pytest.raises(RuntimeError), lock:
        raise RuntimeError("the transaction failed")
    assert other_process_sees(tmp_path / "x.db.lock") == "free"


def test_the_store_takes_it_for_every_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(f"sqlite:///{tmp_path / 'interviewer.db'}")
    seen: list[str] = []
    original = WriteLock.__enter__

    def spy(self: WriteLock) -> None:
        seen.append(other_process_sees(tmp_path / "interviewer.db.lock"))
        original(self)
        seen.append(other_process_sees(tmp_path / "interviewer.db.lock"))

    monkeypatch.setattr(WriteLock, "__enter__", spy)
    create_token(store, "ana")
    assert seen == ["free", "held"]


def test_an_in_memory_database_queues_threads_only() -> None:
    lock = WriteLock(None)
    with lock:
        assert lock._threads.locked()
    assert not lock._threads.locked()


HOLDER = """
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
fcntl.flock(fd, fcntl.LOCK_EX)
print("locked", flush=True)
sys.stdin.read()  # hold it until the test closes our stdin
"""


def test_a_writer_stuck_in_another_process_gives_an_error_not_a_hang(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(write_lock, "WAIT_S", 0.2)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path / "x.db.lock")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        lock = WriteLock(tmp_path / "x.db")
        with pytest.raises(StoreError, match="stayed locked by another process"), lock:
            pass
        assert not lock._threads.locked()  # the failed wait let other threads go on
    finally:
        holder.communicate("")
    with WriteLock(tmp_path / "x.db"):  # free again once the holder is gone
        pass
