package jobs

import (
	"context"
	"log/slog"
	"time"
)

// startHeartbeat extends the leases of the running jobs every third of the
// lease, so a job that runs longer than the lease is not claimed a second
// time, while a worker that dies stops extending and its jobs come free
// within one lease.
func (w *Worker) startHeartbeat() {
	ctx, cancel := context.WithCancel(context.Background())
	w.stopBeat, w.beatDone = cancel, make(chan struct{})
	go func() {
		defer close(w.beatDone)
		ticker := time.NewTicker(w.opts.Lease / 3)
		defer ticker.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-ticker.C:
				w.extendLeases(ctx)
			}
		}
	}()
}

func (w *Worker) stopHeartbeat() {
	if w.stopBeat != nil {
		w.stopBeat()
		<-w.beatDone
	}
}

// extendLeases renews every running job's lease in one statement. A job whose
// lease is gone (it expired, maybe while Postgres was unreachable, and another
// worker claimed the job) is told to stop: its outcome could not be recorded.
func (w *Worker) extendLeases(ctx context.Context) {
	w.mu.Lock()
	leases := make([]Lease, 0, len(w.running))
	for lease := range w.running {
		leases = append(leases, lease)
	}
	w.mu.Unlock()
	if len(leases) == 0 {
		return
	}
	qctx, cancel := context.WithTimeout(ctx, w.opts.Lease/3)
	defer cancel()
	extended, err := w.store.Extend(qctx, leases, w.opts.Lease)
	if err != nil {
		if ctx.Err() == nil {
			w.log.Warn("could not extend the leases of the running jobs", slog.String("error", err.Error()))
		}
		return
	}
	for _, lease := range leases {
		if extended[lease] {
			continue
		}
		w.mu.Lock()
		cancel, stillRunning := w.running[lease]
		w.mu.Unlock()
		if stillRunning {
			w.log.Warn("lease lost: another worker claimed this job; stopping this attempt",
				slog.Int64("job_id", lease.JobID))
			cancel()
		}
	}
}
