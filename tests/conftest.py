"""Shared fixtures: the real bank, and settings pointed at a temporary data dir."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from interviewer.bank import Bank
from interviewer.config import PROJECT_ROOT, Settings

BANK_DIR = PROJECT_ROOT / "question_bank"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def bank() -> Bank:
    return Bank.from_dir(BANK_DIR)


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """No test reads the developer's config or writes into their data dir."""
    monkeypatch.setenv("INTERVIEWER_CONFIG", str(tmp_path / "no-config.toml"))
    monkeypatch.setenv("INTERVIEWER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("INTERVIEWER_DATABASE_URL", raising=False)
    monkeypatch.delenv("INTERVIEWER_BACKEND", raising=False)
    yield tmp_path


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", backend="offline")
