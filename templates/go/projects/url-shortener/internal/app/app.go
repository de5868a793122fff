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

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"

	"example.com/project/internal/config"
	"example.com/project/internal/db"
	"example.com/project/internal/health"
	"example.com/project/internal/httpapi"
	"example.com/project/internal/links"
	"example.com/project/internal/ratelimit"
	"example.com/project/internal/redisclient"
)

// flushInterval is how often pending clicks move from Redis to Postgres.
const flushInterval = time.Second

// App is one instance of the service.
type App struct {
	DB      *pgxpool.Pool
	Redis   *redis.Client
	Clicks  *links.Clicks
	handler http.Handler

	stopFlusher context.CancelFunc
	flusherDone sync.WaitGroup
}

// New builds the service and starts its click flusher. It does not wait for
// the network: Postgres and Redis are connected on first use, so New succeeds
// while either is down.
func New(ctx context.Context, cfg config.Config, log *slog.Logger) (*App, error) {
	pool, err := db.NewPool(ctx, cfg.DatabaseURL)
	if err != nil {
		return nil, err
	}
	rdb, err := redisclient.New(cfg.RedisURL)
	if err != nil {
		pool.Close()
		return nil, err
	}

	repo := links.NewRepository(pool)
	clicks := links.NewClicks(rdb, repo, log)
	cacheTTL := time.Duration(cfg.CacheTTLSeconds) * time.Second
	service := links.NewService(repo, links.NewCache(rdb, cacheTTL), clicks, log)

	handler := httpapi.NewHandler(httpapi.Deps{
		Logger: log,
		Links:  service,
		Health: health.Checker{
			Required: map[string]health.Pinger{"postgres": pool.Ping},
			Optional: map[string]health.Pinger{"redis": func(ctx context.Context) error { return rdb.Ping(ctx).Err() }},
		},
		Limiter:    ratelimit.New(rdb, cfg.RateLimitPerMinute),
		TrustProxy: cfg.TrustProxy,
	})
	a := &App{DB: pool, Redis: rdb, Clicks: clicks, handler: handler}
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
	a.DB.Close()
	return errors.Join(flushErr, a.Redis.Close())
}
