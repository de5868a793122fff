// Package jobs is the queue itself, free of HTTP: the jobs table (enqueue,
// read, claim under a lease, record outcomes), retry backoff, the registry of
// job types, the worker that runs them, and wake-ups over Redis pub/sub.
package jobs

import (
	"encoding/json"
	"errors"
	"time"
)

// Status is where a job is in its life:
//
//	queued -> running -> succeeded
//	             |-> failed (a retry is scheduled) -> running -> ...
//	             '-> dead (its last allowed attempt failed; POST /jobs/{id}/retry requeues it)
type Status string

// The statuses a job can have (the CHECK constraint of the jobs table).
const (
	StatusQueued    Status = "queued"
	StatusRunning   Status = "running"
	StatusSucceeded Status = "succeeded"
	StatusFailed    Status = "failed"
	StatusDead      Status = "dead"
)

// Statuses lists every status, in the order GET /stats shows them.
var Statuses = []Status{StatusQueued, StatusRunning, StatusSucceeded, StatusFailed, StatusDead}

// Valid reports whether s is one of Statuses.
func (s Status) Valid() bool {
	for _, known := range Statuses {
		if s == known {
			return true
		}
	}
	return false
}

// Job is one row of the jobs table.
type Job struct {
	ID      int64
	Type    string
	Payload json.RawMessage // JSON; "null" when the job was enqueued without one
	Status  Status
	// Attempts counts the attempts started: a claim adds one before the handler
	// runs, so a worker that dies mid-job still used up an attempt.
	Attempts    int
	MaxAttempts int
	RunAt       time.Time  // the job is not claimed before this time
	LockedBy    *string    // the claim token of the lease holder, while running
	LockedUntil *time.Time // when that lease expires, unless the heartbeat extends it
	LastError   *string    // the error of the last failed attempt
	Result      json.RawMessage
	CreatedAt   time.Time
	UpdatedAt   time.Time
	FinishedAt  *time.Time // when it succeeded or died
}

// NewJob is what POST /jobs asks for, already validated.
type NewJob struct {
	Type           string
	Payload        json.RawMessage // nil means null
	RunAt          *time.Time      // nil means now
	MaxAttempts    int
	IdempotencyKey *string
}

// Limits of a new job.
const (
	DefaultMaxAttempts      = 5
	MinMaxAttempts          = 1
	MaxMaxAttempts          = 100
	MaxIdempotencyKeyLength = 200     // characters
	MaxPayloadBytes         = 1 << 20 // 1 MiB of JSON
)

// Errors the store returns for the API to map to 404, 409 and 400.
var (
	ErrNotFound = errors.New("job not found")
	ErrNotDead  = errors.New("job is not dead")
	// ErrNotStorable is valid JSON that jsonb refuses: a string holding
	// \u0000 or half of a surrogate pair (\ud800), or a number beyond the
	// range of Postgres's numeric (1e200000).
	ErrNotStorable = errors.New(`the JSON holds what Postgres jsonb cannot store (a string with \u0000 or an unpaired surrogate like \ud800, or a number out of range)`)
)
