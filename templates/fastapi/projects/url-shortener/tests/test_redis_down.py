"""With Redis unreachable the service keeps working from Postgres."""

import time
from collections.abc import AsyncIterator

import httpx
import pytest

from tests.support.assertions import assert_error
from tests.support.fixture_types import StartApp
from tests.support.links import access_count, create_link, unique_url

CLOSED_PORT_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
async def no_redis_client(start_app: StartApp) -> AsyncIterator[httpx.AsyncClient]:
    async with start_app(redis_url=CLOSED_PORT_REDIS) as client:
        yield client


async def test_every_call_works_without_redis(no_redis_client: httpx.AsyncClient) -> None:
    client = no_redis_client
    started = time.monotonic()

    link = await create_link(client)
    code = link["shortCode"]
    assert (await client.get(f"/shorten/{code}")).json() == link
    for _ in range(3):
        response = await client.get(f"/{code}")
        assert response.status_code == 302
        assert response.headers["location"] == link["url"]
    assert await access_count(client, code) == 3

    new_url = unique_url("moved")
    assert (await client.put(f"/shorten/{code}", json={"url": new_url})).status_code == 200
    assert (await client.get(f"/{code}")).headers["location"] == new_url
    assert (await client.delete(f"/shorten/{code}")).status_code == 204
    assert_error(await client.get(f"/{code}"), 404, "not_found")

    assert time.monotonic() - started < 5  # fails fast: no waiting on Redis timeouts or retries


async def test_counts_made_without_redis_add_up_with_counts_made_with_it(
    no_redis_client: httpx.AsyncClient, client: httpx.AsyncClient
) -> None:
    code = (await create_link(client))["shortCode"]
    await client.get(f"/{code}")  # counted in Redis
    await no_redis_client.get(f"/{code}")  # counted in Postgres
    assert await access_count(client, code) == 2
