package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"example.com/project/internal/jobs"
)

// jobHandlers serve /jobs and /stats.
type jobHandlers struct {
	jobs    *jobs.Store
	wakeups *jobs.Publisher
}

// jobBody is the JSON of a job.
type jobBody struct {
	ID          int64           `json:"id"`
	Type        string          `json:"type"`
	Status      jobs.Status     `json:"status"`
	Attempts    int             `json:"attempts"`
	MaxAttempts int             `json:"maxAttempts"`
	RunAt       string          `json:"runAt"`
	CreatedAt   string          `json:"createdAt"`
	Payload     json.RawMessage `json:"payload"`
	LastError   *string         `json:"lastError"`
	Result      json.RawMessage `json:"result"` // null until it succeeds
	UpdatedAt   string          `json:"updatedAt"`
	FinishedAt  *string         `json:"finishedAt"`
}

// timestampLayout is ISO-8601 in UTC with milliseconds.
const timestampLayout = "2006-01-02T15:04:05.000Z"

func timestamp(t time.Time) string { return t.UTC().Format(timestampLayout) }

func toBody(j jobs.Job) jobBody {
	body := jobBody{
		ID:          j.ID,
		Type:        j.Type,
		Status:      j.Status,
		Attempts:    j.Attempts,
		MaxAttempts: j.MaxAttempts,
		RunAt:       timestamp(j.RunAt),
		CreatedAt:   timestamp(j.CreatedAt),
		Payload:     j.Payload,
		LastError:   j.LastError,
		Result:      j.Result,
		UpdatedAt:   timestamp(j.UpdatedAt),
	}
	if j.FinishedAt != nil {
		finished := timestamp(*j.FinishedAt)
		body.FinishedAt = &finished
	}
	return body
}

// enqueueRequest is the body of POST /jobs. An optional field may be left
// out; null is not a value for it (the payload excepted: null is JSON).
type enqueueRequest struct {
	Type           optional[string] `json:"type"`
	Payload        json.RawMessage  `json:"payload"`
	RunAt          optional[string] `json:"runAt"`
	MaxAttempts    optional[int]    `json:"maxAttempts"`
	IdempotencyKey optional[string] `json:"idempotencyKey"`
}

// readNewJob decodes and validates a POST /jobs body, reporting every invalid field.
func readNewJob(w http.ResponseWriter, r *http.Request) (jobs.NewJob, error) {
	var req enqueueRequest
	if err := decodeJSON(w, r, &req, maxJobBodyBytes); err != nil {
		return jobs.NewJob{}, err
	}
	if len(req.Payload) > jobs.MaxPayloadBytes {
		return jobs.NewJob{}, newError(http.StatusRequestEntityTooLarge, "payload_too_large",
			fmt.Sprintf("The payload must be at most %d bytes of JSON.", jobs.MaxPayloadBytes))
	}
	job := jobs.NewJob{Payload: req.Payload, MaxAttempts: jobs.DefaultMaxAttempts}
	var problems []FieldError

	switch {
	case !req.Type.Present:
		problems = append(problems, FieldError{"type", "is required"})
	case jobs.Handlers[req.Type.Value] == nil:
		problems = append(problems, FieldError{"type", "must be one of " + strings.Join(jobs.TypeNames(), ", ")})
	default:
		job.Type = req.Type.Value
	}
	if req.MaxAttempts.Present {
		if n := req.MaxAttempts.Value; n < jobs.MinMaxAttempts || n > jobs.MaxMaxAttempts {
			problems = append(problems, FieldError{"maxAttempts",
				fmt.Sprintf("must be an integer from %d to %d", jobs.MinMaxAttempts, jobs.MaxMaxAttempts)})
		}
		job.MaxAttempts = req.MaxAttempts.Value
	}
	if req.RunAt.Present {
		runAt, err := time.Parse(time.RFC3339Nano, req.RunAt.Value)
		if err != nil {
			problems = append(problems, FieldError{"runAt", "must be an ISO-8601 date-time with a time zone, like 2030-01-01T12:00:00Z"})
		}
		job.RunAt = &runAt
	}
	if req.IdempotencyKey.Present {
		key := req.IdempotencyKey.Value
		switch n := utf8.RuneCountInString(key); {
		case n < 1 || n > jobs.MaxIdempotencyKeyLength:
			problems = append(problems, FieldError{"idempotencyKey",
				fmt.Sprintf("must be 1 to %d characters", jobs.MaxIdempotencyKeyLength)})
		case strings.ContainsRune(key, 0):
			problems = append(problems, FieldError{"idempotencyKey", "must not contain the character U+0000"})
		}
		job.IdempotencyKey = &key
	}
	if len(problems) > 0 {
		return jobs.NewJob{}, validationError(problems...)
	}
	return job, nil
}

// enqueue answers POST /jobs: 201 with a new job, or 200 with the job an
// earlier request made with the same idempotencyKey.
func (h jobHandlers) enqueue(w http.ResponseWriter, r *http.Request) error {
	newJob, err := readNewJob(w, r)
	if err != nil {
		return err
	}
	job, created, err := h.jobs.Enqueue(r.Context(), newJob)
	if errors.Is(err, jobs.ErrNotStorable) {
		return validationError(FieldError{"payload",
			`must be JSON that Postgres jsonb can store: no string with \u0000 or an unpaired surrogate (like \ud800), no number out of range (like 1e200000)`})
	}
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/jobs/"+strconv.FormatInt(job.ID, 10))
	if !created {
		writeJSON(w, http.StatusOK, toBody(job))
		return nil
	}
	// After the commit, so a worker that wakes up finds the row.
	h.wakeups.Publish(r.Context(), job.ID)
	writeJSON(w, http.StatusCreated, toBody(job))
	return nil
}

var errNoSuchJob = notFound("No job has this id.")

// pathID returns the {id} path value, or a not_found error for an id that
// cannot exist (not a positive integer that fits a bigint), so no query is made for it.
func pathID(r *http.Request) (int64, error) {
	raw := r.PathValue("id")
	for _, c := range raw {
		if c < '0' || c > '9' {
			return 0, errNoSuchJob
		}
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id < 1 {
		return 0, errNoSuchJob
	}
	return id, nil
}

// jobError maps the store's not-found and not-dead to 404 and 409 (conflict); anything else stays a 500.
func jobError(err error) error {
	switch {
	case errors.Is(err, jobs.ErrNotFound):
		return errNoSuchJob
	case errors.Is(err, jobs.ErrNotDead):
		return newError(http.StatusConflict, "conflict", "Only a dead job can be retried.")
	}
	return err
}

func (h jobHandlers) get(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	job, err := h.jobs.Get(r.Context(), id)
	if err != nil {
		return jobError(err)
	}
	writeJSON(w, http.StatusOK, toBody(job))
	return nil
}

// List limits of GET /jobs.
const (
	defaultListLimit = 50
	maxListLimit     = 200
)

// list answers GET /jobs?status=dead&limit=50: newest first.
func (h jobHandlers) list(w http.ResponseWriter, r *http.Request) error {
	query := r.URL.Query()
	var problems []FieldError
	var status jobs.Status
	if query.Has("status") {
		status = jobs.Status(query.Get("status"))
		if !status.Valid() {
			names := make([]string, len(jobs.Statuses))
			for i, s := range jobs.Statuses {
				names[i] = string(s)
			}
			problems = append(problems, FieldError{"status", "must be one of " + strings.Join(names, ", ")})
		}
	}
	limit := defaultListLimit
	if query.Has("limit") {
		n, err := strconv.Atoi(query.Get("limit"))
		if err != nil || n < 1 || n > maxListLimit {
			problems = append(problems, FieldError{"limit", fmt.Sprintf("must be an integer from 1 to %d", maxListLimit)})
		}
		limit = n
	}
	if len(problems) > 0 {
		return validationError(problems...)
	}
	list, err := h.jobs.List(r.Context(), status, limit)
	if err != nil {
		return err
	}
	bodies := make([]jobBody, len(list))
	for i, job := range list {
		bodies[i] = toBody(job)
	}
	writeJSON(w, http.StatusOK, map[string][]jobBody{"jobs": bodies})
	return nil
}

// retry answers POST /jobs/{id}/retry: a dead job goes back in the queue.
func (h jobHandlers) retry(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	job, err := h.jobs.Retry(r.Context(), id)
	if err != nil {
		return jobError(err)
	}
	h.wakeups.Publish(r.Context(), job.ID)
	writeJSON(w, http.StatusOK, toBody(job))
	return nil
}

// stats answers GET /stats with the number of jobs in each status.
func (h jobHandlers) stats(w http.ResponseWriter, r *http.Request) error {
	counts, err := h.jobs.Stats(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, counts)
	return nil
}
