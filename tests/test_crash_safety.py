"""SIGKILL a scripted terminal session at random points: nothing shown is ever lost.

After each kill: the SQLite file passes its integrity check, every interviewer turn that
reached the screen is stored, the stored answers are exactly a prefix of what was typed,
and `interviewer resume` continues the session.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO

import pytest

from tests.cli_helpers import cli_env, run_cli

KILLS = int(os.environ.get("INTERVIEWER_CRASH_KILLS", "20"))
ANSWERS = [
    f"Answer {i}: I would weigh the trade-offs, look at the validation curves and iterate carefully."
    for i in range(80)
]


def feed(proc: subprocess.Popen[bytes], pace: float) -> None:
    assert proc.stdin is not None
    try:
        for answer in ANSWERS:
            proc.stdin.write(f"{answer}\n\n".encode())
            proc.stdin.flush()
            time.sleep(pace)
    except (BrokenPipeError, OSError, ValueError):  # the process was killed
        pass


def shown_interviewer_texts(stdout: str) -> list[str]:
    """First lines of the interviewer panels that made it to the screen."""
    texts = []
    lines = stdout.splitlines()
    for i, line in enumerate(lines):
        if "Interviewer" in line and line.lstrip().startswith("╭") and i + 1 < len(lines):
            body = lines[i + 1].strip().strip("│").strip()
            if body:
                texts.append(body)
    return texts


@pytest.mark.slow
def test_sigkill_at_random_points_loses_nothing_that_was_shown(tmp_path: Path) -> None:
    rng = random.Random(1234)
    checked_texts = checked_answers = resumed_sessions = 0
    for kill in range(KILLS):
        data = tmp_path / f"run{kill}"
        env = cli_env(data)
        proc = subprocess.Popen(
            [sys.executable, "-m", "interviewer", "chat", "-n", "20", "--seed", str(kill)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        seen: list[bytes] = []
        first_prompt = threading.Event()

        def watch(
            stream: IO[bytes], seen: list[bytes] = seen, first: threading.Event = first_prompt
        ) -> None:
            for line in iter(stream.readline, b""):
                seen.append(line)
                if b"Interviewer" in line:
                    first.set()

        assert proc.stdout is not None
        watcher = threading.Thread(target=watch, args=(proc.stdout,), daemon=True)
        watcher.start()
        feeder = threading.Thread(target=feed, args=(proc, rng.uniform(0.03, 0.2)), daemon=True)
        feeder.start()
        # Kill at a random moment of the session itself, not during interpreter start-up.
        first_prompt.wait(timeout=60)
        # Scoring by meaning makes a turn heavier (the encoder loads on the first answer):
        # the window spans a few answers, as it did when a turn took milliseconds.
        time.sleep(rng.uniform(0.0, 2.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        watcher.join(timeout=10)
        feeder.join(timeout=5)
        stdout = b"".join(seen)
        db = data / "interviewer.db"
        if not db.exists():
            continue  # killed before the database was created: nothing was shown yet either
        with sqlite3.connect(db) as raw:
            assert raw.execute("pragma integrity_check").fetchone() == ("ok",)
            rows = raw.execute("select speaker, text from turns order by idx").fetchall()
            sessions = raw.execute("select id, status from sessions").fetchall()
        stored_interviewer = " ".join(" ".join(t.split()) for s, t in rows if s == "interviewer")
        for text in shown_interviewer_texts(stdout.decode("utf-8", "replace")):
            assert " ".join(text.split()) in stored_interviewer, f"kill {kill}: {text!r} not stored"
            checked_texts += 1
        answers = [t for s, t in rows if s == "candidate"]
        assert answers == ANSWERS[: len(answers)], f"kill {kill}"
        checked_answers += len(answers)
        if sessions and sessions[0][1] != "finished":
            resumed = run_cli(["resume", sessions[0][0]], data, stdin=b"/skip\n" * 24)
            assert resumed.returncode == 0, resumed.stderr
            assert "Report" in resumed.stdout
            resumed_sessions += 1
    # The kills landed at varied points: mid-session, with text on screen and answers stored.
    assert checked_texts > KILLS and checked_answers > KILLS and resumed_sessions > KILLS // 2
