"""Entry point: `python -m app.worker` reads the config, then claims and runs jobs until SIGTERM.

Run as many worker processes as you like, on as many machines: they share the work through
Postgres (each job is claimed by one of them at a time) and wake-ups through Redis.
"""

import asyncio
import signal
import time
from collections.abc import Callable

import asyncpg

from app.database import create_pool
from app.jobs.handlers import HANDLERS
from app.jobs.queue import JobQueue
from app.jobs.runner import SHUTDOWN_GRACE_SECONDS, Worker
from app.jobs.wakeups import WakeupListener
from app.logging_config import configure_logging
from app.migrations import apply_migrations
from app.redis_client import create_redis
from app.settings import Settings, load_settings


async def serve(settings: Settings) -> None:
    """Runs one worker until SIGTERM or SIGINT (the first lets running jobs finish, a second
    stops at once: see Worker.request_stop)."""
    pool = await create_pool(settings.database_url)
    redis = create_redis(settings.redis_url)
    try:
        await apply_migrations(pool)  # a worker may start before the API on a fresh database
        worker = create_worker(settings, pool)
        on_signal = StopSignals(worker.request_stop)
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, on_signal)
        await worker.run(WakeupListener(redis, worker.wake))
    finally:
        await redis.aclose()
        await pool.close()


def create_worker(
    settings: Settings,
    pool: asyncpg.Pool,
    *,
    poll_interval: float | None = None,
    shutdown_grace: float = SHUTDOWN_GRACE_SECONDS,
) -> Worker:
    """A worker of every registered job type, tuned by the settings (tests also shorten its
    poll interval and shutdown grace)."""
    return Worker(
        JobQueue(pool, settings.job_lease_ms),
        HANDLERS,
        concurrency=settings.worker_concurrency,
        lease_ms=settings.job_lease_ms,
        retry_base_ms=settings.retry_base_ms,
        poll_interval=poll_interval,
        shutdown_grace=shutdown_grace,
    )


class StopSignals:
    """Passes SIGTERM and SIGINT on as stop requests, but one signal delivered twice counts once.

    `uv run`, `npm run` and service managers often deliver one stop twice within milliseconds:
    the signal reaches the whole process group, and the wrapper forwards its own copy. As a
    second request means "stop now, leave the running jobs", only a signal that comes at least
    REPEAT_SECONDS after the previous one counts again."""

    REPEAT_SECONDS = 1.0

    def __init__(self, request_stop: Callable[[], None]) -> None:
        self._request_stop = request_stop
        self._last: float | None = None

    def __call__(self) -> None:
        now = time.monotonic()
        if self._last is None or now - self._last >= self.REPEAT_SECONDS:
            self._last = now
            self._request_stop()


def main() -> None:
    settings = load_settings()
    configure_logging(settings.log_level)
    # Exits 0 once stopped as asked, also when jobs were left running: their leases expire and
    # other workers run them again.
    asyncio.run(serve(settings))


if __name__ == "__main__":
    main()
