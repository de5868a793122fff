"""Applies the plain-SQL files in the repo-root migrations/ folder, in name order, once each."""

import logging
from pathlib import Path

import asyncpg

logger = logging.getLogger("app.migrations")

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"

# Any fixed number works; every instance must use the same one so they take turns.
_ADVISORY_LOCK_KEY = 7_102_345_881


def load_migrations(directory: Path = MIGRATIONS_DIR) -> list[tuple[str, str]]:
    """(version, sql) for each *.sql file in name order; the version is the file name's stem."""
    return [(path.stem, path.read_text("utf-8")) for path in sorted(directory.glob("*.sql"))]


async def apply_migrations(pool: asyncpg.Pool, directory: Path = MIGRATIONS_DIR) -> list[str]:
    """Applies each pending migration in its own transaction; returns the versions applied."""
    applied = []
    async with pool.acquire() as conn:
        for version, sql in load_migrations(directory):
            async with conn.transaction():
                # Held until commit, so two instances starting together apply each file once.
                await conn.execute("SELECT pg_advisory_xact_lock($1)", _ADVISORY_LOCK_KEY)
                await conn.execute(
                    """CREATE TABLE IF NOT EXISTS schema_migrations (
                         version    TEXT        PRIMARY KEY,
                         applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
                       )"""
                )
                if await conn.fetchval(
                    "SELECT true FROM schema_migrations WHERE version = $1", version
                ):
                    continue
                await conn.execute(sql)
                await conn.execute("INSERT INTO schema_migrations (version) VALUES ($1)", version)
            applied.append(version)
            logger.info("migration applied", extra={"version": version})
    return applied
