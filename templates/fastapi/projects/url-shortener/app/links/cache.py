"""Cache-aside for redirects: `link:<code>` holds {"id", "url"} for CACHE_TTL_SECONDS."""

import json
import logging
from dataclasses import dataclass
from typing import NamedTuple

from redis.asyncio import Redis
from redis.exceptions import RedisError

from app.links.clicks import PENDING_KEY

logger = logging.getLogger("app.links.cache")

# The redirect's hot path in one round trip, atomically: read the cached link and, only when
# there is one, count the click the way ClickCounter.record does (HINCRBY clicks:pending).
GET_LINK_AND_COUNT_CLICK = """
local link = redis.call('GET', KEYS[1])
if link then redis.call('HINCRBY', KEYS[2], ARGV[1], 1) end
return link
"""


@dataclass(frozen=True)
class CachedLink:
    id: int
    url: str


class RedirectLookup(NamedTuple):
    """What LinkCache.get_and_count_click found."""

    link: CachedLink | None  # the cached link, or None: ask Postgres
    counted: bool  # True when the click is already counted in Redis


def _key(short_code: str) -> str:
    return f"link:{short_code}"


def _parse(cached: str) -> CachedLink | None:
    try:
        return CachedLink(**json.loads(cached))
    except (ValueError, TypeError):
        return None  # not what this code writes: ignore it, the next put replaces it


class LinkCache:
    """Every method treats Redis being down as a cache miss: the caller goes to Postgres."""

    def __init__(self, redis: Redis, ttl_seconds: int) -> None:
        self._redis = redis
        self._ttl_seconds = ttl_seconds
        # redis-py sends the script by its SHA1 (EVALSHA), loading it first if Redis lacks it.
        self._get_link_and_count_click = redis.register_script(GET_LINK_AND_COUNT_CLICK)

    async def get_and_count_click(self, short_code: str) -> RedirectLookup:
        """A cache read for a redirect: on a hit, the click is counted in the same round trip.
        On a miss (or with Redis down) nothing is counted: the caller counts with
        ClickCounter.record once Postgres knows the link."""
        try:
            cached = await self._get_link_and_count_click(
                keys=[_key(short_code), PENDING_KEY], args=[short_code]
            )
        except RedisError as exc:
            logger.warning("cache read skipped: redis unavailable", extra={"reason": repr(exc)})
            return RedirectLookup(None, counted=False)
        if cached is None:
            return RedirectLookup(None, counted=False)
        # The key existed, so the script counted the click, even if the value is unreadable.
        return RedirectLookup(_parse(cached), counted=True)

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
