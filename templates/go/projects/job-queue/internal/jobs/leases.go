package jobs

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// Lease is a worker's hold on a running job: the token its claim wrote into
// locked_by. Only the holder of the current token can record the outcome.
type Lease struct {
	JobID int64
	Token string
}

// claimSQL takes up to $2 jobs in one statement: running jobs whose lease
// expired (their worker died or stalled), then due jobs (queued, or failed and
// waiting for their retry time). Each kind is one walk of its own partial
// index, so a claim never sorts the whole backlog. FOR UPDATE SKIP LOCKED makes
// concurrent claims step over the rows another claim is taking, so no two
// workers ever get the same job and none waits for another. Each claim writes
// its own token into locked_by and counts one attempt. A job taken over from an
// expired lease gets a lastError saying so.
const claimSQL = `
	WITH claimable AS (
	  SELECT claim_id FROM (
	    SELECT id AS claim_id FROM jobs
	    WHERE status = 'running' AND locked_until < now()
	    ORDER BY locked_until
	    LIMIT $2
	    FOR UPDATE SKIP LOCKED
	  ) expired
	  UNION ALL
	  SELECT claim_id FROM (
	    SELECT id AS claim_id FROM jobs
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
	    last_error = CASE WHEN status = 'running'
	                      THEN 'the lease of attempt ' || attempts || ' expired before it finished'
	                      ELSE last_error END,
	    updated_at = now()
	FROM claimable
	WHERE jobs.id = claimable.claim_id
	RETURNING ` + jobColumns

// Claim leases up to limit jobs to token for the lease duration.
func (s *Store) Claim(ctx context.Context, token string, limit int, lease time.Duration) ([]Job, error) {
	rows, err := s.pool.Query(ctx, claimSQL, token, limit, lease.Milliseconds())
	if err != nil {
		return nil, err
	}
	return scanJobs(rows)
}

// UntilNextDue returns how long until the next job can be claimed: the
// earliest runAt of the waiting jobs, or the earliest lease expiry of the
// running ones. ok is false when no job is waiting or running. It is measured
// on the database's clock, the clock the claim compares with.
func (s *Store) UntilNextDue(ctx context.Context) (wait time.Duration, ok bool, err error) {
	var ms *float64
	err = s.pool.QueryRow(ctx, `
		SELECT extract(epoch FROM least(
		  (SELECT min(run_at) FROM jobs WHERE status IN ('queued', 'failed')),
		  (SELECT min(locked_until) FROM jobs WHERE status = 'running')
		) - now()) * 1000`).Scan(&ms)
	if err != nil || ms == nil {
		return 0, false, err
	}
	return max(0, time.Duration(*ms*float64(time.Millisecond))), true, nil
}

// Extend is the heartbeat: it pushes the lease of every job in leases the
// lease duration into the future, in one statement, and returns the leases it
// extended. A lease missing from the answer is no longer held: it expired and
// another worker claimed the job.
func (s *Store) Extend(ctx context.Context, leases []Lease, lease time.Duration) (map[Lease]bool, error) {
	ids := make([]int64, len(leases))
	tokens := make([]string, len(leases))
	for i, l := range leases {
		ids[i], tokens[i] = l.JobID, l.Token
	}
	rows, err := s.pool.Query(ctx, `
		UPDATE jobs
		SET locked_until = now() + $3 * interval '1 millisecond'
		FROM unnest($1::bigint[], $2::text[]) AS held(id, token)
		WHERE jobs.id = held.id AND jobs.locked_by = held.token AND jobs.status = 'running'
		RETURNING jobs.id, jobs.locked_by`, ids, tokens, lease.Milliseconds())
	if err != nil {
		return nil, err
	}
	extended := make(map[Lease]bool, len(leases))
	var l Lease
	_, err = pgx.ForEachRow(rows, []any{&l.JobID, &l.Token}, func() error {
		extended[l] = true
		return nil
	})
	return extended, err
}

// The three ways an attempt ends: Complete, ScheduleRetry and Bury. Each
// applies only while the caller holds the lease (locked_by = its token, status
// running), so a worker whose lease expired, and whose job another worker
// claimed, cannot overwrite the newer attempt. Each tells which leases were
// still held.

// Completion is a successful attempt to record: its lease and its result (JSON).
type Completion struct {
	Lease  Lease
	Result []byte
}

// Complete records successful attempts, all in one statement (and so one
// commit), and returns the leases that were still held. One result that
// Postgres cannot store fails them all with ErrNotStorable.
func (s *Store) Complete(ctx context.Context, done []Completion) (map[Lease]bool, error) {
	ids := make([]int64, len(done))
	tokens := make([]string, len(done))
	results := make([]string, len(done))
	for i, c := range done {
		ids[i], tokens[i], results[i] = c.Lease.JobID, c.Lease.Token, string(c.Result)
	}
	rows, err := s.pool.Query(ctx, `
		UPDATE jobs
		SET status = 'succeeded', result = done.result::jsonb, locked_by = NULL, locked_until = NULL,
		    finished_at = now(), updated_at = now()
		FROM unnest($1::bigint[], $2::text[], $3::text[]) AS done(id, token, result)
		WHERE jobs.id = done.id AND jobs.locked_by = done.token AND jobs.status = 'running'
		RETURNING jobs.id, done.token`, ids, tokens, results)
	if err != nil {
		return nil, notStorable(err)
	}
	held := make(map[Lease]bool, len(done))
	var l Lease
	_, err = pgx.ForEachRow(rows, []any{&l.JobID, &l.Token}, func() error {
		held[l] = true
		return nil
	})
	return held, notStorable(err)
}

// ScheduleRetry records a failed attempt that has a successor: the job waits
// in status failed until delay from now.
func (s *Store) ScheduleRetry(ctx context.Context, l Lease, lastError string, delay time.Duration) (bool, error) {
	tag, err := s.pool.Exec(ctx, `
		UPDATE jobs
		SET status = 'failed', last_error = $3, run_at = now() + $4 * interval '1 millisecond',
		    locked_by = NULL, locked_until = NULL, updated_at = now()
		WHERE id = $1 AND locked_by = $2 AND status = 'running'`, l.JobID, l.Token, lastError, delay.Milliseconds())
	return tag.RowsAffected() == 1, err
}

// Bury records a failed last attempt: the job is dead (a dead letter) until
// someone retries it.
func (s *Store) Bury(ctx context.Context, l Lease, lastError string) (bool, error) {
	tag, err := s.pool.Exec(ctx, `
		UPDATE jobs
		SET status = 'dead', last_error = $3, locked_by = NULL, locked_until = NULL,
		    finished_at = now(), updated_at = now()
		WHERE id = $1 AND locked_by = $2 AND status = 'running'`, l.JobID, l.Token, lastError)
	return tag.RowsAffected() == 1, err
}
