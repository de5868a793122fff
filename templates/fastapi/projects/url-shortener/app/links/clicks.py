"""Exact access counts without a hot row: redirects count in Redis, a flusher moves the counts
into Postgres in batches, each batch applied exactly once (even when replayed after a crash)."""

import asyncio
import contextlib
import logging
import uuid
from typing import cast

from redis.asyncio import Redis
from redis.exceptions import RedisError, ResponseError

from app.links.repository import LinkRepository

logger = logging.getLogger("app.links.clicks")

PENDING_KEY = "clicks:pending"  # hash: short code -> clicks not yet in Postgres
FLUSHING_PREFIX = "clicks:flushing:"  # a batch taken out of PENDING_KEY, being applied
FLUSH_INTERVAL_SECONDS = 1.0
# Leftover batches only exist after a crash, so the (whole-keyspace) SCAN for them runs at
# start-up and then once every this many flushes, not on every flush.
LEFTOVER_SCAN_EVERY = 60


class ClickCounter:
    def __init__(
        self,
        repository: LinkRepository,
        redis: Redis,
        interval_seconds: float = FLUSH_INTERVAL_SECONDS,
    ) -> None:
        self._repository = repository
        self._redis = redis
        self._interval_seconds = interval_seconds
        self._lock = asyncio.Lock()  # one flush at a time in this process
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()

    async def record(self, short_code: str) -> None:
        """Counts one access. With Redis down, writes it straight to Postgres instead."""
        try:
            await self._redis.hincrby(PENDING_KEY, short_code, 1)
        except RedisError as exc:
            logger.warning("counting in postgres: redis unavailable", extra={"reason": repr(exc)})
            await self._repository.add_access(short_code)

    async def forget(self, short_code: str) -> None:
        """Drops the pending count of a deleted link."""
        try:
            await self._redis.hdel(PENDING_KEY, short_code)
        except RedisError as exc:
            # Harmless: applying a count to a link that no longer exists updates no row.
            logger.warning("pending clicks not dropped", extra={"reason": repr(exc)})

    async def flush(self, *, replay_leftovers: bool = False) -> None:
        """Moves the pending counts into Postgres. Raises RedisError when Redis is down.

        Safe to run concurrently, in this process or in other instances: a batch's row in
        click_flushes makes applying it a second time a no-op.
        """
        async with self._lock:
            if replay_leftovers:
                leftovers = [key async for key in self._redis.scan_iter(f"{FLUSHING_PREFIX}*")]
                for batch_key in leftovers:
                    await self._apply(batch_key)
            batch_key = f"{FLUSHING_PREFIX}{uuid.uuid4()}"
            try:
                # Atomic: clicks from now on go to a fresh PENDING_KEY, not into this batch.
                await self._redis.rename(PENDING_KEY, batch_key)
            except ResponseError:  # "no such key": nothing was clicked since the last flush
                return
            await self._apply(batch_key)

    async def _apply(self, batch_key: str) -> None:
        # The client decodes replies (decode_responses=True), so fields and counts are text.
        counts = cast(dict[str, str], await self._redis.hgetall(batch_key))
        if counts:
            await self._repository.apply_click_batch(
                batch_key, {code: int(clicks) for code, clicks in counts.items()}
            )
        # A crash before this line leaves the batch for the next replay, which skips it.
        await self._redis.delete(batch_key)

    def start_flushing(self) -> None:
        self._stopping = asyncio.Event()
        self._task = asyncio.create_task(self._flush_periodically(), name="click-flusher")

    async def stop_flushing(self) -> None:
        """Stops the periodic flush (letting a running one finish), then flushes what is left."""
        if self._task is not None:
            # Not task.cancel(): a flush cut off between its steps would leave work half done.
            self._stopping.set()
            await self._task
            self._task = None
        try:
            await self.flush()
        except Exception as exc:  # pending clicks stay in Redis for the next start
            logger.warning("final click flush failed", extra={"reason": repr(exc)})

    async def _flush_periodically(self) -> None:
        flushes = 0
        failing = False
        while not self._stopping.is_set():
            try:
                await self.flush(replay_leftovers=flushes % LEFTOVER_SCAN_EVERY == 0)
            except Exception as exc:
                if not failing:  # log the change, not every second of an outage
                    logger.warning("click flush failing, will retry", extra={"reason": repr(exc)})
                failing = True
            else:
                if failing:
                    logger.info("click flush recovered")
                failing = False
                flushes += 1
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), timeout=self._interval_seconds)
