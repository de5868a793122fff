import time

import httpx

from tests.support.fixture_types import StartApp
from tests.support.infra import Infra, host_and_port, with_host_and_port
from tests.support.tcp_proxy import TcpProxy

CLOSED_PORT_REDIS = "redis://127.0.0.1:1/0"


async def test_health_ok(client: httpx.AsyncClient) -> None:
    response = await client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"postgres": "up", "redis": "up"}}


async def test_redis_down_is_degraded_and_fast(start_app: StartApp) -> None:
    # The app starts although Redis is unreachable.
    async with start_app(redis_url=CLOSED_PORT_REDIS) as client:
        started = time.monotonic()
        response = await client.get("/health")
        elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "checks": {"postgres": "up", "redis": "down"}}
    assert elapsed < 1.5


async def test_recovers_when_redis_comes_back(start_app: StartApp, infra: Infra) -> None:
    proxy = TcpProxy(*host_and_port(infra.redis_url, 6379))
    port = await proxy.start()
    await proxy.close()  # Redis is "down" when the app starts
    redis_url = with_host_and_port(infra.redis_url, "127.0.0.1", port)
    async with start_app(redis_url=redis_url) as client:
        assert (await client.get("/health")).json()["checks"]["redis"] == "down"
        await proxy.start(port)
        try:
            response = await client.get("/health")
        finally:
            await proxy.close()
    assert response.json() == {"status": "ok", "checks": {"postgres": "up", "redis": "up"}}


async def test_postgres_down_is_503(start_app: StartApp, infra: Infra) -> None:
    proxy = TcpProxy(*host_and_port(infra.database_url, 5432))
    port = await proxy.start()
    try:
        database_url = with_host_and_port(infra.database_url, "127.0.0.1", port)
        async with start_app(database_url=database_url) as client:
            assert (await client.get("/health")).status_code == 200
            await proxy.close()  # now the app's Postgres port is closed
            response = await client.get("/health")
    finally:
        await proxy.close()
    assert response.status_code == 503
    assert response.json() == {"status": "down", "checks": {"postgres": "down", "redis": "up"}}
