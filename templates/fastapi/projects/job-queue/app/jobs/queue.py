"""The worker's SQL: claim due jobs under a lease, keep the lease alive, record the outcome.

Every write after the claim is guarded by `locked_by = <claim token>` and `status = 'running'`:
if this worker's lease expired and another worker claimed the job again, the old claim's token no
longer matches, so its late result cannot overwrite the newer attempt.
"""

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import asyncpg

# A job is claimable when it is due (queued, or failed and waiting for its retry) or when the
# worker running it stopped renewing its lease (it crashed or hung). FOR UPDATE SKIP LOCKED makes
# concurrent claimers step over rows another claim has locked instead of waiting for them, so two
# workers never get the same job and never queue up behind each other.
#
# Each kind of claimable job has its own partial index (jobs_expired_leases, jobs_due), and each
# subquery walks its index in order and stops after $3 rows, so a claim costs the same with ten
# jobs waiting or a million. One `WHERE (...) OR (...)` would read like the rule, but Postgres
# would have to find and sort every claimable row first. The pick is a CTE, which runs exactly
# once, so it never locks more rows than it hands to the UPDATE.
CLAIM_SQL = """
WITH claimable AS (
  SELECT id FROM (
    SELECT id
      FROM jobs
     WHERE status = 'running' AND locked_until < now()
     ORDER BY locked_until
     LIMIT $3
       FOR UPDATE SKIP LOCKED
  ) AS expired
  UNION ALL
  SELECT id FROM (
    SELECT id
      FROM jobs
     WHERE status IN ('queued', 'failed') AND run_at <= now()
     ORDER BY run_at, id
     LIMIT $3
       FOR UPDATE SKIP LOCKED
  ) AS due
  LIMIT $3
)
UPDATE jobs
   SET status = 'running',
       attempts = attempts + 1,
       locked_by = $1,
       locked_until = now() + $2 * interval '1 millisecond',
       updated_at = now()
  FROM claimable
 WHERE jobs.id = claimable.id
RETURNING jobs.id, jobs.type, jobs.payload, jobs.attempts, jobs.max_attempts
"""

EXTEND_LEASES_SQL = """
UPDATE jobs
   SET locked_until = now() + $3 * interval '1 millisecond'
  FROM unnest($1::bigint[], $2::text[]) AS held(id, token)
 WHERE jobs.id = held.id AND jobs.locked_by = held.token AND jobs.status = 'running'
RETURNING jobs.id, held.token
"""

# Records many successes in one statement (one commit instead of one per job); it returns the
# claims (job id and token) whose lease was still held.
COMPLETE_SQL = """
UPDATE jobs
   SET status = 'succeeded', result = done.result::jsonb, locked_by = NULL, locked_until = NULL,
       updated_at = now(), finished_at = now()
  FROM unnest($1::bigint[], $2::text[], $3::text[]) AS done(id, token, result)
 WHERE jobs.id = done.id AND jobs.locked_by = done.token AND jobs.status = 'running'
RETURNING jobs.id, done.token
"""

RETRY_LATER_SQL = """
UPDATE jobs
   SET status = 'failed', last_error = $3, run_at = now() + $4 * interval '1 millisecond',
       locked_by = NULL, locked_until = NULL, updated_at = now()
 WHERE id = $1 AND locked_by = $2 AND status = 'running'
"""

BURY_SQL = """
UPDATE jobs
   SET status = 'dead', last_error = $3, locked_by = NULL, locked_until = NULL,
       updated_at = now(), finished_at = now()
 WHERE id = $1 AND locked_by = $2 AND status = 'running'
"""

# How long until something may become claimable: the earliest due job or lease end. Both
# subqueries read the first entry of a partial index (jobs_due, jobs_expired_leases).
SECONDS_UNTIL_NEXT_DUE_SQL = """
SELECT extract(epoch FROM least(
         (SELECT min(run_at) FROM jobs WHERE status IN ('queued', 'failed')),
         (SELECT min(locked_until) FROM jobs WHERE status = 'running')
       ) - now())::float8
"""


# A claim: the job's id and the token its claim wrote into locked_by.
Claim = tuple[int, str]


@dataclass(frozen=True)
class ClaimedJob:
    id: int
    type: str
    payload: Any
    attempt: int  # this run's number: attempts after the claim
    max_attempts: int
    token: str  # the claim token in locked_by; proves the lease is still this claim's

    @property
    def claim(self) -> Claim:
        return (self.id, self.token)


class JobQueue:
    def __init__(self, pool: asyncpg.Pool, lease_ms: int) -> None:
        self._pool = pool
        self._lease_ms = lease_ms

    async def claim(self, token: str, limit: int) -> list[ClaimedJob]:
        """Up to `limit` claimable jobs, now running under a lease held by `token`."""
        rows = await self._pool.fetch(CLAIM_SQL, token, self._lease_ms, limit)
        return [
            ClaimedJob(
                id=row["id"],
                type=row["type"],
                payload=json.loads(row["payload"]),
                attempt=row["attempts"],
                max_attempts=row["max_attempts"],
                token=token,
            )
            for row in rows
        ]

    async def extend_leases(self, jobs: Sequence[ClaimedJob]) -> set[Claim]:
        """Pushes the lease end of these jobs one lease ahead; returns the claims still held."""
        if not jobs:
            return set()
        rows = await self._pool.fetch(
            EXTEND_LEASES_SQL, [job.id for job in jobs], [job.token for job in jobs], self._lease_ms
        )
        return {(row["id"], row["token"]) for row in rows}

    async def complete(self, outcomes: Sequence[tuple[ClaimedJob, str]]) -> set[Claim]:
        """Records successes, each with its result as JSON text; returns the claims recorded. A
        missing one had lost its lease: another claim owns the job now."""
        rows = await self._pool.fetch(
            COMPLETE_SQL,
            [job.id for job, _ in outcomes],
            [job.token for job, _ in outcomes],
            [result for _, result in outcomes],
        )
        return {(row["id"], row["token"]) for row in rows}

    async def retry_later(self, job: ClaimedJob, error: str, delay_ms: int) -> bool:
        """Records a failed attempt and schedules the next one `delay_ms` from now."""
        status = await self._pool.execute(RETRY_LATER_SQL, job.id, job.token, error, delay_ms)
        return status == "UPDATE 1"

    async def bury(self, job: ClaimedJob, error: str) -> bool:
        """Records the last allowed attempt's failure: the job is dead until someone retries it."""
        status = await self._pool.execute(BURY_SQL, job.id, job.token, error)
        return status == "UPDATE 1"

    async def seconds_until_next_due(self) -> float | None:
        """Seconds until the next job is due or lease ends (<= 0: now); None when neither exists."""
        return await self._pool.fetchval(SECONDS_UNTIL_NEXT_DUE_SQL)
