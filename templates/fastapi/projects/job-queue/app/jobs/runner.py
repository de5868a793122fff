"""The worker's run loop, started by `python -m app.worker`: claim due jobs into free slots, run
each in its own task, record the outcome, keep leases alive, and sleep (without polling hard) when
there is nothing to do."""

import asyncio
import contextlib
import logging
import os
import socket
import time
import uuid
from collections.abc import Mapping
from typing import Any

from app.jobs.backoff import retry_delay_ms
from app.jobs.completions import CompletionWriter
from app.jobs.handlers import Handler, JobContext
from app.jobs.model import to_json
from app.jobs.queue import Claim, ClaimedJob, JobQueue
from app.jobs.wakeups import WakeupListener

logger = logging.getLogger("app.worker")

# The fallback when no wake-up comes (Redis down, a lost message): the longest an idle worker
# sleeps before it looks again (the lease, when that is shorter).
POLL_INTERVAL_SECONDS = 5.0

# SIGTERM lets running jobs finish for this long (under the 30 s most orchestrators allow
# between SIGTERM and SIGKILL). Jobs still running then are left to their lease expiry.
SHUTDOWN_GRACE_SECONDS = 25.0

# After a database error the loop waits before it tries again (Postgres restarting, say).
ERROR_PAUSE_SECONDS = 1.0

# A floor for sleeps computed from due times, so a job another claim has locked for a moment
# cannot make the loop spin.
MIN_WAIT_SECONDS = 0.02

MAX_ERROR_LENGTH = 2000


def default_worker_id() -> str:
    """Shows in locked_by which process holds a job: host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"


def describe_error(exc: BaseException) -> str:
    """`Type: message`, shortened, and stripped of what a Postgres text column cannot hold."""
    text = f"{type(exc).__name__}: {exc}"[:MAX_ERROR_LENGTH].replace("\x00", "")
    return text.encode("utf-8", "replace").decode("utf-8")


class WorkerLost(Exception):
    """An attempt ended because its worker stopped, not because the handler failed."""


class Worker:
    """Runs up to `concurrency` jobs at a time, each in an asyncio task of its own.

    One loop claims: whenever slots are free it claims that many due jobs in one query, and when
    nothing is due it sleeps until the next runAt, a wake-up, or the poll interval. A heartbeat
    task renews the leases of the running jobs; the outcome of each job is written back guarded by
    its claim token."""

    def __init__(
        self,
        queue: JobQueue,
        handlers: Mapping[str, Handler],
        *,
        concurrency: int,
        lease_ms: int,
        retry_base_ms: int,
        worker_id: str | None = None,
        poll_interval: float | None = None,
        shutdown_grace: float = SHUTDOWN_GRACE_SECONDS,
    ) -> None:
        self._queue = queue
        self._completions = CompletionWriter(queue)
        self._handlers = handlers
        self._concurrency = concurrency
        self._lease_seconds = lease_ms / 1000
        self._retry_base_ms = retry_base_ms
        self._worker_id = worker_id or default_worker_id()
        self._poll_interval = poll_interval or min(POLL_INTERVAL_SECONDS, self._lease_seconds)
        self._shutdown_grace = shutdown_grace
        # Keyed by claim, not job id: this worker may hold a newer claim of the same job.
        self._running: dict[Claim, tuple[ClaimedJob, asyncio.Task[None]]] = {}
        self._recording: set[Claim] = set()  # handler done, outcome being written
        self._work_maybe_due = asyncio.Event()  # a wake-up, a retry scheduled, a stop request
        self._slot_freed = asyncio.Event()
        self._stopping = False
        self._abandon = asyncio.Event()

    def wake(self) -> None:
        """Look for jobs now (a wake-up arrived)."""
        self._work_maybe_due.set()

    def request_stop(self) -> None:
        """First call: stop claiming and let running jobs finish. Second call: stop waiting for
        them; their leases expire and other workers run them again."""
        if self._stopping:
            logger.warning(
                "second stop request: leaving running jobs to lease expiry",
                extra={"runningJobs": len(self._running)},
            )
            self._abandon.set()
            return
        logger.info("stopping: no new claims", extra={"runningJobs": len(self._running)})
        self._stopping = True
        self._work_maybe_due.set()
        self._slot_freed.set()

    async def run(self, wakeups: WakeupListener | None = None) -> bool:
        """Runs until request_stop(); True when every claimed job finished, False when some were
        left to lease expiry (a second stop request, or the grace period ran out)."""
        if wakeups is not None:
            await wakeups.start()  # subscribed before the first claim: no wake-up is missed
        logger.info(
            "worker started",
            extra={
                "workerId": self._worker_id,
                "concurrency": self._concurrency,
                "wakeups": "subscribed" if wakeups and wakeups.subscribed else "unavailable",
            },
        )
        heartbeat = asyncio.create_task(self._heartbeat(), name="lease-heartbeat")
        try:
            await self._claim_loop()
            return await self._drain()
        finally:
            heartbeat.cancel()
            if wakeups is not None:
                await wakeups.stop()

    async def _claim_loop(self) -> None:
        while not self._stopping:
            free = self._concurrency - len(self._running)
            if free == 0:
                self._slot_freed.clear()
                await self._slot_freed.wait()
                continue
            # Cleared before the claim: a wake-up arriving during it is kept for the next turn.
            self._work_maybe_due.clear()
            try:
                jobs = await self._queue.claim(self._claim_token(), free)
            except Exception as exc:  # Postgres down or restarting: wait, then try again
                logger.error("claim failed", extra={"reason": repr(exc)})
                await self._sleep_unless_woken(ERROR_PAUSE_SECONDS)
                continue
            for job in jobs:
                self._start(job)
            if len(jobs) == free:
                continue  # every slot is full again, or more jobs may be due: loop at once
            await self._sleep_unless_woken(await self._idle_wait())

    def _claim_token(self) -> str:
        # A new token per claim: if this worker claims a job again after its own lease on it
        # expired, the older attempt still cannot record an outcome.
        return f"{self._worker_id}:{uuid.uuid4().hex[:12]}"

    async def _idle_wait(self) -> float:
        """How long to sleep when nothing is claimable: until the next job is due or a lease
        ends, at most the poll interval (wake-ups cut it short)."""
        try:
            seconds = await self._queue.seconds_until_next_due()
        except Exception as exc:
            logger.error("next due time unknown", extra={"reason": repr(exc)})
            return ERROR_PAUSE_SECONDS
        if seconds is None:
            return self._poll_interval
        return min(max(seconds, MIN_WAIT_SECONDS), self._poll_interval)

    async def _sleep_unless_woken(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._work_maybe_due.wait(), seconds)

    def _start(self, job: ClaimedJob) -> None:
        task = asyncio.create_task(self._run_job(job), name=f"job-{job.id}")
        self._running[job.claim] = (job, task)

    async def _run_job(self, job: ClaimedJob) -> None:
        started = time.perf_counter()
        try:
            await self._execute(job, started)
        except Exception as exc:  # the outcome could not be recorded (Postgres down)
            logger.error(
                "job outcome not recorded; it runs again when its lease expires",
                extra={"jobId": job.id, "reason": repr(exc)},
            )
        finally:
            del self._running[job.claim]
            self._recording.discard(job.claim)
            self._slot_freed.set()

    async def _execute(self, job: ClaimedJob, started: float) -> None:
        handler = self._handlers.get(job.type)
        try:
            if job.attempt > job.max_attempts:
                # Claimed again after the lease of its last allowed attempt ran out: the worker
                # running it died (perhaps because of this very job). No more attempts.
                raise WorkerLost("the worker running the last attempt stopped without a result")
            if handler is None:
                raise LookupError(f"no handler for job type {job.type!r}")
            context = JobContext(job.id, job.type, job.payload, job.attempt, job.max_attempts)
            result_json = to_json(await handler(context))  # ValueError: not storable as JSON
        except Exception as exc:
            await self._record_failure(job, exc, started)
            return
        self._recording.add(job.claim)
        if not await self._completions.complete(job, result_json):
            self._lease_lost(job)
        elif logger.isEnabledFor(logging.INFO):
            logger.info(
                "job succeeded",
                extra={
                    "jobId": job.id,
                    "type": job.type,
                    "attempt": job.attempt,
                    "durationMs": round((time.perf_counter() - started) * 1000, 1),
                },
            )

    async def _record_failure(self, job: ClaimedJob, exc: Exception, started: float) -> None:
        self._recording.add(job.claim)
        error = describe_error(exc)
        fields = {
            "jobId": job.id,
            "type": job.type,
            "attempt": job.attempt,
            "error": error,
            "durationMs": round((time.perf_counter() - started) * 1000, 1),
        }
        if job.attempt >= job.max_attempts:
            if await self._queue.bury(job, error):
                logger.warning("job failed for the last time: dead", extra=fields)
            else:
                self._lease_lost(job)
            return
        delay_ms = retry_delay_ms(job.attempt, self._retry_base_ms)
        if await self._queue.retry_later(job, error, delay_ms):
            logger.warning("job failed: retry scheduled", extra={**fields, "retryInMs": delay_ms})
            self._work_maybe_due.set()  # the retry may be due before this worker's next poll
        else:
            self._lease_lost(job)

    def _lease_lost(self, job: ClaimedJob) -> None:
        logger.warning(
            "outcome discarded: the job's lease expired and it was claimed again",
            extra={"jobId": job.id, "attempt": job.attempt},
        )

    async def _heartbeat(self) -> None:
        """Extends the leases of the running jobs three times per lease, so a job that runs
        longer than one lease is not claimed by another worker while it is still running."""
        interval = self._lease_seconds / 3
        while True:
            await asyncio.sleep(interval)
            # Not the jobs whose outcome is being written: a job recorded meanwhile is no
            # longer running, and would look like a lost lease.
            jobs = [job for key, (job, _) in self._running.items() if key not in self._recording]
            try:
                held = await self._queue.extend_leases(jobs)
            except Exception as exc:
                logger.error("lease heartbeat failed", extra={"reason": repr(exc)})
                continue
            for job in jobs:
                key = job.claim
                if key not in held and key in self._running and key not in self._recording:
                    # Another worker claimed it (this one stalled past the lease): stop running
                    # it here; the outcome belongs to the new claim.
                    logger.warning(
                        "lease lost while running: job cancelled", extra={"jobId": job.id}
                    )
                    self._running[key][1].cancel()

    async def _drain(self) -> bool:
        tasks = [task for _, task in self._running.values()]
        if not tasks:
            logger.info("worker stopped")
            return True
        logger.info("waiting for running jobs to finish", extra={"runningJobs": len(tasks)})
        abandon = asyncio.create_task(self._abandon.wait())
        all_done: asyncio.Future[Any] = asyncio.gather(*tasks, return_exceptions=True)
        try:
            await asyncio.wait(
                [all_done, abandon],
                timeout=self._shutdown_grace,
                return_when=asyncio.FIRST_COMPLETED,
            )
        finally:
            abandon.cancel()
        left = [task for _, task in self._running.values()]
        for task in left:
            # Cancelled, not failed: nothing is recorded, the lease expires, the job runs again.
            task.cancel()
        await asyncio.gather(*left, return_exceptions=True)
        if left:
            logger.warning("worker stopped; jobs left to lease expiry", extra={"jobs": len(left)})
            return False
        logger.info("worker stopped: running jobs finished")
        return True
