package app

import (
	"context"
	"log/slog"
	"sync"

	"example.com/project/internal/config"
	"example.com/project/internal/jobs"
)

// WorkerApp is a worker process: the connections, the claim loop, and the
// wake-up subscription that feeds it.
type WorkerApp struct {
	*App
	Worker *jobs.Worker
}

// maxWorkerPool bounds a worker's Postgres pool. Handlers hold no connection
// while they run: a connection is needed to claim, to extend leases and to
// record an outcome, each one short statement, so even 256 slots share 32
// connections well.
const maxWorkerPool = 32

// NewWorker opens a worker's connections (lazily, like New) and builds its
// worker; opts may override the config's settings (the tests shorten the poll).
func NewWorker(ctx context.Context, cfg config.Config, log *slog.Logger, opts jobs.Options) (*WorkerApp, error) {
	a, err := open(ctx, cfg, log, min(cfg.WorkerConcurrency, maxWorkerPool)+2)
	if err != nil {
		return nil, err
	}
	if opts.Concurrency == 0 {
		opts.Concurrency = cfg.WorkerConcurrency
	}
	if opts.Lease == 0 {
		opts.Lease = cfg.JobLease
	}
	if opts.RetryBase == 0 {
		opts.RetryBase = cfg.RetryBase
	}
	return &WorkerApp{App: a, Worker: jobs.NewWorker(a.Jobs, log, opts)}, nil
}

// Run claims and runs jobs until ctx ends, woken by Redis pub/sub, then stops
// claiming and returns; the jobs it started keep running: call Drain next.
func (w *WorkerApp) Run(ctx context.Context) {
	var listener sync.WaitGroup
	listener.Add(1)
	go func() {
		defer listener.Done()
		jobs.ListenForWakeUps(ctx, w.Redis, w.log, w.Worker.Wake)
	}()
	w.Worker.Run(ctx)
	listener.Wait()
}

// Drain waits for the running jobs, at most until ctx ends; see jobs.Worker.Drain.
func (w *WorkerApp) Drain(ctx context.Context) int {
	return w.Worker.Drain(ctx)
}
