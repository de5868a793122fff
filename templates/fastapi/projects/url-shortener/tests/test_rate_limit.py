"""POST /shorten is limited per client IP (X-Forwarded-For here, with TRUST_PROXY on)."""

import asyncio
import time
from collections.abc import AsyncIterator

import httpx
import pytest

from tests.support.app_runner import random_client_ip
from tests.support.assertions import assert_error
from tests.support.fixture_types import StartApp
from tests.support.links import unique_url

LIMIT = 5


@pytest.fixture(autouse=True)
async def fresh_window() -> None:
    """The limit counts per clock minute: start early in one, so a test's requests share it."""
    seconds_left = 60 - time.time() % 60
    if seconds_left < 10:
        await asyncio.sleep(seconds_left + 0.1)


@pytest.fixture
async def limited_client(start_app: StartApp) -> AsyncIterator[httpx.AsyncClient]:
    async with start_app(rate_limit_per_minute=LIMIT, trust_proxy=True) as client:
        yield client


async def _post(client: httpx.AsyncClient, ip: str) -> httpx.Response:
    return await client.post(
        "/shorten", json={"url": unique_url()}, headers={"X-Forwarded-For": f"{ip}, 10.0.0.1"}
    )


async def test_over_the_limit_is_429_with_retry_after(limited_client: httpx.AsyncClient) -> None:
    ip = random_client_ip()
    for _ in range(LIMIT):
        assert (await _post(limited_client, ip)).status_code == 201
    response = await _post(limited_client, ip)
    assert_error(response, 429, "rate_limited")
    assert 1 <= int(response.headers["retry-after"]) <= 60


async def test_the_limit_is_per_client_ip(limited_client: httpx.AsyncClient) -> None:
    ip = random_client_ip()
    for _ in range(LIMIT + 1):
        await _post(limited_client, ip)
    assert (await _post(limited_client, random_client_ip())).status_code == 201


async def test_forwarded_for_is_ignored_without_trust_proxy(start_app: StartApp) -> None:
    async with start_app(rate_limit_per_minute=LIMIT, trust_proxy=False) as client:
        # Every request claims another IP, but the socket's address is what counts.
        statuses = [(await _post(client, random_client_ip())).status_code for _ in range(LIMIT + 1)]
    assert statuses == [201] * LIMIT + [429]


async def test_reads_are_not_limited(limited_client: httpx.AsyncClient) -> None:
    ip = random_client_ip()
    for _ in range(LIMIT + 1):
        await _post(limited_client, ip)
    response = await limited_client.get("/health", headers={"X-Forwarded-For": ip})
    assert response.status_code == 200
