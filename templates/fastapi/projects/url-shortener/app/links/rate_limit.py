"""Per-client-IP rate limit for POST /shorten: a fixed one-minute window counted in Redis."""

import logging
import math
import time

from fastapi import Request
from redis.asyncio import Redis
from redis.exceptions import RedisError

from app.errors import ApiError

logger = logging.getLogger("app.links.rate_limit")

WINDOW_SECONDS = 60


class RateLimiter:
    def __init__(self, redis: Redis, per_minute: int, *, trust_proxy: bool) -> None:
        self._redis = redis
        self._per_minute = per_minute
        self._trust_proxy = trust_proxy

    def client_ip(self, request: Request) -> str:
        if self._trust_proxy:
            # Only behind a proxy you control: anyone else can write this header.
            forwarded = request.headers.get("x-forwarded-for", "").split(",")[0].strip()
            if forwarded:
                return forwarded
        return request.client.host if request.client else "unknown"

    async def check(self, request: Request) -> None:
        """Raises a 429 ApiError when this client is over the limit. Redis down: allows."""
        now = time.time()
        window = int(now // WINDOW_SECONDS)
        key = f"rl:{self.client_ip(request)}:{window}"
        try:
            pipe = self._redis.pipeline()
            pipe.incr(key)
            pipe.expire(key, WINDOW_SECONDS)
            count, _ = await pipe.execute()
        except RedisError as exc:
            logger.warning("rate limit skipped: redis unavailable", extra={"reason": repr(exc)})
            return
        if count > self._per_minute:
            retry_after = max(1, math.ceil((window + 1) * WINDOW_SECONDS - now))
            raise ApiError(
                429,
                "rate_limited",
                f"Too many requests: at most {self._per_minute} per minute",
                headers={"Retry-After": str(retry_after)},
            )


async def enforce_rate_limit(request: Request) -> None:
    """FastAPI dependency for the rate-limited routes."""
    await request.app.state.rate_limiter.check(request)
