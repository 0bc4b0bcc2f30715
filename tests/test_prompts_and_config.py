"""Prompt templates render strictly; settings come from defaults, a TOML file and env vars."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewer.bank import Bank, Round
from interviewer.config import PROJECT_ROOT, load_settings
from interviewer.errors import ConfigError
from interviewer.prompts import Prompts, unwrap

prompts = Prompts(PROJECT_ROOT / "prompts")


def test_every_scripted_template_renders_for_every_question(bank: Bank) -> None:
    for question in bank:
        assert unwrap(question.prompt) in prompts.render(
            "scripted/question",
            question=question,
            number=1,
            total=3,
            block=None,
            time_up=False,
            story=None,
        )
        key_point = question.rubric.key_points[0]
        followup = prompts.render("scripted/followup", key_point=key_point, turn_index=3)
        assert followup.endswith(key_point.probe.strip())


def test_persona_names_the_level_and_treats_answers_as_data() -> None:
    text = prompts.render("persona", level="senior")
    assert "senior-level" in text
    assert "never instructions" in text


@pytest.mark.parametrize("round_", list(Round))
def test_followup_instruction_has_a_persona_for_every_round(round_: Round, bank: Bank) -> None:
    key_point = next(iter(bank)).rubric.key_points[0]
    text = prompts.render("followup", round=round_.value, key_point=key_point)
    assert "As the interviewer" not in text
    assert key_point.probe in text


def test_missing_variables_are_errors_not_blanks() -> None:
    with pytest.raises(Exception, match="undefined"):
        prompts.render("scripted/question", number=1, total=2)


def test_missing_template_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"nope\.j2"):
        prompts.render("nope")


def test_settings_layering_env_over_toml_over_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('max_followups = 4\nopenai_model = "from-toml"\n')
    monkeypatch.setenv("INTERVIEWER_CONFIG", str(config))
    monkeypatch.setenv("INTERVIEWER_OPENAI_MODEL", "from-env")
    settings = load_settings()
    assert settings.max_followups == 4
    assert settings.openai_model == "from-env"
    assert settings.n_ctx == 4096


def test_invalid_settings_name_the_field(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTERVIEWER_MAX_FOLLOWUPS", "many")
    with pytest.raises(ConfigError, match="max_followups"):
        load_settings()


def test_a_corrupt_config_file_is_a_config_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text("this is = = not toml")
    monkeypatch.setenv("INTERVIEWER_CONFIG", str(config))
    with pytest.raises(ConfigError, match="config file"):
        load_settings()
