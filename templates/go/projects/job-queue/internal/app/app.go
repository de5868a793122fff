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

	"example.com/project/internal/config"
	"example.com/project/internal/httpapi"
	"example.com/project/internal/jobs"
)

// App is one instance of the API.
type App struct {
	conns
	Store   *jobs.Store // every SQL statement about jobs
	handler http.Handler
}

// apiPoolSize is the API's Postgres pool: each request holds a connection for
// one or two short statements.
const apiPoolSize = 16

// New builds the API. It does not wait for the network: Postgres and Redis
// are connected on first use, so New succeeds while either is down.
func New(ctx context.Context, cfg config.Config, log *slog.Logger) (*App, error) {
	c, err := connect(ctx, withPoolSize(cfg.DatabaseURL, apiPoolSize), cfg.RedisURL)
	if err != nil {
		return nil, err
	}
	store := jobs.NewStore(c.DB)
	handler := httpapi.NewHandler(httpapi.Deps{
		Logger:  log,
		Jobs:    store,
		Wakeups: jobs.NewPublisher(c.Redis, log),
		Health:  c.healthChecker(),
	})
	return &App{conns: c, Store: store, handler: handler}, nil
}

// Handler is the HTTP handler of every route.
func (a *App) Handler() http.Handler { return a.handler }

// Close closes the pools.
func (a *App) Close(context.Context) error { return a.close() }

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
