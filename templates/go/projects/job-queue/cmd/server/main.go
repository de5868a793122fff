// Command server runs the job queue's HTTP API: it reads its config from the
// environment (and .env), applies the migrations, serves HTTP on HOST:PORT and
// shuts down gracefully on SIGINT or SIGTERM. Workers (cmd/worker) run the jobs.
//
// With -healthcheck it instead asks a running server for GET /health and exits
// 0 when healthy, 1 otherwise (the Docker healthcheck: distroless has no curl).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"example.com/project/internal/app"
	"example.com/project/internal/config"
	"example.com/project/internal/logging"
	"example.com/project/internal/redisclient"
)

// shutdownTimeout bounds the time in-flight requests get to finish.
const shutdownTimeout = 10 * time.Second

func main() {
	healthcheck := flag.Bool("healthcheck", false, "check GET /health of the server on $PORT and exit 0 or 1")
	flag.Parse()

	if err := config.LoadDotEnv(".env"); err != nil {
		fmt.Fprintln(os.Stderr, "error: .env:", err)
		os.Exit(1)
	}
	if *healthcheck {
		os.Exit(checkHealth())
	}
	cfg, err := config.Load(os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, "config error:", err)
		os.Exit(1)
	}
	logger := logging.New(os.Stdout, cfg.LogLevel)
	redisclient.UseLogger(logger)

	if err := run(cfg, logger); err != nil {
		logger.Error("server stopped", slog.String("error", err.Error()))
		os.Exit(1)
	}
}

func run(cfg config.Config, logger *slog.Logger) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	a, err := app.New(ctx, cfg, logger)
	if err != nil {
		return err
	}
	if err := a.Migrate(ctx); err != nil {
		_ = a.Close()
		return err
	}

	server := &http.Server{
		Addr:              cfg.Addr(),
		Handler:           a.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      15 * time.Second,
		IdleTimeout:       60 * time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	serveErr := make(chan error, 1)
	go func() {
		logger.Info("listening", slog.String("addr", server.Addr))
		serveErr <- server.ListenAndServe()
	}()

	select {
	case err := <-serveErr: // could not listen (port in use, ...)
		_ = a.Close()
		return err
	case <-ctx.Done():
	}

	logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	// Stop accepting, let in-flight requests finish, then close the pools.
	err = server.Shutdown(shutdownCtx)
	if closeErr := a.Close(); closeErr != nil {
		logger.Warn("close", slog.String("error", closeErr.Error()))
	}
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	logger.Info("stopped")
	return nil
}

// checkHealth returns 0 when GET http://127.0.0.1:$PORT/health answers 200.
func checkHealth() int {
	port := os.Getenv("PORT")
	if port == "" {
		port = "3000"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://127.0.0.1:"+port+"/health", nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, "healthcheck:", err)
		return 1
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Fprintln(os.Stderr, "healthcheck:", err)
		return 1
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		fmt.Fprintln(os.Stderr, "healthcheck: status", resp.StatusCode)
		return 1
	}
	return 0
}
