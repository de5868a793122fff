"""`python -m app.worker` as a real process: signals, crashes and its configuration."""

import asyncio
import signal
import subprocess
import sys
from pathlib import Path

import asyncpg
import httpx
import pytest

from app.worker import StopSignals
from tests.support.fixture_types import MakeSettings
from tests.support.jobs import (
    REPO_ROOT,
    WorkerProcess,
    enqueue,
    get_job,
    running_worker,
    wait_for_job,
    worker_process_running_a_job,
)


async def test_sigterm_finishes_the_running_job_then_exits_0(
    client: httpx.AsyncClient, make_settings: MakeSettings
) -> None:
    async with worker_process_running_a_job(client, make_settings(), 1500) as (worker, job):
        worker.send(signal.SIGTERM)
        assert await worker.exit_code() == 0
    done = await get_job(client, job["id"])
    assert (done["status"], done["attempts"]) == ("succeeded", 1)


async def test_one_sigterm_delivered_twice_still_finishes_the_job(
    client: httpx.AsyncClient, make_settings: MakeSettings
) -> None:
    # What `uv run` does on `kill -TERM -<group>`: the worker gets the signal, and uv forwards it.
    async with worker_process_running_a_job(client, make_settings(), 1500) as (worker, job):
        worker.send(signal.SIGTERM)
        await worker.wait_for_log("waiting for running jobs")  # the first one was handled
        worker.send(signal.SIGTERM)  # the copy, a few milliseconds later
        assert await worker.exit_code() == 0
    assert (await get_job(client, job["id"]))["status"] == "succeeded"


async def test_a_second_sigterm_leaves_the_job_to_its_lease(
    client: httpx.AsyncClient, make_settings: MakeSettings
) -> None:
    settings = make_settings(job_lease_ms=1000)
    async with worker_process_running_a_job(client, settings, 20_000) as (worker, job):
        worker.send(signal.SIGTERM)
        await worker.wait_for_log("waiting for running jobs")
        await asyncio.sleep(StopSignals.REPEAT_SECONDS)  # a signal repeated sooner counts once
        worker.send(signal.SIGTERM)
        assert await worker.exit_code(within=5) == 0
    left = await get_job(client, job["id"])
    assert (left["status"], left["result"], left["lastError"]) == ("running", None, None)


async def test_a_job_of_a_killed_worker_runs_again_after_its_lease(
    client: httpx.AsyncClient, make_settings: MakeSettings, pool: asyncpg.Pool
) -> None:
    settings = make_settings(job_lease_ms=1000)
    async with worker_process_running_a_job(client, settings, 30_000) as (worker, job):
        worker.send(signal.SIGKILL)  # no chance to clean up, as in a crash or an OOM kill
        assert await worker.exit_code() == -signal.SIGKILL
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


def test_a_repeated_signal_counts_once_unless_it_comes_a_second_later(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = [100.0]
    monkeypatch.setattr("app.worker.time.monotonic", lambda: clock[0])
    requests: list[float] = []
    on_signal = StopSignals(lambda: requests.append(clock[0]))
    on_signal()
    clock[0] += 0.01
    on_signal()  # the same stop, delivered again
    clock[0] += 1.0
    on_signal()  # a second stop request
    assert requests == [100.0, 101.01]
