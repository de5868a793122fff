"""Configuration every service shares, read from the environment (and `.env`) and validated."""

import sys
from typing import Literal, TypeVar

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

LogLevel = Literal["trace", "debug", "info", "warn", "error"]


class CommonSettings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    port: int = Field(default=3000, ge=1, le=65535)
    host: str = "0.0.0.0"
    database_url: str
    redis_url: str
    log_level: LogLevel = "info"

    @field_validator("database_url")
    @classmethod
    def _postgres_url(cls, value: str) -> str:
        if not value.startswith(("postgres://", "postgresql://")):
            raise ValueError("must be a postgres:// or postgresql:// URL")
        return value

    @field_validator("redis_url")
    @classmethod
    def _redis_url(cls, value: str) -> str:
        if not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("must be a redis:// or rediss:// URL")
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _lowercase_level(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value


SettingsT = TypeVar("SettingsT", bound=CommonSettings)


def load_settings(settings_class: type[SettingsT]) -> SettingsT:
    """Build settings from the environment, or print one line naming the bad variable and exit 1."""
    try:
        return settings_class()
    except ValidationError as exc:
        print(f"Invalid configuration: {describe_config_error(exc)}", file=sys.stderr)
        raise SystemExit(1) from None


def describe_config_error(exc: ValidationError) -> str:
    problems = []
    for error in exc.errors():
        variable = "_".join(str(part) for part in error["loc"]).upper()
        message = "is required" if error["type"] == "missing" else error["msg"]
        message = message.removeprefix("Value error, ")
        problems.append(f"{variable} {message}")
    return "; ".join(problems)
