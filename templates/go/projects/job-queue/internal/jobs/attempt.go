package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
)

// maxErrorLength bounds lastError: enough to debug, never a huge row.
const maxErrorLength = 2000

// start runs one claimed job on its own goroutine.
func (w *Worker) start(job Job, lease Lease) {
	ctx, cancel := context.WithCancel(w.attemptsCtx)
	w.mu.Lock()
	w.running[lease] = cancel
	w.mu.Unlock()
	w.jobs.Add(1)
	go func() {
		defer w.jobs.Done()
		w.attempt(ctx, job, lease)
	}()
}

// release frees the job's slot: its handler is done.
func (w *Worker) release(lease Lease) {
	w.mu.Lock()
	if cancel, ok := w.running[lease]; ok {
		cancel()
		delete(w.running, lease)
	}
	w.mu.Unlock()
	select {
	case w.slotFreed <- struct{}{}:
	default:
	}
}

// attempt runs the job's handler and records the outcome, if this worker
// still holds the lease.
func (w *Worker) attempt(ctx context.Context, job Job, lease Lease) {
	log := w.log.With(slog.Int64("job_id", job.ID), slog.String("type", job.Type), slog.Int("attempt", job.Attempts))
	started := time.Now()
	result, runErr := w.runHandler(ctx, job, log)
	lost := ctx.Err() != nil // abandoned at shutdown, or the heartbeat found the lease taken
	w.release(lease)
	if w.attemptsCtx.Err() != nil {
		return // abandoned: the lease expires and another worker runs the job again
	}
	if lost {
		log.Warn("lease lost while running; another worker owns this job now")
		return
	}

	rctx, cancel := context.WithTimeout(context.Background(), queryTimeout)
	defer cancel()
	held, outcome, err := w.record(rctx, job, lease, result, runErr)
	duration := slog.Float64("duration_ms", float64(time.Since(started).Microseconds())/1000)
	switch {
	case err != nil:
		log.Error("could not record the outcome; the job runs again after its lease expires",
			slog.String("error", err.Error()))
	case !held:
		log.Warn("lease lost before the outcome was recorded; another worker owns this job now")
	case outcome == StatusSucceeded:
		log.Info("job succeeded", duration)
	case outcome == StatusDead:
		log.Warn("job failed its last attempt and is dead", duration, slog.String("error", errorText(runErr)))
	default:
		log.Warn("job attempt failed; retry scheduled", duration, slog.String("error", errorText(runErr)))
	}
}

// runHandler runs the handler of the job's type, turning a panic into an error.
func (w *Worker) runHandler(ctx context.Context, job Job, log *slog.Logger) (result any, err error) {
	if job.Attempts > job.MaxAttempts {
		// Claimed again after the lease of its last allowed attempt expired:
		// the worker running it died, and there is no attempt left.
		return nil, fmt.Errorf("the lease of attempt %d expired before it finished, and no attempt is left", job.MaxAttempts)
	}
	handler, ok := w.opts.Handlers[job.Type]
	if !ok {
		return nil, fmt.Errorf("no handler for job type %q", job.Type)
	}
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("handler panicked: %v", v)
		}
	}()
	return handler(ctx, Attempt{JobID: job.ID, Number: job.Attempts, Payload: job.Payload, Logger: log})
}

// record writes the attempt's outcome: succeeded, failed with a retry
// scheduled, or dead when it was the last allowed attempt.
func (w *Worker) record(ctx context.Context, job Job, lease Lease, result any, runErr error) (held bool, outcome Status, err error) {
	if runErr == nil {
		raw, err := json.Marshal(result)
		if err == nil {
			held, err = w.completer.record(lease, raw)
			if !errors.Is(err, ErrNotStorable) {
				return held, StatusSucceeded, err
			}
		}
		runErr = fmt.Errorf("the result cannot be stored: %w", err)
	}
	if job.Attempts >= job.MaxAttempts {
		held, err = w.store.Bury(ctx, lease, errorText(runErr))
		return held, StatusDead, err
	}
	delay := RetryDelay(job.Attempts, w.opts.RetryBase, randomFraction)
	held, err = w.store.ScheduleRetry(ctx, lease, errorText(runErr), delay)
	if held && err == nil {
		// The loop may be asleep until a later time: wake it when the retry is due.
		time.AfterFunc(delay, w.Wake)
	}
	return held, StatusFailed, err
}

// errorText is err's message as lastError: valid UTF-8 without NUL bytes
// (a Postgres text column refuses both), at most maxErrorLength bytes.
func errorText(err error) string {
	if err == nil {
		return ""
	}
	text := err.Error()
	if errors.Is(err, context.Canceled) {
		text = "stopped: " + text
	}
	text = strings.ReplaceAll(strings.ToValidUTF8(text, "\uFFFD"), "\x00", "")
	if len(text) > maxErrorLength {
		text = strings.ToValidUTF8(text[:maxErrorLength], "") // drops a character cut in half
	}
	return text
}
