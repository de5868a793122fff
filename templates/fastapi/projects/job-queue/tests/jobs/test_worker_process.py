"""`python -m app.worker` as a real process: signals, crashes and its configuration."""

import asyncio
import signal
import subprocess
import sys
from pathlib import Path

import asyncpg
import httpx
import pytest

from tests.support.fixture_types import MakeSettings
from tests.support.jobs import (
    REPO_ROOT,
    WorkerProcess,
    enqueue,
    get_job,
    has_status,
    running_worker,
    wait_for_job,
)


async def test_sigterm_finishes_the_running_job_then_exits_0(
    client: httpx.AsyncClient, make_settings: MakeSettings
) -> None:
    worker = await WorkerProcess.start(make_settings())
    try:
        job = await enqueue(client, "sleep", payload={"ms": 1500})
        await wait_for_job(client, job["id"], has_status("running"))
        worker.send(signal.SIGTERM)
        assert await worker.exit_code() == 0
    finally:
        await worker.kill()
    done = await get_job(client, job["id"])
    assert (done["status"], done["attempts"]) == ("succeeded", 1)


async def test_a_second_sigterm_leaves_the_job_to_its_lease(
    client: httpx.AsyncClient, make_settings: MakeSettings
) -> None:
    worker = await WorkerProcess.start(make_settings(job_lease_ms=1000))
    try:
        job = await enqueue(client, "sleep", payload={"ms": 20_000})
        await wait_for_job(client, job["id"], has_status("running"))
        worker.send(signal.SIGTERM)
        await worker.wait_for_log("waiting for running jobs")
        worker.send(signal.SIGTERM)
        assert await worker.exit_code(within=5) == 0
    finally:
        await worker.kill()
    left = await get_job(client, job["id"])
    assert (left["status"], left["result"], left["lastError"]) == ("running", None, None)


async def test_a_job_of_a_killed_worker_runs_again_after_its_lease(
    client: httpx.AsyncClient, make_settings: MakeSettings, pool: asyncpg.Pool
) -> None:
    settings = make_settings(job_lease_ms=1000)
    worker = await WorkerProcess.start(settings)
    try:
        job = await enqueue(client, "sleep", payload={"ms": 30_000})
        await wait_for_job(client, job["id"], has_status("running"))
        worker.send(signal.SIGKILL)  # no chance to clean up, as in a crash or an OOM kill
        assert await worker.exit_code() == -signal.SIGKILL
    finally:
        await worker.kill()
    # The rerun need not sleep as long.
    await pool.execute("""UPDATE jobs SET payload = '{"ms": 1}' WHERE id = $1""", job["id"])
    async with running_worker(settings):
        done = await wait_for_job(client, job["id"], within=10)
    assert (done["status"], done["attempts"]) == ("succeeded", 2)


async def test_two_worker_processes_share_the_jobs(
    client: httpx.AsyncClient, make_settings: MakeSettings
) -> None:
    settings = make_settings(worker_concurrency=2)
    workers = await asyncio.gather(WorkerProcess.start(settings), WorkerProcess.start(settings))
    try:
        jobs = [await enqueue(client, "sleep", payload={"ms": 200}) for _ in range(12)]
        for job in jobs:
            done = await wait_for_job(client, job["id"])
            assert (done["status"], done["attempts"]) == ("succeeded", 1)
        for worker in workers:
            worker.send(signal.SIGTERM)
        assert [await worker.exit_code() for worker in workers] == [0, 0]
    finally:
        for worker in workers:
            await worker.kill()
    for worker in workers:
        assert any('"job succeeded"' in line for line in worker.log_lines)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("WORKER_CONCURRENCY", "0"),
        ("WORKER_CONCURRENCY", "257"),
        ("JOB_LEASE_MS", "999"),
        ("JOB_LEASE_MS", "86400001"),
        ("RETRY_BASE_MS", "0"),
        ("RETRY_BASE_MS", "3600001"),
        ("RETRY_BASE_MS", "fast"),
    ],
)
def test_a_bad_setting_stops_the_worker_with_one_line(
    name: str, value: str, tmp_path: Path
) -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(REPO_ROOT),
        "DATABASE_URL": "postgres://u:p@localhost:5432/db",
        "REDIS_URL": "redis://localhost:6379",
        name: value,
    }
    result = subprocess.run(
        [sys.executable, "-m", "app.worker"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"Invalid configuration: {name} ")
