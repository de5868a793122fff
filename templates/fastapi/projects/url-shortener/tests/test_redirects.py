"""GET /{code}: the redirect, the cache in front of it, and exact counting."""

import asyncio
import json

import httpx
from fastapi import FastAPI

from tests.support.fixture_types import StartApp
from tests.support.links import access_count, create_link, unique_url


async def test_redirects_with_302_and_location(client: httpx.AsyncClient) -> None:
    link = await create_link(client)
    response = await client.get(f"/{link['shortCode']}")
    assert response.status_code == 302
    assert response.headers["location"] == link["url"]


async def test_each_redirect_counts_one_access(client: httpx.AsyncClient) -> None:
    code = (await create_link(client))["shortCode"]
    for _ in range(3):
        await client.get(f"/{code}")
    assert await access_count(client, code) == 3
    await client.get(f"/{code}")
    assert await access_count(client, code) == 4


async def test_100_parallel_redirects_count_exactly_100(client: httpx.AsyncClient) -> None:
    code = (await create_link(client))["shortCode"]
    responses = await asyncio.gather(*(client.get(f"/{code}") for _ in range(100)))
    assert [r.status_code for r in responses] == [302] * 100
    assert await access_count(client, code) == 100


async def test_redirect_fills_the_cache(client: httpx.AsyncClient, app: FastAPI) -> None:
    link = await create_link(client)
    await client.get(f"/{link['shortCode']}")
    cached = await app.state.redis.get(f"link:{link['shortCode']}")
    assert json.loads(cached) == {"id": link["id"], "url": link["url"]}
    assert 0 < await app.state.redis.ttl(f"link:{link['shortCode']}") <= 3600


async def test_an_unreadable_cache_entry_counts_the_click_once(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    link = await create_link(client)
    code = link["shortCode"]
    # A cache hit counts in Redis; the service then reads Postgres but must not count again.
    await app.state.redis.set(f"link:{code}", "not json")
    response = await client.get(f"/{code}")
    assert response.headers["location"] == link["url"]
    assert await access_count(client, code) == 1


async def test_redirect_after_put_goes_to_the_new_url(client: httpx.AsyncClient) -> None:
    code = (await create_link(client))["shortCode"]
    await client.get(f"/{code}")  # now cached
    new_url = unique_url("moved")
    assert (await client.put(f"/shorten/{code}", json={"url": new_url})).status_code == 200
    response = await client.get(f"/{code}")
    assert response.headers["location"] == new_url


async def test_redirect_after_delete_is_404(client: httpx.AsyncClient, app: FastAPI) -> None:
    code = (await create_link(client))["shortCode"]
    await client.get(f"/{code}")  # cached, and one click pending in Redis
    assert (await client.delete(f"/shorten/{code}")).status_code == 204
    assert (await client.get(f"/{code}")).status_code == 404
    assert await app.state.redis.exists(f"link:{code}") == 0
    assert await app.state.redis.hexists("clicks:pending", code) == 0


async def test_counts_survive_shutdown(start_app: StartApp) -> None:
    async with start_app() as client:
        code = (await create_link(client))["shortCode"]
        for _ in range(5):
            await client.get(f"/{code}")
    # The first instance flushed its pending clicks as it stopped.
    async with start_app() as client:
        assert await access_count(client, code) == 5
