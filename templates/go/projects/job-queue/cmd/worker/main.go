// Command worker is the worker process: it reads its config from the
// environment (and .env), applies the migrations (so it may start before the
// API), then claims and runs jobs, WORKER_CONCURRENCY at a time (see
// internal/lifecycle for how every process starts and stops).
//
// On SIGTERM or SIGINT it stops claiming, lets the running jobs finish (for
// at most shutdownGrace) and exits 0. A second signal, or the end of the
// grace period, stops it at once: the jobs still running are not marked
// anything; their leases expire and another worker runs them again.
package main

import (
	"context"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"example.com/project/internal/app"
	"example.com/project/internal/config"
	"example.com/project/internal/jobs"
	"example.com/project/internal/lifecycle"
)

// shutdownGrace is how long a SIGTERM waits for the running jobs. Kubernetes
// sends SIGKILL 30 s after SIGTERM by default; give `docker stop` as long
// with `--time 30` (compose: stop_grace_period: 30s).
const shutdownGrace = 25 * time.Second

func main() {
	lifecycle.Main(work)
}

// work runs a worker until ctx ends (the first SIGINT or SIGTERM), then waits
// for its running jobs.
func work(ctx context.Context, cfg config.Config, logger *slog.Logger) error {
	w, err := app.NewWorker(ctx, cfg, logger, jobs.Options{})
	if err != nil {
		return err
	}
	defer func() { _ = w.Close() }()
	w.Run(ctx)

	logger.Info("shutting down: no new claims; finishing the running jobs",
		slog.Int("running", w.Loop.Running()), slog.Int64("grace_ms", shutdownGrace.Milliseconds()))
	drainCtx, giveUp := context.WithTimeout(context.Background(), shutdownGrace)
	defer giveUp()
	secondSignal := make(chan os.Signal, 1)
	signal.Notify(secondSignal, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(secondSignal)
	go func() {
		select {
		case sig := <-secondSignal:
			logger.Warn("second signal: leaving the running jobs to lease expiry", slog.String("signal", sig.String()))
			giveUp()
		case <-drainCtx.Done():
		}
	}()
	w.Drain(drainCtx)
	return nil
}
