// Package app wires the service together; cmd/server runs it and the tests
// start it in-process.
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
	"example.com/project/internal/db/migrate"
	"example.com/project/internal/health"
	"example.com/project/internal/httpapi"
	"example.com/project/internal/links"
	"example.com/project/internal/ratelimit"
	"example.com/project/internal/redisclient"
	"example.com/project/migrations"
)

// flushInterval is how often pending clicks move from Redis to Postgres.
const flushInterval = time.Second

// App is one instance of the service.
type App struct {
	DB      *pgxpool.Pool
	Redis   *redis.Client
	Clicks  *links.Clicks
	log     *slog.Logger
	handler http.Handler

	stopFlusher context.CancelFunc
	flusherDone sync.WaitGroup
}

// New builds the service without touching the network: Postgres and Redis are
// connected on first use, so New succeeds while either is down.
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
	service := links.NewService(repo, links.NewCache(rdb, cfg.CacheTTL), clicks, log)

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
	return &App{DB: pool, Redis: rdb, Clicks: clicks, log: log, handler: handler}, nil
}

// Handler is the HTTP handler of every route.
func (a *App) Handler() http.Handler { return a.handler }

// Migrate applies the SQL files of migrations/ (embedded in the binary).
func (a *App) Migrate(ctx context.Context) error {
	if err := a.DB.Ping(ctx); err != nil {
		return fmt.Errorf("cannot reach Postgres (DATABASE_URL): %w", err)
	}
	applied, err := migrate.Run(ctx, a.DB, migrations.FS)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	if len(applied) > 0 {
		a.log.InfoContext(ctx, "migrations applied", slog.Any("versions", applied))
	} else {
		a.log.InfoContext(ctx, "schema is up to date")
	}
	return nil
}

// StartFlusher moves pending clicks to Postgres every second until Close.
func (a *App) StartFlusher() {
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
	if a.stopFlusher != nil {
		a.stopFlusher()
		a.flusherDone.Wait()
	}
	flushErr := a.Clicks.Flush(ctx)
	if flushErr != nil {
		flushErr = fmt.Errorf("final click flush: %w", flushErr)
	}
	a.DB.Close()
	return errors.Join(flushErr, a.Redis.Close())
}
