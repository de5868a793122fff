// Package app wires the service together. cmd/server serves it (through
// internal/lifecycle, once the migrations have run) and the tests start it
// in-process; both call New, Handler and Close.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"example.com/project/internal/config"
	"example.com/project/internal/httpapi"
	"example.com/project/internal/links"
	"example.com/project/internal/ratelimit"
)

// flushInterval is how often pending clicks move from Redis to Postgres.
const flushInterval = time.Second

// App is one instance of the service.
type App struct {
	conns
	Clicks  *links.Clicks
	handler http.Handler

	stopFlusher context.CancelFunc
	flusherDone sync.WaitGroup
}

// New builds the service and starts its click flusher. It does not wait for
// the network: Postgres and Redis are connected on first use, so New succeeds
// while either is down.
func New(ctx context.Context, cfg config.Config, log *slog.Logger) (*App, error) {
	c, err := connect(ctx, cfg.DatabaseURL, cfg.RedisURL)
	if err != nil {
		return nil, err
	}

	repo := links.NewRepository(c.DB)
	clicks := links.NewClicks(c.Redis, repo, log)
	cacheTTL := time.Duration(cfg.CacheTTLSeconds) * time.Second
	service := links.NewService(repo, links.NewCache(c.Redis, cacheTTL), clicks, log)

	handler := httpapi.NewHandler(httpapi.Deps{
		Logger:     log,
		Links:      service,
		Health:     c.healthChecker(),
		Limiter:    ratelimit.New(c.Redis, cfg.RateLimitPerMinute),
		TrustProxy: cfg.TrustProxy,
	})
	a := &App{conns: c, Clicks: clicks, handler: handler}
	a.startFlusher()
	return a, nil
}

// Handler is the HTTP handler of every route.
func (a *App) Handler() http.Handler { return a.handler }

// startFlusher moves pending clicks to Postgres every second until Close.
func (a *App) startFlusher() {
	ctx, cancel := context.WithCancel(context.Background())
	a.stopFlusher = cancel
	a.flusherDone.Add(1)
	go func() {
		defer a.flusherDone.Done()
		a.Clicks.RunFlusher(ctx, flushInterval)
	}()
}

// Close stops the flusher, flushes the clicks still pending (so a clean
// shutdown loses none) and closes the pools.
func (a *App) Close(ctx context.Context) error {
	a.stopFlusher()
	a.flusherDone.Wait()
	flushErr := a.Clicks.Flush(ctx)
	if flushErr != nil {
		flushErr = fmt.Errorf("final click flush: %w", flushErr)
	}
	return errors.Join(flushErr, a.close())
}
