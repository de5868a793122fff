package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Store holds every SQL statement about jobs: what the API does (this file)
// and what a worker does (leases.go).
type Store struct {
	pool *pgxpool.Pool
}

// NewStore returns a Store using pool.
func NewStore(pool *pgxpool.Pool) *Store {
	return &Store{pool: pool}
}

// notStorable maps the errors Postgres gives for JSON that jsonb cannot hold
// (22P05 for \u0000, 22P02 for an unpaired surrogate, 22003 for a number out
// of range) to ErrNotStorable.
func notStorable(err error) error {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && (pgErr.Code == "22P05" || pgErr.Code == "22P02" || pgErr.Code == "22003") {
		return fmt.Errorf("%w (%s)", ErrNotStorable, pgErr.Message)
	}
	return err
}

const jobColumns = `id, type, payload, status, attempts, max_attempts, run_at, locked_by, locked_until,
	last_error, result, created_at, updated_at, finished_at`

func scanJob(row pgx.Row) (Job, error) {
	var j Job
	err := row.Scan(&j.ID, &j.Type, &j.Payload, &j.Status, &j.Attempts, &j.MaxAttempts, &j.RunAt,
		&j.LockedBy, &j.LockedUntil, &j.LastError, &j.Result, &j.CreatedAt, &j.UpdatedAt, &j.FinishedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return Job{}, ErrNotFound
	}
	return j, err
}

func scanJobs(rows pgx.Rows) ([]Job, error) {
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Job, error) { return scanJob(row) })
}

// Enqueue inserts a job and reports created = true. With an idempotency key
// that a job already has, it inserts nothing and returns that job with
// created = false. ON CONFLICT DO NOTHING waits for a concurrent insert of the
// same key to commit, so ten racing requests with one key make exactly one
// row, and the nine that lose find it with the SELECT.
func (s *Store) Enqueue(ctx context.Context, n NewJob) (job Job, created bool, err error) {
	payload := n.Payload
	if payload == nil {
		payload = json.RawMessage("null")
	}
	job, err = scanJob(s.pool.QueryRow(ctx, `
		INSERT INTO jobs (type, payload, run_at, max_attempts, idempotency_key)
		VALUES ($1, $2, coalesce($3, now()), $4, $5)
		ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
		RETURNING `+jobColumns,
		n.Type, payload, n.RunAt, n.MaxAttempts, n.IdempotencyKey))
	if err == nil || !errors.Is(err, ErrNotFound) || n.IdempotencyKey == nil {
		return job, err == nil, notStorable(err)
	}
	job, err = scanJob(s.pool.QueryRow(ctx,
		"SELECT "+jobColumns+" FROM jobs WHERE idempotency_key = $1", *n.IdempotencyKey))
	return job, false, err
}

// Get returns the job with this id, or ErrNotFound.
func (s *Store) Get(ctx context.Context, id int64) (Job, error) {
	return scanJob(s.pool.QueryRow(ctx, "SELECT "+jobColumns+" FROM jobs WHERE id = $1", id))
}

// List returns up to limit jobs, newest first, of one status or (status "") of
// any. The jobs_status_id index serves the first, the primary key the second.
func (s *Store) List(ctx context.Context, status Status, limit int) ([]Job, error) {
	var rows pgx.Rows
	var err error
	if status == "" {
		rows, err = s.pool.Query(ctx, "SELECT "+jobColumns+" FROM jobs ORDER BY id DESC LIMIT $1", limit)
	} else {
		rows, err = s.pool.Query(ctx,
			"SELECT "+jobColumns+" FROM jobs WHERE status = $1 ORDER BY id DESC LIMIT $2", status, limit)
	}
	if err != nil {
		return nil, err
	}
	return scanJobs(rows)
}

// Stats counts the jobs of each status; every status is in the map.
func (s *Store) Stats(ctx context.Context) (map[Status]int64, error) {
	rows, err := s.pool.Query(ctx, "SELECT status, count(*) FROM jobs GROUP BY status")
	if err != nil {
		return nil, err
	}
	counts := make(map[Status]int64, len(Statuses))
	for _, status := range Statuses {
		counts[status] = 0
	}
	var status Status
	var count int64
	_, err = pgx.ForEachRow(rows, []any{&status, &count}, func() error {
		counts[status] = count
		return nil
	})
	return counts, err
}

// Retry puts a dead job back in the queue to run now with a fresh set of
// attempts; lastError stays until the next attempt ends. ErrNotDead when the
// job is in another status, ErrNotFound when there is no such job.
func (s *Store) Retry(ctx context.Context, id int64) (Job, error) {
	job, err := scanJob(s.pool.QueryRow(ctx, `
		UPDATE jobs
		SET status = 'queued', attempts = 0, run_at = now(), finished_at = NULL, updated_at = now()
		WHERE id = $1 AND status = 'dead'
		RETURNING `+jobColumns, id))
	if !errors.Is(err, ErrNotFound) {
		return job, err
	}
	if _, err := s.Get(ctx, id); err != nil {
		return Job{}, err
	}
	return Job{}, ErrNotDead
}
