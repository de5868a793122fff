package lifecycle

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// ShutdownTimeout bounds a graceful stop: in-flight requests finishing, the
// app's background work stopping, the pools closing.
const ShutdownTimeout = 10 * time.Second

// App is what the web process serves. The project's internal/app.App is one:
// cmd/server does not build without app.New returning it.
type App interface {
	// Handler answers every HTTP request.
	Handler() http.Handler
	// Close stops the app's background work and closes its pools. It runs
	// once the server has stopped accepting, and should return by ctx's deadline.
	Close(ctx context.Context) error
}

// Serve serves app on addr until ctx is done, then stops accepting, lets
// in-flight requests finish and closes app, all within ShutdownTimeout.
func Serve(ctx context.Context, addr string, app App, logger *slog.Logger) error {
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", addr)
	if err != nil {
		return errors.Join(err, StopWithin(ShutdownTimeout, app.Close))
	}
	return serve(ctx, ln, app, logger, ShutdownTimeout)
}

func serve(ctx context.Context, ln net.Listener, app App, logger *slog.Logger, timeout time.Duration) error {
	server := &http.Server{
		Handler:           app.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      15 * time.Second,
		IdleTimeout:       60 * time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	serveErr := make(chan error, 1)
	go func() { serveErr <- server.Serve(ln) }()
	logger.Info("listening", slog.String("addr", ln.Addr().String()))

	select {
	case err := <-serveErr: // the listener failed
		return errors.Join(err, StopWithin(timeout, app.Close))
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	return StopWithin(timeout, func(ctx context.Context) error {
		// Shutdown closes the listener, then waits for in-flight requests.
		err := server.Shutdown(ctx)
		return errors.Join(err, app.Close(ctx))
	})
}

// StopWithin runs stop with a context that ends after timeout, and returns an
// error if stop has not returned by then, so a stuck connection or flush
// cannot keep the process alive.
func StopWithin(timeout time.Duration, stop func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- stop(ctx) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return fmt.Errorf("the graceful stop did not finish within %s", timeout)
	}
}
