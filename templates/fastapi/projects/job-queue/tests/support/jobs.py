"""Helpers for the job queue's tests: a private schema per test, enqueueing, waiting for a
status, and workers run in this process or as a child process."""

import asyncio
import os
import signal
import sys
import time
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import asyncpg
import httpx

import app
from app.database import create_pool
from app.jobs.runner import Worker
from app.jobs.wakeups import WakeupListener
from app.redis_client import create_redis
from app.settings import Settings
from app.worker import create_worker

REPO_ROOT = Path(app.__file__).resolve().parent.parent


@asynccontextmanager
async def private_schema(database_url: str) -> AsyncIterator[str]:
    """A database URL whose tables live in a new schema of their own, dropped afterwards.

    A worker claims every due job it can see; in its own schema, a test's worker sees only the
    jobs that test enqueued, and the queue's counts are exactly the test's own. Nothing else in
    the database is touched."""
    schema = f"test_jobs_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(database_url)
    try:
        await admin.execute(f"CREATE SCHEMA {schema}")
        try:
            yield _with_search_path(database_url, schema)
        finally:
            await admin.execute(f"DROP SCHEMA {schema} CASCADE")
    finally:
        await admin.close()


def _with_search_path(database_url: str, schema: str) -> str:
    # asyncpg sends unknown URL query parameters to Postgres as session settings.
    parts = urlsplit(database_url)
    query = [*parse_qsl(parts.query), ("search_path", schema)]
    return parts._replace(query=urlencode(query)).geturl()


async def enqueue(client: httpx.AsyncClient, job_type: str = "echo", **fields: Any) -> dict:
    response = await client.post("/jobs", json={"type": job_type, **fields})
    assert response.status_code == 201, response.text
    return response.json()


async def get_job(client: httpx.AsyncClient, job_id: int) -> dict:
    response = await client.get(f"/jobs/{job_id}")
    assert response.status_code == 200, response.text
    return response.json()


async def wait_for_job(
    client: httpx.AsyncClient,
    job_id: int,
    done: Callable[[dict], bool] = lambda job: job["status"] in ("succeeded", "dead"),
    within: float = 10.0,
) -> dict:
    """Polls GET /jobs/{id} until `done(job)`; fails the test after `within` seconds."""
    deadline = time.monotonic() + within
    while True:
        job = await get_job(client, job_id)
        if done(job):
            return job
        if time.monotonic() > deadline:
            raise AssertionError(f"job {job_id} still {job['status']} after {within}s: {job}")
        await asyncio.sleep(0.02)


def has_status(*statuses: str) -> Callable[[dict], bool]:
    return lambda job: job["status"] in statuses


@dataclass
class RunningWorker:
    worker: Worker
    finished: asyncio.Task[bool]  # the run's result: True when every claimed job finished

    def request_stop(self) -> None:
        self.worker.request_stop()


@asynccontextmanager
async def running_worker(
    settings: Settings, *, poll_interval: float = 5.0, shutdown_grace: float = 10.0
) -> AsyncIterator[RunningWorker]:
    """A worker wired as `python -m app.worker` wires it, running in this event loop."""
    pool = await create_pool(settings.database_url)
    redis = create_redis(settings.redis_url)
    worker = create_worker(
        settings, pool, poll_interval=poll_interval, shutdown_grace=shutdown_grace
    )
    listener = WakeupListener(redis, worker.wake)
    run = asyncio.create_task(worker.run(listener))
    try:
        await listener.ready.wait()  # subscribed (or Redis found down) before the test enqueues
        yield RunningWorker(worker, run)
    finally:
        if not run.done():
            worker.request_stop()
            worker.request_stop()  # do not wait for jobs the test left running
        await asyncio.gather(run, return_exceptions=True)
        await redis.aclose()
        await pool.close()


class WorkerProcess:
    """`python -m app.worker` as a child process, the way it runs in production."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        assert process.stdout is not None  # started with stdout=PIPE
        self._process = process
        self._stdout = process.stdout
        self.log_lines: list[str] = []

    @classmethod
    async def start(cls, settings: Settings) -> "WorkerProcess":
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "PYTHONPATH": str(REPO_ROOT),
            "DATABASE_URL": settings.database_url,
            "REDIS_URL": settings.redis_url,
            "WORKER_CONCURRENCY": str(settings.worker_concurrency),
            "JOB_LEASE_MS": str(settings.job_lease_ms),
            "RETRY_BASE_MS": str(settings.retry_base_ms),
            "LOG_LEVEL": "info",
        }
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "app.worker",
            cwd=REPO_ROOT / "tests",  # no .env there: the settings above are all it reads
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        worker = cls(process)
        await worker.wait_for_log("worker started")
        return worker

    async def wait_for_log(self, text: str, within: float = 15.0) -> None:
        async with asyncio.timeout(within):
            while not any(text in line for line in self.log_lines):
                line = await self._stdout.readline()
                if not line:
                    raise AssertionError(f"worker exited; its log: {self.log_lines}")
                self.log_lines.append(line.decode())

    def send(self, sig: signal.Signals) -> None:
        self._process.send_signal(sig)

    async def exit_code(self, within: float = 15.0) -> int:
        async with asyncio.timeout(within):
            rest = await self._stdout.read()
            self.log_lines.extend(rest.decode().splitlines())
            return await self._process.wait()

    async def kill(self) -> None:
        if self._process.returncode is None:
            self._process.kill()
            await self._process.wait()


@asynccontextmanager
async def worker_process_running_a_job(
    client: httpx.AsyncClient, settings: Settings, sleep_ms: int
) -> AsyncIterator[tuple[WorkerProcess, dict]]:
    """A `python -m app.worker` process busy with a `sleep` job of `sleep_ms`, and that job (as
    the API returned it). The process is killed at the end if the test did not stop it."""
    worker = await WorkerProcess.start(settings)
    try:
        job = await enqueue(client, "sleep", payload={"ms": sleep_ms})
        await wait_for_job(client, job["id"], has_status("running"))
        yield worker, job
    finally:
        await worker.kill()
