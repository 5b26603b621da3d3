"""Poise's settings: one typed table, read from ``POISE_*`` environment variables.

Secrets may instead be read from a file named by ``POISE_<NAME>_FILE`` (Docker and systemd
secrets). Settings are validated when Poise starts; a bad value stops it with a message that
names the variable and says how to fix it. ``poise config`` prints the table.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, PydanticBaseSettingsSource, SettingsConfigDict

from poise.text.languages import check_languages, supported

PREFIX = "POISE_"
SECRETS = ("secret_key", "database_url")
_MIN_SECRET = 32
DATABASE_SCHEMES = ("postgresql:", "postgresql+psycopg:", "postgres:", "sqlite:")


class SettingsError(ValueError):
    """Settings that cannot be used; the message says which and how to fix them."""


class Settings(BaseSettings):
    """Every setting, its type, default and meaning."""

    model_config = SettingsConfigDict(env_prefix=PREFIX, extra="ignore", frozen=True)

    languages: Annotated[tuple[str, ...], NoDecode] = Field(
        default=("en", "fr", "ar", "ja"),
        description="Languages posts are read in (comma-separated codes), for language detection.",
    )
    ui_language: str = Field(
        default="en", description="Language of messages and pages: en, fr, ar or ja."
    )
    countries: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(),
        description="Default audience countries (comma-separated ISO codes) for the calendar check.",
    )
    secret_key: SecretStr | None = Field(
        default=None,
        description="Key for signing sessions and encrypting credentials (32+ characters); "
        "or POISE_SECRET_KEY_FILE.",
    )

    data_dir: Path = Field(
        default=Path("var"),
        description="Folder for Poise's own files, such as the embedded SQLite database.",
    )
    database_url: SecretStr | None = Field(
        default=None,
        description="Database to use: postgresql://user:password@host/name or sqlite:///path; "
        "the embedded SQLite database in the data folder when not set. "
        "Or POISE_DATABASE_URL_FILE.",
    )
    session_days: int = Field(
        default=14,
        ge=1,
        le=365,
        description="Days a web sign-in lasts without being used before it expires.",
    )
    worker_threads: int = Field(
        default=4,
        ge=1,
        le=256,
        description="Posts one worker sends at the same time (each waits on the network).",
    )
    network_timeout: float = Field(
        default=15.0,
        gt=0,
        le=300,
        description="Seconds to wait for a social network to answer one request.",
    )
    lease_seconds: int = Field(
        default=120,
        ge=5,
        le=3600,
        description="How long a worker owns a post it is sending before others may settle it.",
    )
    sandbox_latency_ms: int = Field(
        default=0,
        ge=0,
        le=60_000,
        description="Simulated network delay of the built-in sandbox network, in milliseconds.",
    )

    @field_validator("languages", mode="before")
    @classmethod
    def _split_languages(cls, value: Any) -> tuple[str, ...]:
        codes = _split(value)
        if not codes:
            raise ValueError(
                f"give at least one language, e.g. POISE_LANGUAGES={','.join(supported())}"
            )
        return check_languages([code.lower() for code in codes])

    @field_validator("ui_language")
    @classmethod
    def _check_ui_language(cls, value: str) -> str:
        from poise.review.messages import languages

        if value not in languages():
            raise ValueError(f"no messages in {value!r}: use one of {', '.join(languages())}")
        return value

    @field_validator("countries", mode="before")
    @classmethod
    def _split_countries(cls, value: Any) -> tuple[str, ...]:
        codes = tuple(code.upper() for code in _split(value))
        bad = [code for code in codes if len(code) != 2 or not code.isalpha()]
        if bad:
            raise ValueError(f"{', '.join(bad)}: use two-letter ISO country codes such as US,FR,JP")
        return codes

    @field_validator("secret_key")
    @classmethod
    def _check_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < _MIN_SECRET:
            raise ValueError(
                f"too short: use at least {_MIN_SECRET} random characters, e.g. the output of "
                "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`"
            )
        return value

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith(DATABASE_SCHEMES):
            raise ValueError(
                "use a PostgreSQL or SQLite URL, e.g. "
                "postgresql://poise:password@localhost:5432/poise or sqlite:////srv/poise/poise.db"
            )
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, SecretFiles(settings_cls))


def _split(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(",") if part.strip())
    return tuple(str(part).strip() for part in value or ())


class SecretFiles(PydanticBaseSettingsSource):
    """Secrets from the files named by ``POISE_<NAME>_FILE``; the variable itself wins."""

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for name in SECRETS:
            variable = f"{PREFIX}{name.upper()}_FILE"
            path = os.environ.get(variable)
            if path and f"{PREFIX}{name.upper()}" not in os.environ:
                found[name] = _read_secret(variable, Path(path))
        return found


def _read_secret(variable: str, path: Path) -> str:
    try:
        return path.read_text("utf-8").strip()
    except OSError as error:
        raise SettingsError(
            f"{variable}={path}: cannot read the file ({error.strerror}); "
            "point it at a readable file holding the secret"
        ) from None


def load() -> Settings:
    """Read and validate the settings; raises ``SettingsError`` listing every bad value."""
    try:
        return Settings()
    except ValidationError as error:
        raise SettingsError(_explain(error)) from None


def _explain(error: ValidationError) -> str:
    lines = ["Poise cannot start: some settings are wrong."]
    for problem in error.errors():
        name = PREFIX + "_".join(str(part) for part in problem["loc"][:1]).upper()
        reason = str(problem["msg"]).removeprefix("Value error, ")
        lines.append(f"  {name}: {reason}")
    return "\n".join(lines)


@cache
def current() -> Settings:
    """The settings of this process, read once."""
    return load()


def describe(settings: Settings) -> list[tuple[str, str, str]]:
    """(variable, value, meaning) for every setting, secrets masked."""
    rows = []
    for name, info in Settings.model_fields.items():
        value = getattr(settings, name)
        if isinstance(value, SecretStr):
            shown = "•••••• (set)"
        elif isinstance(value, tuple):
            shown = ",".join(value) or "(none)"
        else:
            shown = "(not set)" if value is None else str(value)
        rows.append((PREFIX + name.upper(), shown, info.description or ""))
    return rows
