// Package app wires the service together. cmd/server serves the API (through
// internal/lifecycle, once the migrations have run), cmd/worker runs a
// worker, and the tests start both in-process.
package app

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"

	"example.com/project/internal/config"
	"example.com/project/internal/db"
	"example.com/project/internal/health"
	"example.com/project/internal/httpapi"
	"example.com/project/internal/jobs"
	"example.com/project/internal/redisclient"
)

// App is one instance of the API.
type App struct {
	conns
	handler http.Handler
}

// conns are the connections of one process, the API's or a worker's.
type conns struct {
	DB    *pgxpool.Pool
	Redis *redis.Client
	Store *jobs.Store // every SQL statement about jobs
}

// apiPoolSize is the API's Postgres pool: each request holds a connection for
// one or two short statements.
const apiPoolSize = 16

// New builds the API. It does not wait for the network: Postgres and Redis
// are connected on first use, so New succeeds while either is down.
func New(ctx context.Context, cfg config.Config, log *slog.Logger) (*App, error) {
	c, err := connect(ctx, cfg, apiPoolSize)
	if err != nil {
		return nil, err
	}
	handler := httpapi.NewHandler(httpapi.Deps{
		Logger:  log,
		Jobs:    c.Store,
		Wakeups: jobs.NewPublisher(c.Redis, log),
		Health: health.Checker{
			Required: map[string]health.Pinger{"postgres": c.DB.Ping},
			Optional: map[string]health.Pinger{"redis": func(ctx context.Context) error { return c.Redis.Ping(ctx).Err() }},
		},
	})
	return &App{conns: c, handler: handler}, nil
}

// Handler is the HTTP handler of every route.
func (a *App) Handler() http.Handler { return a.handler }

// Close closes the pools.
func (a *App) Close(context.Context) error { return a.close() }

func connect(ctx context.Context, cfg config.Config, poolSize int) (conns, error) {
	pool, err := db.NewPool(ctx, withPoolSize(cfg.DatabaseURL, poolSize))
	if err != nil {
		return conns{}, err
	}
	rdb, err := redisclient.New(cfg.RedisURL)
	if err != nil {
		pool.Close()
		return conns{}, err
	}
	return conns{DB: pool, Redis: rdb, Store: jobs.NewStore(pool)}, nil
}

func (c conns) close() error {
	c.DB.Close()
	return c.Redis.Close()
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
