// Package lifecycle runs every process of this service (the web server, and a
// worker where there is one) the same way: .env and config first, then the
// JSON logger, the migrations, the process's own work until SIGINT or SIGTERM,
// and a graceful stop bounded by ShutdownTimeout.
//
// Exit codes: 0 after a clean stop; 1 for a bad setting (one line on stderr),
// a failed start (Postgres unreachable, a migration failing, the port taken),
// an error while running, or a stop that did not finish in time.
package lifecycle

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"example.com/project/internal/config"
	"example.com/project/internal/logging"
	"example.com/project/internal/redisclient"
)

// Run is the work of one kind of process. It returns nil once ctx is done
// (SIGINT or SIGTERM) and it has stopped gracefully, or an error.
type Run func(ctx context.Context, cfg config.Config, logger *slog.Logger) error

// Main runs a process and exits with its exit code. Variables set in the
// environment win over those of .env.
func Main(run Run) {
	if err := config.LoadDotEnv(".env"); err != nil {
		fmt.Fprintln(os.Stderr, "error: .env:", err)
		os.Exit(1)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// stop runs only at exit: a second signal during the graceful stop is
	// ignored (a terminal and a process manager may both send one), and
	// ShutdownTimeout bounds the stop instead.
	code := start(ctx, run, os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// start does what Main does once .env is loaded, and returns the exit code.
func start(ctx context.Context, run Run, getenv func(string) string, stdout, stderr io.Writer) int {
	cfg, err := config.Load(getenv)
	if err != nil {
		fmt.Fprintln(stderr, "config error:", err)
		return 1
	}
	logger := logging.New(stdout, logging.Level(cfg.LogLevel))
	redisclient.UseLogger(logger)

	if err := Migrate(ctx, cfg.DatabaseURL, logger); err != nil {
		logger.Error("could not start", slog.String("error", err.Error()))
		return 1
	}
	if err := run(ctx, cfg, logger); err != nil {
		logger.Error("stopped with an error", slog.String("error", err.Error()))
		return 1
	}
	logger.Info("stopped")
	return 0
}
