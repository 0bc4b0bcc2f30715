"""All settings in one object: defaults, then a TOML config file, then INTERVIEWER_* variables."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from platformdirs import user_config_dir, user_data_dir
from pydantic import Field, ValidationError
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from interviewer.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
APP_NAME = "interviewer"

BackendName = Literal["auto", "embedded", "llama_cpp", "openai", "offline"]


def default_config_file() -> Path:
    """Where the TOML config file lives; INTERVIEWER_CONFIG overrides it."""
    override = os.environ.get("INTERVIEWER_CONFIG")
    return Path(override) if override else Path(user_config_dir(APP_NAME)) / "config.toml"


def default_data_dir() -> Path:
    return Path(user_data_dir(APP_NAME))


class Settings(BaseSettings):
    """Every knob of interviewer. Documented field by field in the README."""

    model_config = SettingsConfigDict(env_prefix="INTERVIEWER_", extra="forbid")

    data_dir: Path = Field(default_factory=default_data_dir)
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default is sqlite in data_dir"
    )
    bank_dir: Path = PROJECT_ROOT / "question_bank"
    prompts_dir: Path = PROJECT_ROOT / "prompts"
    loops_dir: Path = PROJECT_ROOT / "loops"

    cors_origins: list[str] = Field(default_factory=list, description="origins allowed by CORS")
    api_threads: int = Field(
        default=256, ge=4, le=4096, description="requests in flight per worker"
    )

    backend: BackendName = "auto"
    max_followups: int = Field(default=2, ge=0, le=5)
    max_answer_chars: int = Field(default=20_000, ge=100)
    judge: Literal["auto", "on", "off"] = Field(
        default="auto",
        description="auto: an LLM judge with a local or hosted model, not the tiny embedded one;"
        " on: with any model; off: the rubric scorer alone",
    )
    judge_weight: float | None = Field(
        default=None, ge=0, le=1, description="None: by the backend's strength (scoring.combine)"
    )

    # OpenAI-compatible servers (OpenAI, vLLM, Ollama, llama.cpp server).
    openai_base_url: str | None = None
    openai_api_key: str | None = None
    openai_model: str = "gpt-4o-mini"
    openai_timeout_s: float = Field(default=60.0, gt=0)
    openai_max_retries: int = Field(default=3, ge=0)

    # Local GGUF through llama-cpp-python.
    model_path: Path | None = None
    n_ctx: int = Field(default=4096, ge=512)
    n_threads: int | None = None
    n_gpu_layers: int | None = Field(
        default=None, description="None: all layers when a GPU build is present, else 0"
    )

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'interviewer.db'}"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = TomlConfigSettingsSource(settings_cls, toml_file=default_config_file())
        return (init_settings, env_settings, toml)


def load_settings(**overrides: Any) -> Settings:
    """Build settings, turning validation failures into a ConfigError a user can act on."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise ConfigError(
            f"Invalid settings: {problems}",
            hint=f"Check INTERVIEWER_* variables and {default_config_file()}",
        ) from None
    except Exception as exc:  # a corrupt TOML file raises a plain decode error
        raise ConfigError(
            f"Could not read the config file {default_config_file()}: {exc}"
        ) from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()
