// Command worker runs one worker of the job queue: it reads its config from
// the environment (and .env), applies the migrations (so it may start before
// the API), then claims and runs jobs, WORKER_CONCURRENCY at a time.
//
// On SIGTERM or SIGINT it stops claiming, lets the running jobs finish (for
// at most shutdownGrace) and exits 0. A second signal, or the end of the
// grace period, stops it at once: the jobs still running are not marked
// anything; their leases expire and another worker runs them again.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"example.com/project/internal/app"
	"example.com/project/internal/config"
	"example.com/project/internal/jobs"
	"example.com/project/internal/logging"
	"example.com/project/internal/redisclient"
)

// shutdownGrace is how long a SIGTERM waits for the running jobs. Kubernetes
// sends SIGKILL 30 s after SIGTERM by default; give `docker stop` as long
// with `--time 30` (compose: stop_grace_period: 30s).
const shutdownGrace = 25 * time.Second

func main() {
	if err := config.LoadDotEnv(".env"); err != nil {
		fmt.Fprintln(os.Stderr, "error: .env:", err)
		os.Exit(1)
	}
	cfg, err := config.Load(os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, "config error:", err)
		os.Exit(1)
	}
	logger := logging.New(os.Stdout, cfg.LogLevel)
	redisclient.UseLogger(logger)

	if err := run(cfg, logger); err != nil {
		logger.Error("worker stopped", slog.String("error", err.Error()))
		os.Exit(1)
	}
}

func run(cfg config.Config, logger *slog.Logger) error {
	// The first signal ends stop (no more claims), a second one ends drain
	// (leave the running jobs to lease expiry).
	stopCtx, stop := context.WithCancel(context.Background())
	drainCtx, abandon := context.WithCancel(context.Background())
	defer stop()
	defer abandon()
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	go func() {
		sig := <-signals
		logger.Info("shutting down: no new claims; finishing the running jobs", slog.String("signal", sig.String()))
		stop()
		sig = <-signals
		logger.Warn("second signal: leaving the running jobs to lease expiry", slog.String("signal", sig.String()))
		abandon()
	}()

	w, err := app.NewWorker(stopCtx, cfg, logger, jobs.Options{})
	if err != nil {
		return err
	}
	defer func() { _ = w.Close() }()
	if err := w.Migrate(stopCtx); err != nil {
		if stopCtx.Err() != nil {
			return nil // stopped while starting
		}
		return err
	}

	w.Run(stopCtx)
	graceCtx, cancel := context.WithTimeout(drainCtx, shutdownGrace)
	defer cancel()
	abandoned := w.Drain(graceCtx)
	logger.Info("stopped", slog.Int("abandoned", abandoned))
	return nil
}
