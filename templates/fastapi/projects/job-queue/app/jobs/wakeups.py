"""Wake-ups over Redis pub/sub: the API tells idle workers "a job was enqueued" so they claim it
at once instead of finding it on their next poll.

A wake-up carries no job: it only says "look again". That makes it safe to lose one (Redis down,
a worker reconnecting): the worker's slow poll finds the job anyway, a few seconds later. Postgres
stays the only place a job lives.
"""

import asyncio
import contextlib
import logging
from collections.abc import Callable

from redis.asyncio import Redis
from redis.exceptions import RedisError

logger = logging.getLogger("app.jobs.wakeups")

WAKE_CHANNEL = "jobs:wake"

# Waits between attempts to (re)subscribe while Redis is away: 0.5 s, 1 s, 2 s, then 5 s.
RESUBSCRIBE_DELAYS_SECONDS = (0.5, 1, 2, 5)


class WakeupPublisher:
    """The API's side: tells idle workers to look for jobs."""

    def __init__(self, redis: Redis) -> None:
        self._redis = redis
        self._failing = False  # logged once per Redis outage, not once per job

    async def publish(self) -> None:
        """Call it after the job's insert has committed, so a worker that wakes up can see the
        job. Never raises: without Redis, the workers' poll finds the job a little later."""
        try:
            await self._redis.publish(WAKE_CHANNEL, "1")
        except (RedisError, OSError) as exc:
            if not self._failing:
                self._failing = True
                logger.warning(
                    "wake-ups not published, workers will poll: redis down",
                    extra={"reason": repr(exc)},
                )
            return
        if self._failing:
            self._failing = False
            logger.info("wake-ups published again: redis reachable")


class WakeupListener:
    """Subscribes to the wake-up channel and calls `on_wakeup` for every message, and once more
    each time the subscription is (re)established, for jobs enqueued while it was not listening.
    Reconnects by itself when Redis comes back."""

    def __init__(self, redis: Redis, on_wakeup: Callable[[], None]) -> None:
        self._redis = redis
        self._on_wakeup = on_wakeup
        self._task: asyncio.Task[None] | None = None
        self.ready = asyncio.Event()  # set once the first subscribe attempt succeeded or failed
        self.subscribed = False

    async def start(self, wait_seconds: float = 1.0) -> None:
        """Starts listening; waits (up to `wait_seconds`) for the first subscribe attempt, so a
        job enqueued right after start-up is not missed while the subscription is on its way."""
        self._task = asyncio.create_task(self._listen(), name="wakeup-listener")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.ready.wait(), wait_seconds)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _listen(self) -> None:
        failures = 0
        while True:
            pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.subscribe(WAKE_CHANNEL)
                self.subscribed = True
                self.ready.set()
                if failures:
                    logger.info("wake-ups back: redis reachable again")
                failures = 0
                self._on_wakeup()
                while True:
                    # timeout=None blocks until a message arrives (no read timeout applies).
                    message = await pubsub.get_message(timeout=None)
                    if message is not None:
                        self._on_wakeup()
            except (RedisError, OSError) as exc:
                self.subscribed = False
                self.ready.set()
                if failures == 0:
                    logger.warning(
                        "wake-ups unavailable, polling instead: redis down",
                        extra={"reason": repr(exc)},
                    )
                delay = RESUBSCRIBE_DELAYS_SECONDS[
                    min(failures, len(RESUBSCRIBE_DELAYS_SECONDS) - 1)
                ]
                failures += 1
                await asyncio.sleep(delay)
            finally:
                with contextlib.suppress(RedisError, OSError):
                    await pubsub.aclose()
