"""What the links API does, on top of Postgres (the truth) and Redis (cache and counters)."""

import logging

import asyncpg
from redis.exceptions import RedisError

from app.links.cache import CachedLink, LinkCache
from app.links.clicks import ClickCounter
from app.links.codes import generate_code
from app.links.repository import Link, LinkRepository

logger = logging.getLogger("app.links.service")

# With 62^7 possible codes a collision is rare; several in a row means something else is wrong.
MAX_CODE_ATTEMPTS = 5


class LinkService:
    def __init__(self, repository: LinkRepository, cache: LinkCache, clicks: ClickCounter) -> None:
        self._repository = repository
        self._cache = cache
        self._clicks = clicks

    async def create(self, url: str) -> Link:
        for _ in range(MAX_CODE_ATTEMPTS - 1):
            try:
                return await self._repository.insert(generate_code(), url)
            except asyncpg.UniqueViolationError:
                logger.info("short code collision, retrying with a new code")
        return await self._repository.insert(generate_code(), url)

    async def get(self, short_code: str) -> Link | None:
        return await self._repository.find(short_code)

    async def update(self, short_code: str, url: str) -> Link | None:
        link = await self._repository.update_url(short_code, url)
        if link:
            await self._cache.invalidate(short_code)  # after the write, so no reader re-caches
        return link

    async def delete(self, short_code: str) -> bool:
        deleted = await self._repository.delete(short_code)
        if deleted:
            await self._cache.invalidate(short_code)
            await self._clicks.forget(short_code)
        return deleted

    async def resolve(self, short_code: str) -> str | None:
        """The URL to redirect to (counting one access), or None for an unknown code."""
        # A cache hit reads the link and counts the click in one Redis round trip.
        cached, counted = await self._cache.get_and_count_click(short_code)
        if cached is None:
            link = await self._repository.find(short_code)
            if link is None:
                return None
            cached = CachedLink(id=link.id, url=link.url)
            await self._cache.put(short_code, cached)
        if not counted:  # a miss, or Redis down: count now that Postgres knows the link
            await self._clicks.record(short_code)
        return cached.url

    async def stats(self, short_code: str) -> Link | None:
        try:
            await self._clicks.flush()  # so the count includes every redirect made so far
        except RedisError as exc:
            logger.warning("stats without pending clicks: redis down", extra={"reason": repr(exc)})
        return await self._repository.find(short_code)
