"""The job types this queue runs: one async function per type, registered in HANDLERS.

To add a type, write `async def my_type(job: JobContext) -> Any` below and add it to HANDLERS:
the API then accepts `{"type": "my_type"}` and every worker runs it. The return value (anything
JSON can hold) becomes the job's `result`; raising fails the attempt, and the job is retried with
backoff until it runs out of attempts.

A job can run more than once (a worker may die after doing the work but before recording it), so
a handler must be idempotent: running it twice must do no more harm than running it once.
"""

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

MAX_SLEEP_MS = 600_000


@dataclass(frozen=True)
class JobContext:
    id: int
    type: str
    payload: Any
    attempt: int  # 1 on the first run, 2 on the first retry, ...
    max_attempts: int


Handler = Callable[[JobContext], Awaitable[Any]]


class JobPayloadError(ValueError):
    """The payload does not fit the job type."""


async def echo(job: JobContext) -> Any:
    """Succeeds with the payload as its result."""
    return job.payload


async def sleep(job: JobContext) -> Any:
    """Waits `{"ms": n}` milliseconds (0-600000): a stand-in for slow work."""
    ms = _integer_field(job.payload, "ms")
    if not 0 <= ms <= MAX_SLEEP_MS:
        raise JobPayloadError(f'"ms" must be between 0 and {MAX_SLEEP_MS}')
    await asyncio.sleep(ms / 1000)
    return {"sleptMs": ms}


async def fail(job: JobContext) -> Any:
    """Always fails: shows retries, backoff and dead letters."""
    raise RuntimeError("this job always fails")


async def flaky(job: JobContext) -> Any:
    """Fails its first `{"failTimes": n}` attempts, then succeeds."""
    fail_times = _integer_field(job.payload, "failTimes")
    if job.attempt <= fail_times:
        raise RuntimeError(f"flaky failure {job.attempt} of {fail_times}")
    return {"succeededOnAttempt": job.attempt}


HANDLERS: dict[str, Handler] = {
    "echo": echo,
    "sleep": sleep,
    "fail": fail,
    "flaky": flaky,
}


def _integer_field(payload: Any, name: str) -> int:
    value = payload.get(name) if isinstance(payload, dict) else None
    # bool is an int in Python; true is not a number of milliseconds.
    if not isinstance(value, int) or isinstance(value, bool):
        raise JobPayloadError(f'payload must be an object with an integer "{name}"')
    return value
