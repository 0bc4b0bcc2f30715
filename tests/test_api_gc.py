"""A server worker keeps its start-up objects out of the garbage collector's passes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PROBE = """
import asyncio, gc, json, sys
from interviewer.api.app import create_app
from interviewer.config import Settings

app = create_app(Settings(data_dir=sys.argv[1], backend="offline"), server_process=sys.argv[2] == "1")

async def main():
    async with app.router.lifespan_context(app):
        print(json.dumps({"frozen": gc.get_freeze_count(), "threshold": gc.get_threshold()[0]}))

asyncio.run(main())
"""


def gc_after_start(tmp_path: Path, server_process: bool) -> dict[str, int]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path), "1" if server_process else "0"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def test_a_server_worker_freezes_what_it_loaded_and_collects_less_often(tmp_path: Path) -> None:
    tuned = gc_after_start(tmp_path, server_process=True)
    assert tuned["frozen"] > 10_000  # the bank, pydantic models, libraries
    assert tuned["threshold"] == 50_000


def test_an_app_inside_another_process_leaves_its_collector_alone(tmp_path: Path) -> None:
    untouched = gc_after_start(tmp_path, server_process=False)
    assert untouched == {"frozen": 0, "threshold": 700}
