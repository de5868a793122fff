"""The migration runner, in a schema of its own so the shared database is left alone."""

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest

from app.migrations import apply_migrations, load_migrations
from tests.support.infra import Infra


@pytest.fixture
async def scratch_pool(infra: Infra) -> AsyncIterator[asyncpg.Pool]:
    """A pool whose unqualified table names land in a fresh, temporary schema."""
    schema = f"test_migrations_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(infra.database_url)
    await admin.execute(f"CREATE SCHEMA {schema}")
    pool = await asyncpg.create_pool(
        infra.database_url, min_size=1, max_size=4, server_settings={"search_path": schema}
    )
    try:
        yield pool
    finally:
        await pool.close()
        await admin.execute(f"DROP SCHEMA {schema} CASCADE")
        await admin.close()


async def _recorded(pool: asyncpg.Pool) -> list[str]:
    rows = await pool.fetch("SELECT version FROM schema_migrations ORDER BY version")
    return [row["version"] for row in rows]


async def test_applies_every_file_once_even_when_two_instances_race(
    scratch_pool: asyncpg.Pool,
) -> None:
    expected = [version for version, _ in load_migrations()]
    assert expected, "no migrations found"

    first, second = await asyncio.gather(
        apply_migrations(scratch_pool), apply_migrations(scratch_pool)
    )

    assert sorted(first + second) == expected  # each file applied by exactly one of them
    assert await apply_migrations(scratch_pool) == []  # idempotent
    assert await _recorded(scratch_pool) == expected


async def test_a_failing_migration_is_rolled_back_and_retried_next_time(
    scratch_pool: asyncpg.Pool, tmp_path: Path
) -> None:
    (tmp_path / "001_first.sql").write_text("CREATE TABLE first_table (id int);")
    (tmp_path / "002_second.sql").write_text("CREATE TABLE second_table (id int); SELEC 1;")

    with pytest.raises(asyncpg.PostgresSyntaxError):
        await apply_migrations(scratch_pool, tmp_path)
    assert await _recorded(scratch_pool) == ["001_first"]
    assert await scratch_pool.fetchval("SELECT to_regclass('second_table')") is None

    (tmp_path / "002_second.sql").write_text("CREATE TABLE second_table (id int);")
    assert await apply_migrations(scratch_pool, tmp_path) == ["002_second"]
