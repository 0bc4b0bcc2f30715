"""Run the real `interviewer` CLI in a subprocess, the way a user or a script would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def cli_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("INTERVIEWER_")}
    env.update(
        INTERVIEWER_DATA_DIR=str(data_dir),
        INTERVIEWER_CONFIG=str(data_dir / "none.toml"),
        INTERVIEWER_BACKEND="offline",
        COLUMNS="200",
        PYTHONIOENCODING="utf-8",
    )
    env.update(extra)
    return env


def run_cli(
    args: list[str], data_dir: Path, stdin: bytes = b"", timeout: float = 60, **env: str
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "interviewer", *args],
        input=stdin,
        capture_output=True,
        env=cli_env(data_dir, **env),
        timeout=timeout,
        check=False,
    )
    return subprocess.CompletedProcess(
        result.args,
        result.returncode,
        result.stdout.decode("utf-8", "replace"),
        result.stderr.decode("utf-8", "replace"),
    )


def answers_bytes(*answers: str) -> bytes:
    return "".join(f"{a}\n\n" for a in answers).encode()
