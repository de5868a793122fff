"""The Redis client, set up to fail fast: when Redis is away, callers fall back to Postgres."""

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

REDIS_TIMEOUT_SECONDS = 0.5


def create_redis(redis_url: str) -> Redis:
    # Connections are opened on first use, so the service starts even when Redis is down, and
    # each command reconnects, so it recovers by itself when Redis is back. No retries: a
    # failing call raises redis.RedisError at once instead of piling up behind backoffs.
    return Redis.from_url(
        redis_url,
        decode_responses=True,
        socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
        socket_timeout=REDIS_TIMEOUT_SECONDS,
        retry=Retry(NoBackoff(), 0),
    )
