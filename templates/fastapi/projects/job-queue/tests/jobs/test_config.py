"""The job queue's own settings: defaults and bounds from the catalog."""

import pytest
from pydantic import ValidationError

from app.settings import Settings

REQUIRED = {"database_url": "postgres://u:p@localhost:5432/db", "redis_url": "redis://localhost"}


def test_defaults() -> None:
    settings = Settings(_env_file=None, **REQUIRED)
    assert settings.worker_concurrency == 4
    assert settings.job_lease_ms == 30_000
    assert settings.retry_base_ms == 1_000


@pytest.mark.parametrize(
    ("field", "lowest", "highest"),
    [
        ("worker_concurrency", 1, 256),
        ("job_lease_ms", 1_000, 86_400_000),
        ("retry_base_ms", 1, 3_600_000),
    ],
)
def test_bounds(field: str, lowest: int, highest: int) -> None:
    for good in (lowest, highest):
        assert getattr(Settings(_env_file=None, **REQUIRED, **{field: good}), field) == good
    for bad in (lowest - 1, highest + 1):
        with pytest.raises(ValidationError):
            Settings(_env_file=None, **REQUIRED, **{field: bad})
