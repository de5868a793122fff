"""The claim and the lease, at the SQL level: what makes the queue safe with many workers."""

import asyncio
import json

import asyncpg

from app.jobs.queue import ClaimedJob, JobQueue
from tests.jobs.conftest import SHORT_LEASE_MS

LEASE_RUNS_OUT = SHORT_LEASE_MS / 1000 + 0.1  # seconds


async def insert_jobs(pool: asyncpg.Pool, count: int, run_in_seconds: int = 0) -> list[int]:
    rows = await pool.fetch(
        """INSERT INTO jobs (type, payload, run_at)
           SELECT 'echo', to_jsonb(n), now() + $2 * interval '1 second'
             FROM generate_series(1, $1) AS n
           RETURNING id""",
        count,
        run_in_seconds,
    )
    return [row["id"] for row in rows]


async def status_of(pool: asyncpg.Pool, job_id: int) -> asyncpg.Record:
    row = await pool.fetchrow(
        "SELECT status, attempts, locked_by, result FROM jobs WHERE id = $1", job_id
    )
    assert row is not None, f"job {job_id} not found"
    return row


async def test_a_claim_takes_up_to_the_limit_oldest_first(
    pool: asyncpg.Pool, queue: JobQueue
) -> None:
    ids = await insert_jobs(pool, 8)
    claimed = await queue.claim("worker-a:1", 5)
    assert [job.id for job in claimed] == ids[:5]
    assert all(job.attempt == 1 and job.token == "worker-a:1" for job in claimed)
    row = await status_of(pool, ids[0])
    assert (row["status"], row["attempts"], row["locked_by"]) == ("running", 1, "worker-a:1")
    assert [job.id for job in await queue.claim("worker-b:1", 5)] == ids[5:]
    assert await queue.claim("worker-c:1", 5) == []


async def test_concurrent_claimers_never_get_the_same_job(pool: asyncpg.Pool) -> None:
    ids = await insert_jobs(pool, 300)
    queue = JobQueue(pool, lease_ms=60_000)

    async def claim_until_empty(name: str) -> list[int]:
        mine: list[int] = []
        for turn in range(1000):
            batch = await queue.claim(f"{name}:{turn}", 7)
            if not batch:
                return mine
            mine.extend(job.id for job in batch)
        return mine

    results = await asyncio.gather(*(claim_until_empty(f"worker-{n}") for n in range(6)))
    claimed = [job_id for result in results for job_id in result]
    assert sorted(claimed) == ids  # every job once: no duplicates, none missed
    assert sum(1 for result in results if result) > 1  # the claimers really did share the work


async def test_a_job_due_later_is_not_claimed(
    pool: asyncpg.Pool, short_lease_queue: JobQueue
) -> None:
    await insert_jobs(pool, 1, run_in_seconds=3600)
    assert await short_lease_queue.claim("worker-a:1", 10) == []
    wait = await short_lease_queue.seconds_until_next_due()
    assert wait is not None and 3500 < wait <= 3600


async def test_an_expired_lease_is_claimed_again(
    pool: asyncpg.Pool, short_lease_queue: JobQueue
) -> None:
    [job_id] = await insert_jobs(pool, 1)
    assert len(await short_lease_queue.claim("crashed-worker:1", 1)) == 1
    assert await short_lease_queue.claim("worker-b:1", 1) == []  # the lease still holds

    await asyncio.sleep(LEASE_RUNS_OUT)  # its worker "crashed"
    [second] = await short_lease_queue.claim("worker-b:1", 1)
    assert second.id == job_id
    assert second.attempt == 2  # the crashed run counts as an attempt


async def test_a_stale_lease_holder_cannot_record_an_outcome(
    pool: asyncpg.Pool, short_lease_queue: JobQueue
) -> None:
    [job_id] = await insert_jobs(pool, 1)
    [stale] = await short_lease_queue.claim("slow-worker:1", 1)
    await asyncio.sleep(LEASE_RUNS_OUT)
    [current] = await short_lease_queue.claim("worker-b:1", 1)

    # The slow worker finishes late: every write of its outcome is refused.
    assert await short_lease_queue.complete([(stale, json.dumps("stale"))]) == set()
    assert await short_lease_queue.retry_later(stale, "stale failure", 10) is False
    assert await short_lease_queue.bury(stale, "stale failure") is False
    assert await short_lease_queue.extend_leases([stale]) == set()
    row = await status_of(pool, job_id)
    assert (row["status"], row["locked_by"]) == ("running", "worker-b:1")

    assert await short_lease_queue.complete([(current, json.dumps("fresh"))]) == {current.claim}
    row = await status_of(pool, job_id)
    assert (row["status"], json.loads(row["result"])) == ("succeeded", "fresh")
    assert await short_lease_queue.bury(stale, "too late") is False


async def test_the_same_worker_claiming_again_gets_a_new_token(
    pool: asyncpg.Pool, short_lease_queue: JobQueue
) -> None:
    # Tokens are per claim: a worker that lost a lease and claimed the job back cannot record
    # the old attempt's outcome over the new one.
    await insert_jobs(pool, 1)
    [old] = await short_lease_queue.claim("worker-a:claim-1", 1)
    await asyncio.sleep(LEASE_RUNS_OUT)
    [new] = await short_lease_queue.claim("worker-a:claim-2", 1)
    assert await short_lease_queue.complete([(old, "1")]) == set()
    assert await short_lease_queue.complete([(new, "2")]) == {new.claim}


async def test_extending_a_lease_keeps_the_job_from_other_claimers(
    pool: asyncpg.Pool, short_lease_queue: JobQueue
) -> None:
    await insert_jobs(pool, 1)
    [job] = await short_lease_queue.claim("worker-a:1", 1)
    for _ in range(8):  # 2.4 s in all, more than twice the lease, renewed every 300 ms
        await asyncio.sleep(0.3)
        assert await short_lease_queue.extend_leases([job]) == {job.claim}
    assert await short_lease_queue.claim("worker-b:1", 1) == []


async def test_completions_are_recorded_in_one_batch(
    pool: asyncpg.Pool, short_lease_queue: JobQueue
) -> None:
    ids = await insert_jobs(pool, 3)
    claimed = await short_lease_queue.claim("worker-a:1", 3)
    outcomes = [(job, json.dumps({"n": job.id})) for job in claimed]
    assert await short_lease_queue.complete(outcomes) == {job.claim for job in claimed}
    rows = await pool.fetch("SELECT status, result FROM jobs ORDER BY id")
    assert [(row["status"], json.loads(row["result"])) for row in rows] == [
        ("succeeded", {"n": job_id}) for job_id in ids
    ]


async def test_failures_schedule_a_retry_or_bury_the_job(
    pool: asyncpg.Pool, short_lease_queue: JobQueue
) -> None:
    retried, buried = await insert_jobs(pool, 2)
    jobs: dict[int, ClaimedJob] = {
        job.id: job for job in await short_lease_queue.claim("worker-a:1", 2)
    }
    assert await short_lease_queue.retry_later(jobs[retried], "boom", 60_000)
    assert await short_lease_queue.bury(jobs[buried], "boom for good")

    row = await pool.fetchrow(
        "SELECT status, last_error, run_at - now() AS wait, locked_by FROM jobs WHERE id = $1",
        retried,
    )
    assert row is not None
    assert (row["status"], row["last_error"], row["locked_by"]) == ("failed", "boom", None)
    assert 59 < row["wait"].total_seconds() <= 60
    row = await pool.fetchrow(
        "SELECT status, last_error, finished_at FROM jobs WHERE id = $1", buried
    )
    assert row is not None
    assert (row["status"], row["last_error"]) == ("dead", "boom for good")
    assert row["finished_at"] is not None
    assert await short_lease_queue.claim("worker-b:1", 2) == []  # neither is due
