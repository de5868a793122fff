import subprocess
import sys
from pathlib import Path

import pytest

import app
from app.settings import ENV_SPEC, Settings, load_settings

REQUIRED = {
    "DATABASE_URL": "postgres://u:p@localhost:5432/db",
    "REDIS_URL": "redis://localhost:6379",
}


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """A clean environment: only what the test sets, and no .env file in the working dir."""
    monkeypatch.chdir(tmp_path)
    for field in Settings.model_fields:
        monkeypatch.delenv(field.upper(), raising=False)
    return monkeypatch


def test_defaults(env: pytest.MonkeyPatch) -> None:
    for name, value in REQUIRED.items():
        env.setenv(name, value)
    settings = load_settings()
    assert settings.port == 3000
    assert settings.host == "0.0.0.0"
    assert settings.log_level == "info"


def test_reads_a_dotenv_file(env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(
        "DATABASE_URL=postgres://a:b@db:5432/x\nREDIS_URL=redis://cache:6379\nPORT=8080\n"
    )
    settings = load_settings()
    assert settings.port == 8080
    assert settings.redis_url == "redis://cache:6379"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DATABASE_URL", None),
        ("DATABASE_URL", "mysql://localhost/db"),
        ("REDIS_URL", "localhost:6379"),
        ("PORT", "not-a-number"),
        ("PORT", "70000"),
        ("LOG_LEVEL", "loud"),
    ],
)
def test_bad_config_exits_1_naming_the_variable(
    env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], name: str, value: str | None
) -> None:
    for required, good in REQUIRED.items():
        env.setenv(required, good)
    if value is None:
        env.delenv(name)
    else:
        env.setenv(name, value)

    with pytest.raises(SystemExit) as exit_info:
        load_settings()

    assert exit_info.value.code == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Invalid configuration: ")
    assert name in lines[0]


def test_python_m_app_without_config_prints_one_line_and_exits_1(tmp_path: Path) -> None:
    repo_root = Path(app.__file__).resolve().parent.parent
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(repo_root)}
    result = subprocess.run(
        [sys.executable, "-m", "app"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Invalid configuration: DATABASE_URL is required; REDIS_URL is required"
    ]


def test_knows_every_variable_of_env_example_in_order() -> None:
    example = Path(app.__file__).resolve().parent.parent / ".env.example"
    names = [
        line.split("=", 1)[0]
        for line in example.read_text().splitlines()
        if line and not line.startswith("#")
    ]
    assert list(ENV_SPEC) == names
    assert [name.upper() for name in Settings.model_fields] == names
