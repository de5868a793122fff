// Command server is the web process: it reads its config from the environment
// (and .env), applies the migrations, serves the app on HOST:PORT and shuts
// down gracefully on SIGINT or SIGTERM (see internal/lifecycle).
//
// With -healthcheck it instead asks a running server for GET /health and exits
// 0 when healthy, 1 otherwise (the Docker healthcheck: distroless has no curl).
package main

import (
	"context"
	"flag"
	"log/slog"
	"os"

	"example.com/project/internal/app"
	"example.com/project/internal/config"
	"example.com/project/internal/lifecycle"
)

func main() {
	healthcheck := flag.Bool("healthcheck", false, "check GET /health of the server on $PORT and exit 0 or 1")
	flag.Parse()
	if *healthcheck {
		os.Exit(lifecycle.CheckHealth())
	}
	lifecycle.Main(serve)
}

// serve runs the app (internal/app) behind an HTTP server until ctx ends.
func serve(ctx context.Context, cfg config.Config, logger *slog.Logger) error {
	a, err := app.New(ctx, cfg, logger)
	if err != nil {
		return err
	}
	return lifecycle.Serve(ctx, cfg.Addr(), a, logger)
}
