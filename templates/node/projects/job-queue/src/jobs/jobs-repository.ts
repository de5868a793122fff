import type { Pool } from '../db/pool.js';

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'dead'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export interface JobRecord {
  id: number;
  type: string;
  payload: unknown;
  status: JobStatus;
  /** Attempts started so far: a claim counts one before the handler runs. */
  attempts: number;
  maxAttempts: number;
  runAt: Date;
  /** The claim token of the worker that holds the lease, while the job is running. */
  lockedBy: string | null;
  lockedUntil: Date | null;
  lastError: string | null;
  result: unknown;
  idempotencyKey: string | null;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

export interface NewJob {
  type: string;
  payload: unknown;
  /** When the job may run; now when absent. */
  runAt?: Date;
  maxAttempts: number;
  idempotencyKey?: string;
}

/** A lease a worker holds: the job and the token its claim wrote into locked_by. */
export interface Lease {
  id: number;
  token: string;
}

interface JobRow {
  id: string; // BIGINT comes back from pg as a string
  type: string;
  payload: unknown; // jsonb is parsed by pg
  status: JobStatus;
  attempts: number;
  max_attempts: number;
  run_at: Date;
  locked_by: string | null;
  locked_until: Date | null;
  last_error: string | null;
  result: unknown;
  idempotency_key: string | null;
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
}

const COLUMN_NAMES = [
  'id',
  'type',
  'payload',
  'status',
  'attempts',
  'max_attempts',
  'run_at',
  'locked_by',
  'locked_until',
  'last_error',
  'result',
  'idempotency_key',
  'created_at',
  'updated_at',
  'finished_at',
];
const COLUMNS = COLUMN_NAMES.join(', ');
// For an UPDATE ... FROM, where another relation has an id column too.
const PREFIXED_COLUMNS = COLUMN_NAMES.map((name) => `jobs.${name}`).join(', ');

const toRecord = (row: JobRow): JobRecord => ({
  id: Number(row.id),
  type: row.type,
  payload: row.payload,
  status: row.status,
  attempts: row.attempts,
  maxAttempts: row.max_attempts,
  runAt: row.run_at,
  lockedBy: row.locked_by,
  lockedUntil: row.locked_until,
  lastError: row.last_error,
  result: row.result,
  idempotencyKey: row.idempotency_key,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  finishedAt: row.finished_at,
});

// pg would turn a JS array into a Postgres array: JSON values always go in as text, cast to jsonb.
const toJsonParam = (value: unknown): string => JSON.stringify(value ?? null);

/**
 * Every SQL statement about jobs lives here: what the API does (enqueue, read,
 * retry) and what a worker does (claim, heartbeat, complete, fail).
 */
export class JobsRepository {
  constructor(private readonly pool: Pool) {}

  // ---- API side -------------------------------------------------------------

  /**
   * Inserts a job. With an idempotency key that is already taken, inserts nothing
   * and returns the existing job with created = false. ON CONFLICT DO NOTHING waits
   * for a concurrent insert of the same key to commit, so ten racing requests
   * create exactly one row and all see it.
   */
  async insert(job: NewJob): Promise<{ job: JobRecord; created: boolean }> {
    const { rows } = await this.pool.query<JobRow>(
      `INSERT INTO jobs (type, payload, run_at, max_attempts, idempotency_key)
       VALUES ($1, $2::jsonb, coalesce($3::timestamptz, now()), $4, $5)
       ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
       RETURNING ${COLUMNS}`,
      [
        job.type,
        toJsonParam(job.payload),
        job.runAt ?? null,
        job.maxAttempts,
        job.idempotencyKey ?? null,
      ],
    );
    if (rows[0]) return { job: toRecord(rows[0]), created: true };

    const existing = await this.pool.query<JobRow>(
      `SELECT ${COLUMNS} FROM jobs WHERE idempotency_key = $1`,
      [job.idempotencyKey],
    );
    if (!existing.rows[0]) throw new Error('idempotency key conflict without a row');
    return { job: toRecord(existing.rows[0]), created: false };
  }

  /** `id` is a decimal string already checked to fit a bigint. */
  async find(id: string): Promise<JobRecord | undefined> {
    const { rows } = await this.pool.query<JobRow>(`SELECT ${COLUMNS} FROM jobs WHERE id = $1`, [
      id,
    ]);
    return rows[0] && toRecord(rows[0]);
  }

  /** Newest first; jobs_status_id serves the filtered list, the primary key the other. */
  async list(filter: { status?: JobStatus; limit: number }): Promise<JobRecord[]> {
    const { rows } = filter.status
      ? await this.pool.query<JobRow>(
          `SELECT ${COLUMNS} FROM jobs WHERE status = $1 ORDER BY id DESC LIMIT $2`,
          [filter.status, filter.limit],
        )
      : await this.pool.query<JobRow>(`SELECT ${COLUMNS} FROM jobs ORDER BY id DESC LIMIT $1`, [
          filter.limit,
        ]);
    return rows.map(toRecord);
  }

  async countByStatus(): Promise<Record<JobStatus, number>> {
    const { rows } = await this.pool.query<{ status: JobStatus; count: string }>(
      'SELECT status, count(*) AS count FROM jobs GROUP BY status',
    );
    const counts = Object.fromEntries(JOB_STATUSES.map((status) => [status, 0])) as Record<
      JobStatus,
      number
    >;
    for (const row of rows) counts[row.status] = Number(row.count);
    return counts;
  }

  /**
   * Puts a dead job back in the queue to run now, with a fresh set of attempts.
   * Returns undefined when the job is not dead (or does not exist).
   */
  async requeueDead(id: string): Promise<JobRecord | undefined> {
    const { rows } = await this.pool.query<JobRow>(
      `UPDATE jobs
       SET status = 'queued', attempts = 0, run_at = now(), finished_at = NULL, updated_at = now()
       WHERE id = $1 AND status = 'dead'
       RETURNING ${COLUMNS}`,
      [id],
    );
    return rows[0] && toRecord(rows[0]);
  }

  // ---- Worker side ------------------------------------------------------------

  /**
   * Claims up to `limit` jobs in one statement: running jobs whose lease expired
   * (their worker died) first, then due jobs (queued, or failed and waiting for
   * their retry time), oldest first. FOR UPDATE SKIP LOCKED lets concurrent
   * claimers pass over rows another claim is taking, so no two workers ever get the
   * same job and none waits. Each claim writes its own token into locked_by and
   * counts one attempt.
   *
   * The two kinds are picked by two index scans (jobs_expired_leases, jobs_due)
   * rather than one `WHERE (...) OR (...)`: with an OR, Postgres must find and sort
   * every claimable row before taking the first few, which costs more the longer
   * the backlog grows; each index scan stops after `limit` rows. The pick is a CTE,
   * which runs exactly once, so it never locks more rows than it hands to the UPDATE.
   */
  async claim(token: string, limit: number, leaseMs: number): Promise<JobRecord[]> {
    const { rows } = await this.pool.query<JobRow>(
      `WITH claimable AS (
         SELECT id FROM (
           SELECT id FROM jobs
           WHERE status = 'running' AND locked_until < now()
           ORDER BY locked_until
           LIMIT $2
           FOR UPDATE SKIP LOCKED
         ) expired
         UNION ALL
         SELECT id FROM (
           SELECT id FROM jobs
           WHERE status IN ('queued', 'failed') AND run_at <= now()
           ORDER BY run_at, id
           LIMIT $2
           FOR UPDATE SKIP LOCKED
         ) due
         LIMIT $2
       )
       UPDATE jobs
       SET status = 'running',
           attempts = attempts + 1,
           locked_by = $1,
           locked_until = now() + $3 * interval '1 millisecond',
           updated_at = now()
       FROM claimable
       WHERE jobs.id = claimable.id
       RETURNING ${PREFIXED_COLUMNS}`,
      [token, limit, leaseMs],
    );
    return rows.map(toRecord).sort((a, b) => a.runAt.getTime() - b.runAt.getTime() || a.id - b.id);
  }

  /**
   * Milliseconds until the next queued or failed job is due (0 when one is due
   * now), or undefined when none is waiting. Measured on the database's clock,
   * the same clock the claim compares run_at with.
   */
  async msUntilNextDue(): Promise<number | undefined> {
    const { rows } = await this.pool.query<{ ms: number | null }>(
      `SELECT greatest(0, extract(epoch FROM min(run_at) - now()) * 1000)::float8 AS ms
       FROM jobs WHERE status IN ('queued', 'failed')`,
    );
    return rows[0]?.ms ?? undefined;
  }

  /**
   * The heartbeat: pushes the lease of every job the worker still holds `leaseMs`
   * into the future, in one statement. Returns the ids whose lease it extended; a
   * job missing from the answer was taken over by another worker after its lease
   * expired.
   */
  async extendLeases(leases: Lease[], leaseMs: number): Promise<Set<number>> {
    if (leases.length === 0) return new Set();
    const { rows } = await this.pool.query<{ id: string }>(
      `UPDATE jobs
       SET locked_until = now() + $3 * interval '1 millisecond'
       FROM unnest($1::bigint[], $2::text[]) AS held(id, token)
       WHERE jobs.id = held.id AND jobs.locked_by = held.token AND jobs.status = 'running'
       RETURNING jobs.id`,
      [leases.map((lease) => lease.id), leases.map((lease) => lease.token), leaseMs],
    );
    return new Set(rows.map((row) => Number(row.id)));
  }

  /*
   * The three ways an attempt ends. Each only applies while the caller still holds
   * the lease (locked_by = its claim token, status running): a worker whose lease
   * expired and whose job was claimed again cannot overwrite the newer attempt.
   * Each returns false when the lease was no longer held.
   */

  async complete(lease: Lease, result: unknown): Promise<boolean> {
    const completed = await this.completeMany([{ lease, resultJson: toJsonParam(result) }]);
    return completed.has(lease.id);
  }

  /**
   * Records many successes in one statement (and one commit), each with its result
   * as JSON text. Returns the ids it completed; a job missing from the answer had
   * lost its lease.
   */
  async completeMany(attempts: { lease: Lease; resultJson: string }[]): Promise<Set<number>> {
    if (attempts.length === 0) return new Set();
    const { rows } = await this.pool.query<{ id: string }>(
      `UPDATE jobs
       SET status = 'succeeded', result = done.result, locked_by = NULL, locked_until = NULL,
           finished_at = now(), updated_at = now()
       FROM unnest($1::bigint[], $2::text[], $3::jsonb[]) AS done(id, token, result)
       WHERE jobs.id = done.id AND jobs.locked_by = done.token AND jobs.status = 'running'
       RETURNING jobs.id`,
      [
        attempts.map(({ lease }) => lease.id),
        attempts.map(({ lease }) => lease.token),
        attempts.map(({ resultJson }) => resultJson),
      ],
    );
    return new Set(rows.map((row) => Number(row.id)));
  }

  /** The attempt failed and another is allowed: back in line, due `delayMs` from now. */
  async scheduleRetry(lease: Lease, error: string, delayMs: number): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `UPDATE jobs
       SET status = 'failed', last_error = $3, run_at = now() + $4 * interval '1 millisecond',
           locked_by = NULL, locked_until = NULL, updated_at = now()
       WHERE id = $1 AND locked_by = $2 AND status = 'running'`,
      [lease.id, lease.token, error, delayMs],
    );
    return rowCount === 1;
  }

  /** The last allowed attempt failed: the job is dead (a dead letter) until someone retries it. */
  async markDead(lease: Lease, error: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `UPDATE jobs
       SET status = 'dead', last_error = $3, locked_by = NULL, locked_until = NULL,
           finished_at = now(), updated_at = now()
       WHERE id = $1 AND locked_by = $2 AND status = 'running'`,
      [lease.id, lease.token, error],
    );
    return rowCount === 1;
  }
}
