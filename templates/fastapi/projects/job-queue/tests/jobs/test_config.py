"""The job queue's own settings: defaults and bounds from the catalog."""

from typing import Any

import pytest
from pydantic import ValidationError

from app.settings import Settings


def settings(**values: Any) -> Settings:
    """Settings from these values and the two required URLs only (no .env file)."""
    return Settings(
        _env_file=None,
        database_url="postgres://u:p@localhost:5432/db",
        redis_url="redis://localhost",
        **values,
    )


def test_defaults() -> None:
    defaults = settings()
    assert defaults.worker_concurrency == 4
    assert defaults.job_lease_ms == 30_000
    assert defaults.retry_base_ms == 1_000


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
        assert getattr(settings(**{field: good}), field) == good
    for bad in (lowest - 1, highest + 1):
        with pytest.raises(ValidationError):
            settings(**{field: bad})
