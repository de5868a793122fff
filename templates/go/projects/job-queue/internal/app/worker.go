package app

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"example.com/project/internal/config"
	"example.com/project/internal/jobs"
)

// Worker is one worker process: its connections, the claim loop, and the
// wake-up subscription that feeds the loop.
type Worker struct {
	conns
	Loop *jobs.Worker // claims and runs the jobs
	log  *slog.Logger
}

// maxWorkerPool bounds a worker's Postgres pool. Handlers hold no connection
// while they run: a connection is needed to claim, to extend leases and to
// record outcomes, each one short statement, so even 256 slots share 32
// connections well.
const maxWorkerPool = 32

// NewWorker builds a worker (connecting lazily, like New). opts may override
// the config's settings; the tests use it to shorten the poll.
func NewWorker(ctx context.Context, cfg config.Config, log *slog.Logger, opts jobs.Options) (*Worker, error) {
	c, err := connect(ctx, withPoolSize(cfg.DatabaseURL, min(cfg.WorkerConcurrency, maxWorkerPool)+2), cfg.RedisURL)
	if err != nil {
		return nil, err
	}
	if opts.Concurrency == 0 {
		opts.Concurrency = cfg.WorkerConcurrency
	}
	if opts.Lease == 0 {
		opts.Lease = time.Duration(cfg.JobLeaseMs) * time.Millisecond
	}
	if opts.RetryBase == 0 {
		opts.RetryBase = time.Duration(cfg.RetryBaseMs) * time.Millisecond
	}
	return &Worker{conns: c, Loop: jobs.NewWorker(jobs.NewStore(c.DB), log, opts), log: log}, nil
}

// Run claims and runs jobs until ctx ends, woken by Redis pub/sub, then stops
// claiming and returns. The jobs it started keep running: call Drain next.
func (w *Worker) Run(ctx context.Context) {
	var listener sync.WaitGroup
	listener.Add(1)
	go func() {
		defer listener.Done()
		jobs.ListenForWakeUps(ctx, w.Redis, w.log, w.Loop.Wake)
	}()
	w.Loop.Run(ctx)
	listener.Wait()
}

// Drain waits for the running jobs, at most until ctx ends, and returns how
// many it left to lease expiry (see jobs.Worker.Drain).
func (w *Worker) Drain(ctx context.Context) int {
	return w.Loop.Drain(ctx)
}

// Close closes the pools.
func (w *Worker) Close() error { return w.close() }
