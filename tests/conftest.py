"""Shared fixtures: the real bank, and settings pointed at a temporary data dir."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from interviewer.bank import Bank, Question
from interviewer.config import PROJECT_ROOT
from interviewer.config import Settings as AppSettings

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
def app_settings(tmp_path: Path) -> AppSettings:
    return AppSettings(data_dir=tmp_path / "data", backend="offline")


# Property-based tests: a quick profile for every run, a long one on demand
# (`pytest --hypothesis-profile=long`, about 12,000 generated cases across the suite).
settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True)
settings.register_profile("long", max_examples=2000, deadline=None)
settings.load_profile("ci")


@pytest.fixture
def anyio_backend() -> str:
    """Async tests (`@pytest.mark.anyio`) run on asyncio, the loop uvicorn serves with."""
    return "asyncio"


@pytest.fixture(scope="session")
def bias_variance(bank: Bank) -> Question:
    """A breadth question whose rubric the semantic and padding tests reason about."""
    return bank.get("breadth-bias-variance")
