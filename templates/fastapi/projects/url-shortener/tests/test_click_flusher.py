"""The click flusher applies each batch exactly once, also after a crash."""

import uuid

import httpx
from fastapi import FastAPI

from app.links.clicks import FLUSHING_PREFIX, PENDING_KEY
from tests.support.links import access_count, create_link


async def test_a_leftover_batch_is_applied_exactly_once(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    redis, clicks = app.state.redis, app.state.clicks
    first = (await create_link(client))["shortCode"]
    second = (await create_link(client))["shortCode"]
    batch = f"{FLUSHING_PREFIX}{uuid.uuid4()}"

    # A crash after RENAME left this batch behind, before or after its Postgres commit.
    await redis.hset(batch, mapping={first: 5, second: 2})
    await clicks.flush(replay_leftovers=True)
    assert await redis.exists(batch) == 0
    assert await access_count(client, first) == 5
    assert await access_count(client, second) == 2

    # The same batch again, as if the crash came after the commit but before the DEL.
    await redis.hset(batch, mapping={first: 5, second: 2})
    await clicks.flush(replay_leftovers=True)
    assert await redis.exists(batch) == 0
    assert await access_count(client, first) == 5
    assert await access_count(client, second) == 2


async def test_flush_moves_pending_counts_into_postgres(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    code = (await create_link(client))["shortCode"]
    for _ in range(4):
        await client.get(f"/{code}")
    await app.state.clicks.flush()
    assert await app.state.redis.hexists(PENDING_KEY, code) == 0
    row = await app.state.pool.fetchval(
        "SELECT access_count FROM links WHERE short_code = $1", code
    )
    assert row == 4


async def test_a_batch_for_a_deleted_link_is_dropped(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    code = (await create_link(client))["shortCode"]
    assert (await client.delete(f"/shorten/{code}")).status_code == 204
    batch = f"{FLUSHING_PREFIX}{uuid.uuid4()}"
    await app.state.redis.hset(batch, code, 3)
    await app.state.clicks.flush(replay_leftovers=True)  # updates no row, raises nothing
    assert await app.state.redis.exists(batch) == 0
