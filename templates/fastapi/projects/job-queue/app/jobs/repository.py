"""The API's SQL: enqueue, read, list, requeue dead jobs, count by status."""

from dataclasses import dataclass
from datetime import datetime

import asyncpg

from app.jobs.model import JOB_COLUMNS, JOB_STATUSES, Job, JobStatus


@dataclass(frozen=True)
class NewJob:
    type: str
    payload_json: str
    run_at: datetime | None  # None: now, by Postgres's clock
    max_attempts: int
    idempotency_key: str | None


class JobRepository:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def enqueue(self, new: NewJob) -> tuple[Job, bool]:
        """Inserts the job, or returns the job that already has its idempotency key.
        The boolean says whether this call created it."""
        # ON CONFLICT ... DO NOTHING waits for a concurrent insert of the same key to commit,
        # then skips: of ten requests racing with one key, exactly one inserts.
        row = await self._pool.fetchrow(
            f"""INSERT INTO jobs (type, payload, run_at, max_attempts, idempotency_key)
                VALUES ($1, $2::jsonb, coalesce($3, now()), $4, $5)
                ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
                RETURNING {JOB_COLUMNS}""",
            new.type,
            new.payload_json,
            new.run_at,
            new.max_attempts,
            new.idempotency_key,
        )
        if row is not None:
            return Job.from_row(row), True
        # The key was taken; the statement above waited for its job to commit, so it is visible.
        row = await self._pool.fetchrow(
            f"SELECT {JOB_COLUMNS} FROM jobs WHERE idempotency_key = $1", new.idempotency_key
        )
        assert row is not None  # jobs are never deleted: the job that took the key is there
        return Job.from_row(row), False

    async def find(self, job_id: int) -> Job | None:
        row = await self._pool.fetchrow(f"SELECT {JOB_COLUMNS} FROM jobs WHERE id = $1", job_id)
        return Job.from_row(row) if row else None

    async def list_newest(self, status: JobStatus | None, limit: int) -> list[Job]:
        # Two statements rather than `status = $1 OR $1 IS NULL`, so each gets a plan that
        # uses its index: (status, id DESC) with a status, the primary key without.
        if status is None:
            rows = await self._pool.fetch(
                f"SELECT {JOB_COLUMNS} FROM jobs ORDER BY id DESC LIMIT $1", limit
            )
        else:
            rows = await self._pool.fetch(
                f"SELECT {JOB_COLUMNS} FROM jobs WHERE status = $1 ORDER BY id DESC LIMIT $2",
                status,
                limit,
            )
        return [Job.from_row(row) for row in rows]

    async def requeue_dead(self, job_id: int) -> Job | None:
        """A dead job back to `queued`, due now, with its attempts reset; None when the job is
        not dead (or does not exist). `lastError` stays, as a record of why it died."""
        row = await self._pool.fetchrow(
            f"""UPDATE jobs
                   SET status = 'queued', attempts = 0, run_at = now(), finished_at = NULL,
                       locked_by = NULL, locked_until = NULL, updated_at = now()
                 WHERE id = $1 AND status = 'dead'
             RETURNING {JOB_COLUMNS}""",
            job_id,
        )
        return Job.from_row(row) if row else None

    async def count_by_status(self) -> dict[JobStatus, int]:
        rows = await self._pool.fetch("SELECT status, count(*) AS n FROM jobs GROUP BY status")
        counts: dict[JobStatus, int] = dict.fromkeys(JOB_STATUSES, 0)
        counts.update({row["status"]: row["n"] for row in rows})
        return counts
