package jobs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"
)

// Options tune a Worker. Concurrency, Lease and RetryBase come from the
// config; the zero value of the others means their default.
type Options struct {
	Concurrency int           // jobs run at the same time (WORKER_CONCURRENCY)
	Lease       time.Duration // how long a claim holds a job (JOB_LEASE_MS)
	RetryBase   time.Duration // the first retry's delay (RETRY_BASE_MS)
	// PollInterval is the slow fallback poll while no wake-up arrives (Redis
	// down, a lost message, a lease that expired). Default: 5 s, or the lease
	// when that is shorter.
	PollInterval time.Duration
	// Handlers are the job types this worker runs. Default: Handlers.
	Handlers map[string]Handler
}

// How the claim loop paces itself.
const (
	defaultPollInterval = 5 * time.Second
	claimErrorPause     = time.Second           // after Postgres refused a claim
	minSleep            = 10 * time.Millisecond // a due job another claim is taking right now
	queryTimeout        = 10 * time.Second      // any one statement of the worker
)

// Worker is a worker process's engine. One loop claims jobs in batches of up
// to its free slots and starts a goroutine per job; each job records its own
// outcome. When nothing is due, the loop sleeps until the next job's runAt, a
// wake-up (Wake) or the slow poll, whichever comes first: it never polls in a
// tight loop. A heartbeat extends the leases of the running jobs.
type Worker struct {
	store     *Store
	completer *completer // records successes in batches
	log       *slog.Logger
	opts      Options
	id        string

	claims    int           // claims made, for unique claim tokens (the loop's own)
	wake      chan struct{} // a wake-up arrived (buffer of one: several are as good as one)
	slotFreed chan struct{} // a job finished

	mu      sync.Mutex
	running map[Lease]context.CancelFunc // the attempts in progress, each cancellable
	jobs    sync.WaitGroup               // the attempts' goroutines, until recorded

	// attemptsCtx is the parent of every attempt's context; abandon cancels it
	// when a shutdown runs out of time.
	attemptsCtx context.Context
	abandon     context.CancelFunc
	stopBeat    context.CancelFunc
	beatDone    chan struct{}
}

// NewWorker returns a worker that claims from store.
func NewWorker(store *Store, log *slog.Logger, opts Options) *Worker {
	if opts.PollInterval <= 0 {
		opts.PollInterval = min(defaultPollInterval, opts.Lease)
	}
	if opts.Handlers == nil {
		opts.Handlers = Handlers
	}
	host, _ := os.Hostname()
	var suffix [3]byte
	_, _ = rand.Read(suffix[:])
	id := fmt.Sprintf("%s:%d:%s", host, os.Getpid(), hex.EncodeToString(suffix[:]))

	attemptsCtx, abandon := context.WithCancel(context.Background())
	return &Worker{
		store:       store,
		completer:   newCompleter(store),
		log:         log.With(slog.String("worker_id", id)),
		opts:        opts,
		id:          id,
		wake:        make(chan struct{}, 1),
		slotFreed:   make(chan struct{}, 1),
		running:     map[Lease]context.CancelFunc{},
		attemptsCtx: attemptsCtx,
		abandon:     abandon,
	}
}

// Wake tells the worker a job may be due: it claims now instead of at its next poll.
func (w *Worker) Wake() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// Running returns how many attempts are in progress.
func (w *Worker) Running() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.running)
}

// Run claims and runs jobs until ctx ends. It returns without waiting for the
// jobs it started: call Drain next.
func (w *Worker) Run(ctx context.Context) {
	w.log.InfoContext(ctx, "worker started", slog.Int("concurrency", w.opts.Concurrency),
		slog.Int64("lease_ms", w.opts.Lease.Milliseconds()), slog.Int64("poll_ms", w.opts.PollInterval.Milliseconds()))
	w.startHeartbeat()

	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	claimNow := true
	for {
		if ctx.Err() != nil {
			return
		}
		if free := w.opts.Concurrency - w.Running(); claimNow && free > 0 {
			claimNow = false
			claimed, err := w.claim(ctx, free)
			switch {
			case err != nil:
				w.log.ErrorContext(ctx, "could not claim jobs; trying again shortly", slog.String("error", err.Error()))
				timer.Reset(claimErrorPause)
			case claimed == free:
				// A full batch: more jobs may be due. Claim again as soon as a slot frees.
				claimNow = true
			default:
				timer.Reset(w.untilNextDue(ctx))
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-w.wake:
			claimNow = true
		case <-timer.C:
			claimNow = true
		case <-w.slotFreed:
			// A free slot matters only when jobs are waiting (claimNow is set).
		}
	}
}

// claim leases up to n jobs and starts them. The statement runs to its end
// even when ctx ends meanwhile: a claim cut short could leave jobs leased to
// a worker that never runs them.
func (w *Worker) claim(ctx context.Context, n int) (int, error) {
	w.claims++
	token := fmt.Sprintf("%s/%d", w.id, w.claims)
	qctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), queryTimeout)
	defer cancel()
	jobs, err := w.store.Claim(qctx, token, n, w.opts.Lease)
	for _, job := range jobs {
		w.start(job, Lease{JobID: job.ID, Token: token})
	}
	return len(jobs), err
}

// untilNextDue is how long to sleep when nothing is due: until the next job's
// runAt or lease expiry, at most the poll interval.
func (w *Worker) untilNextDue(ctx context.Context) time.Duration {
	qctx, cancel := context.WithTimeout(ctx, queryTimeout)
	defer cancel()
	wait, ok, err := w.store.UntilNextDue(qctx)
	if err != nil {
		if ctx.Err() == nil {
			w.log.WarnContext(ctx, "could not look up the next due job; polling", slog.String("error", err.Error()))
		}
		return w.opts.PollInterval
	}
	if !ok {
		return w.opts.PollInterval
	}
	return max(min(wait, w.opts.PollInterval), minSleep)
}

// Drain waits for the running jobs to finish and record their outcomes. If
// ctx ends first (the grace period is over, or a second signal came), it
// abandons the rest: their handlers are told to stop and their outcomes are
// never recorded, neither done nor failed. Their leases simply expire, and
// another worker runs them again. It returns how many it abandoned.
func (w *Worker) Drain(ctx context.Context) int {
	defer w.completer.stop()
	defer w.stopHeartbeat()
	if n := w.Running(); n > 0 {
		w.log.InfoContext(ctx, "waiting for the running jobs to finish", slog.Int("running", n))
	}
	finished := make(chan struct{})
	go func() {
		w.jobs.Wait()
		close(finished)
	}()
	select {
	case <-finished:
		return 0
	case <-ctx.Done():
	}
	abandoned := w.Running()
	w.abandon()
	w.log.WarnContext(ctx, "stopped with jobs still running; they run again once their lease expires",
		slog.Int("abandoned", abandoned))
	return abandoned
}
