// Package app wires the service together: cmd/server runs the API, cmd/worker
// runs a worker, and the tests start both in-process.
package app

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"

	"example.com/project/internal/config"
	"example.com/project/internal/db"
	"example.com/project/internal/db/migrate"
	"example.com/project/internal/health"
	"example.com/project/internal/httpapi"
	"example.com/project/internal/jobs"
	"example.com/project/internal/redisclient"
	"example.com/project/migrations"
)

// App holds the connections of one process, the API's or a worker's.
type App struct {
	DB    *pgxpool.Pool
	Redis *redis.Client
	Jobs  *jobs.Store
	cfg   config.Config
	log   *slog.Logger
}

// apiPoolSize is the API's Postgres pool: each request holds a connection for
// one or two short statements.
const apiPoolSize = 16

// New opens the API's connections without touching the network: Postgres and
// Redis are connected on first use, so New succeeds while either is down.
func New(ctx context.Context, cfg config.Config, log *slog.Logger) (*App, error) {
	return open(ctx, cfg, log, apiPoolSize)
}

func open(ctx context.Context, cfg config.Config, log *slog.Logger, poolSize int) (*App, error) {
	pool, err := db.NewPool(ctx, withPoolSize(cfg.DatabaseURL, poolSize))
	if err != nil {
		return nil, err
	}
	rdb, err := redisclient.New(cfg.RedisURL)
	if err != nil {
		pool.Close()
		return nil, err
	}
	return &App{DB: pool, Redis: rdb, Jobs: jobs.NewStore(pool), cfg: cfg, log: log}, nil
}

// withPoolSize asks for a pool of n connections, unless DATABASE_URL sets
// pool_max_conns itself.
func withPoolSize(databaseURL string, n int) string {
	u, err := url.Parse(databaseURL)
	if err != nil {
		return databaseURL // db.NewPool reports it
	}
	query := u.Query()
	if query.Has("pool_max_conns") {
		return databaseURL
	}
	query.Set("pool_max_conns", strconv.Itoa(n))
	u.RawQuery = query.Encode()
	return u.String()
}

// Handler is the HTTP handler of every route.
func (a *App) Handler() http.Handler {
	return httpapi.NewHandler(httpapi.Deps{
		Logger:  a.log,
		Jobs:    a.Jobs,
		Wakeups: jobs.NewPublisher(a.Redis, a.log),
		Health: health.Checker{
			Required: map[string]health.Pinger{"postgres": a.DB.Ping},
			Optional: map[string]health.Pinger{"redis": func(ctx context.Context) error { return a.Redis.Ping(ctx).Err() }},
		},
	})
}

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

// Close closes the pools.
func (a *App) Close() error {
	a.DB.Close()
	return a.Redis.Close()
}
