"""Fixtures of the job queue's tests. Every test here gets a schema of its own (see
private_schema): the app, the workers and the queue below all use it."""

from collections.abc import AsyncIterator

import asyncpg
import pytest
from fastapi import FastAPI

from app.jobs.queue import JobQueue
from tests.support.infra import Infra
from tests.support.jobs import private_schema

SHORT_LEASE_MS = 1000


@pytest.fixture
async def infra(infra: Infra) -> AsyncIterator[Infra]:
    """The session's Postgres and Redis, with this test's own schema in the database URL."""
    async with private_schema(infra.database_url) as database_url:
        yield Infra(database_url=database_url, redis_url=infra.redis_url)


@pytest.fixture
async def pool(infra: Infra, app: FastAPI) -> AsyncIterator[asyncpg.Pool]:
    """A pool on the test's schema, after the app has applied the migrations."""
    pool = await asyncpg.create_pool(infra.database_url, min_size=1, max_size=8)
    try:
        yield pool
    finally:
        await pool.close()


@pytest.fixture
def short_lease_queue(pool: asyncpg.Pool) -> JobQueue:
    """The worker's side of the queue with the shortest lease allowed (1 s), so tests can watch
    leases expire."""
    return JobQueue(pool, lease_ms=SHORT_LEASE_MS)


@pytest.fixture
def queue(pool: asyncpg.Pool) -> JobQueue:
    """The worker's side of the queue with a lease no test outlives."""
    return JobQueue(pool, lease_ms=600_000)
