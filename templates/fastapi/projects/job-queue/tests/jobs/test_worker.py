"""The worker's run loop, in this process: running jobs, retries, delays, wake-ups, leases and
stopping. The API runs in-process too; both share the test's Postgres schema and Redis."""

import asyncio
import time
from datetime import UTC, datetime, timedelta

import asyncpg
import httpx
import pytest

from tests.support.fixture_types import MakeSettings, StartApp
from tests.support.jobs import enqueue, get_job, has_status, running_worker, wait_for_job

CLOSED_PORT_REDIS = "redis://127.0.0.1:1/0"

# Long enough that a test passes only if something other than the poll woke the worker.
NO_POLL = 60.0


async def test_runs_jobs_and_records_their_results(
    client: httpx.AsyncClient, make_settings: MakeSettings
) -> None:
    async with running_worker(make_settings()):
        echo = await enqueue(client, "echo", payload={"hello": "world"})
        done = await wait_for_job(client, echo["id"])
    assert done["status"] == "succeeded"
    assert done["result"] == {"hello": "world"}
    assert done["attempts"] == 1
    assert done["lastError"] is None
    assert done["finishedAt"] >= done["createdAt"]


async def test_failing_jobs_retry_with_backoff_then_die(
    client: httpx.AsyncClient, make_settings: MakeSettings
) -> None:
    async with running_worker(make_settings(retry_base_ms=300)):
        job = await enqueue(client, "fail", maxAttempts=3)
        retrying = await wait_for_job(client, job["id"], has_status("failed"))
        dead = await wait_for_job(client, job["id"])
    assert retrying["attempts"] == 1
    assert retrying["runAt"] > retrying["updatedAt"]  # the retry waits for its backoff
    assert dead["status"] == "dead"
    assert dead["attempts"] == 3
    assert dead["lastError"] == "RuntimeError: this job always fails"
    # Waits of 300-375 ms, then 600-750 ms, between the three attempts.
    elapsed = _seconds_between(dead["createdAt"], dead["finishedAt"])
    assert 0.9 <= elapsed < 4, elapsed


async def test_a_flaky_job_succeeds_after_its_failures(
    client: httpx.AsyncClient, make_settings: MakeSettings
) -> None:
    async with running_worker(make_settings(retry_base_ms=20)):
        job = await enqueue(client, "flaky", payload={"failTimes": 2})
        done = await wait_for_job(client, job["id"])
    assert (done["status"], done["attempts"]) == ("succeeded", 3)
    assert done["result"] == {"succeededOnAttempt": 3}
    assert done["lastError"] == "RuntimeError: flaky failure 2 of 2"


async def test_a_sleep_job_with_a_bad_payload_fails(
    client: httpx.AsyncClient, make_settings: MakeSettings
) -> None:
    async with running_worker(make_settings()):
        job = await enqueue(client, "sleep", payload={"ms": "soon"}, maxAttempts=1)
        dead = await wait_for_job(client, job["id"])
    assert dead["status"] == "dead"
    assert "ms" in dead["lastError"]


async def test_a_dead_job_retried_through_the_api_runs_again(
    client: httpx.AsyncClient, make_settings: MakeSettings
) -> None:
    async with running_worker(make_settings(), poll_interval=NO_POLL):
        job = await enqueue(client, "fail", maxAttempts=1)
        assert (await wait_for_job(client, job["id"]))["status"] == "dead"
        response = await client.post(f"/jobs/{job['id']}/retry")
        assert response.status_code == 200
        # The retry publishes a wake-up too: the job runs again at once, and dies again.
        again = await wait_for_job(
            client, job["id"], lambda j: j["status"] == "dead" and j["updatedAt"] > job["runAt"]
        )
    assert again["attempts"] == 1


async def test_a_delayed_job_waits_for_its_run_at(
    client: httpx.AsyncClient, make_settings: MakeSettings
) -> None:
    async with running_worker(make_settings(), poll_interval=NO_POLL):
        await asyncio.sleep(0.2)  # the worker found nothing and sleeps until a wake-up
        run_at = datetime.now(UTC) + timedelta(seconds=1.2)
        job = await enqueue(client, "echo", runAt=run_at.isoformat())
        await asyncio.sleep(0.8)
        assert (await get_job(client, job["id"]))["status"] == "queued"
        # The enqueue's wake-up told the idle worker when to look again: no poll is needed.
        done = await wait_for_job(client, job["id"], within=3)
    assert done["status"] == "succeeded"
    finished = datetime.fromisoformat(done["finishedAt"])
    assert run_at - timedelta(milliseconds=5) <= finished < run_at + timedelta(seconds=1)


async def test_a_new_job_wakes_an_idle_worker_over_pub_sub(
    client: httpx.AsyncClient, make_settings: MakeSettings
) -> None:
    async with running_worker(make_settings(), poll_interval=NO_POLL):
        await asyncio.sleep(0.2)  # the worker found nothing and sleeps until a wake-up
        for _ in range(3):
            started = time.monotonic()
            job = await enqueue(client)
            await wait_for_job(client, job["id"], within=1)
            assert time.monotonic() - started < 1


async def test_without_redis_the_poll_still_runs_every_job(
    start_app: StartApp, make_settings: MakeSettings
) -> None:
    settings = make_settings(redis_url=CLOSED_PORT_REDIS)
    async with (
        start_app(redis_url=CLOSED_PORT_REDIS) as client,
        running_worker(settings, poll_interval=0.3),
    ):
        jobs = [await enqueue(client, payload=n) for n in range(3)]  # 201 without Redis
        for job in jobs:
            done = await wait_for_job(client, job["id"], within=5)
            assert done["result"] == job["payload"]


async def test_one_claim_fills_every_free_slot(
    client: httpx.AsyncClient, make_settings: MakeSettings, pool: asyncpg.Pool
) -> None:
    jobs = [await enqueue(client, "sleep", payload={"ms": 1000}) for _ in range(4)]
    async with running_worker(make_settings(worker_concurrency=4)):
        await wait_for_job(client, jobs[-1]["id"], has_status("running"))
        claims = await pool.fetch(
            "SELECT locked_by, count(*) AS jobs FROM jobs WHERE status = 'running' GROUP BY 1"
        )
        for job in jobs:
            await wait_for_job(client, job["id"])
    # The four ran side by side, taken by one claim (one claim token in locked_by).
    assert [claim["jobs"] for claim in claims] == [4]


async def test_concurrency_bounds_the_running_jobs(
    client: httpx.AsyncClient, make_settings: MakeSettings, pool: asyncpg.Pool
) -> None:
    jobs = [await enqueue(client, "sleep", payload={"ms": 300}) for _ in range(5)]
    async with running_worker(make_settings(worker_concurrency=2)):
        most_running = 0
        while (await client.get("/stats")).json()["succeeded"] < len(jobs):
            running = await pool.fetchval("SELECT count(*) FROM jobs WHERE status = 'running'")
            most_running = max(most_running, running)
            await asyncio.sleep(0.02)
    assert most_running == 2


async def test_the_heartbeat_keeps_a_long_job_from_running_twice(
    client: httpx.AsyncClient, make_settings: MakeSettings
) -> None:
    settings = make_settings(job_lease_ms=1000)
    async with running_worker(settings), running_worker(settings):
        job = await enqueue(client, "sleep", payload={"ms": 2500})  # 2.5 leases long
        done = await wait_for_job(client, job["id"])
    assert (done["status"], done["attempts"]) == ("succeeded", 1)


async def test_stopping_finishes_the_running_jobs_first(
    client: httpx.AsyncClient, make_settings: MakeSettings
) -> None:
    # One slot: once the job is running, the worker has no claim on its way that could still
    # pick up the job enqueued below (a claim sent before a stop request may still be answered).
    async with running_worker(make_settings(worker_concurrency=1)) as worker:
        job = await enqueue(client, "sleep", payload={"ms": 500})
        await wait_for_job(client, job["id"], has_status("running"))
        worker.request_stop()
        waiting = await enqueue(client)  # enqueued after the stop request: left for later
        finished = await worker.finished
    assert finished is True
    assert (await get_job(client, job["id"]))["status"] == "succeeded"
    assert (await get_job(client, waiting["id"]))["status"] == "queued"


async def test_a_second_stop_leaves_running_jobs_to_their_lease(
    client: httpx.AsyncClient, make_settings: MakeSettings, pool: asyncpg.Pool
) -> None:
    async with running_worker(make_settings(job_lease_ms=1000)) as worker:
        job = await enqueue(client, "sleep", payload={"ms": 5000})
        await wait_for_job(client, job["id"], has_status("running"))
        worker.request_stop()
        worker.request_stop()
        assert await worker.finished is False
    left = await get_job(client, job["id"])
    assert (left["status"], left["result"]) == ("running", None)  # not marked done or failed
    # Its lease runs out; any worker then runs it again (shorter this time).
    await pool.execute("UPDATE jobs SET payload = '{\"ms\": 1}' WHERE id = $1", job["id"])
    await asyncio.sleep(1.1)
    async with running_worker(make_settings()):
        done = await wait_for_job(client, job["id"])
    assert (done["status"], done["attempts"]) == ("succeeded", 2)


def _seconds_between(start: str, end: str) -> float:
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()


async def test_a_job_whose_lease_was_taken_over_is_stopped_and_its_outcome_dropped(
    client: httpx.AsyncClient, make_settings: MakeSettings, pool: asyncpg.Pool
) -> None:
    async with running_worker(make_settings(job_lease_ms=1000, worker_concurrency=1)):
        job = await enqueue(client, "sleep", payload={"ms": 5000})
        await wait_for_job(client, job["id"], has_status("running"))
        # As if this worker had stalled past its lease and another worker had claimed the job.
        await pool.execute(
            """UPDATE jobs
                  SET locked_by = 'other-worker:1', locked_until = now() + interval '1 hour'
                WHERE id = $1""",
            job["id"],
        )
        # The next heartbeat (a third of the lease) finds the lease gone and stops the job:
        # its only slot is free again long before the 5 s sleep would have ended.
        echo = await enqueue(client)
        assert (await wait_for_job(client, echo["id"], within=2))["status"] == "succeeded"
    row = await pool.fetchrow("SELECT status, locked_by, result FROM jobs WHERE id = $1", job["id"])
    assert row is not None
    assert (row["status"], row["locked_by"], row["result"]) == ("running", "other-worker:1", None)


async def test_a_job_whose_worker_died_in_its_last_attempt_is_dead(
    client: httpx.AsyncClient, make_settings: MakeSettings, pool: asyncpg.Pool
) -> None:
    job = await enqueue(client, "echo", maxAttempts=1)
    await pool.execute(
        """UPDATE jobs SET status = 'running', attempts = 1, locked_by = 'dead-worker:1',
                  locked_until = now() - interval '1 second'
            WHERE id = $1""",
        job["id"],
    )
    async with running_worker(make_settings()):
        dead = await wait_for_job(client, job["id"])
    assert (dead["status"], dead["attempts"], dead["result"]) == ("dead", 2, None)
    assert "stopped without a result" in dead["lastError"]


async def test_with_redis_down_the_api_warns_once_not_once_per_job(
    start_app: StartApp, caplog: pytest.LogCaptureFixture
) -> None:
    async with start_app(redis_url=CLOSED_PORT_REDIS) as client:
        for _ in range(3):
            await enqueue(client)
    warnings = [r for r in caplog.records if r.name == "app.jobs.wakeups" and "redis down" in r.msg]
    assert len(warnings) == 1
