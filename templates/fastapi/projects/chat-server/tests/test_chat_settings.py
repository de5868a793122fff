"""The chat's own settings, PRESENCE_TTL_SECONDS and MESSAGES_PER_10_SECONDS, checked at start."""

from pathlib import Path

import pytest

from app.settings import Settings, load_settings

REQUIRED = {
    "DATABASE_URL": "postgres://u:p@localhost:5432/db",
    "REDIS_URL": "redis://localhost:6379",
}


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    monkeypatch.chdir(tmp_path)  # no .env file
    for field in Settings.model_fields:
        monkeypatch.delenv(field.upper(), raising=False)
    for name, value in REQUIRED.items():
        monkeypatch.setenv(name, value)
    return monkeypatch


def test_defaults(env: pytest.MonkeyPatch) -> None:
    settings = load_settings()
    assert settings.presence_ttl_seconds == 30
    assert settings.messages_per_10_seconds == 60


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("PRESENCE_TTL_SECONDS", "5"),
        ("PRESENCE_TTL_SECONDS", "3600"),
        ("MESSAGES_PER_10_SECONDS", "1"),
        ("MESSAGES_PER_10_SECONDS", "10000"),
    ],
)
def test_bounds_are_accepted(env: pytest.MonkeyPatch, name: str, value: str) -> None:
    env.setenv(name, value)
    assert getattr(load_settings(), name.lower()) == int(value)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("PRESENCE_TTL_SECONDS", "4"),
        ("PRESENCE_TTL_SECONDS", "3601"),
        ("PRESENCE_TTL_SECONDS", "soon"),
        ("MESSAGES_PER_10_SECONDS", "0"),
        ("MESSAGES_PER_10_SECONDS", "10001"),
        ("MESSAGES_PER_10_SECONDS", "1.5"),
    ],
)
def test_out_of_bounds_exits_1_naming_the_variable(
    env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], name: str, value: str
) -> None:
    env.setenv(name, value)
    with pytest.raises(SystemExit) as exit_info:
        load_settings()
    assert exit_info.value.code == 1
    assert capsys.readouterr().err.startswith(f"Invalid configuration: {name} ")
