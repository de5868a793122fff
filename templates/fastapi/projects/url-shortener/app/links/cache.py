"""Cache-aside for redirects: `link:<code>` holds {"id", "url"} for CACHE_TTL_SECONDS."""

import json
import logging
from dataclasses import dataclass

from redis.asyncio import Redis
from redis.exceptions import RedisError

logger = logging.getLogger("app.links.cache")


@dataclass(frozen=True)
class CachedLink:
    id: int
    url: str


def _key(short_code: str) -> str:
    return f"link:{short_code}"


class LinkCache:
    """Every method treats Redis being down as a cache miss: the caller goes to Postgres."""

    def __init__(self, redis: Redis, ttl_seconds: int) -> None:
        self._redis = redis
        self._ttl_seconds = ttl_seconds

    async def get(self, short_code: str) -> CachedLink | None:
        try:
            cached = await self._redis.get(_key(short_code))
        except RedisError as exc:
            logger.warning("cache read skipped: redis unavailable", extra={"reason": repr(exc)})
            return None
        if cached is None:
            return None
        try:
            return CachedLink(**json.loads(cached))
        except (ValueError, TypeError):
            return None  # not what this code writes: ignore it, the next put replaces it

    async def put(self, short_code: str, link: CachedLink) -> None:
        value = json.dumps({"id": link.id, "url": link.url})
        try:
            await self._redis.set(_key(short_code), value, ex=self._ttl_seconds)
        except RedisError as exc:
            logger.warning("cache write skipped: redis unavailable", extra={"reason": repr(exc)})

    async def invalidate(self, short_code: str) -> None:
        try:
            await self._redis.delete(_key(short_code))
        except RedisError as exc:
            # The entry (if any) expires by its TTL.
            logger.warning("cache delete failed: redis unavailable", extra={"reason": repr(exc)})
