package support

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"testing"

	"example.com/project/internal/app"
	"example.com/project/internal/config"
	"example.com/project/internal/lifecycle"
	"example.com/project/internal/logging"
	"example.com/project/internal/redisclient"
)

// Env is what a test package shares: the infrastructure, and the instances of
// the service (migrations applied) that most tests use.
type Env struct {
	Infra   *Infra
	Server  *Server   // the main instance, Servers[0]
	Servers []*Server // webInstances instances on the same Postgres and Redis
}

// Server is an instance of the service (the project's internal/app) on an
// httptest server, as cmd/server runs it.
type Server struct {
	URL    string
	App    *app.App
	Logger *slog.Logger
	ts     *httptest.Server
}

// Start gets Postgres and Redis (see StartInfra), applies the migrations as
// every process does at start-up, and starts the shared instances. Call it
// from TestMain; Close it afterwards.
func Start(ctx context.Context) (*Env, error) {
	infra, err := StartInfra(ctx)
	if err != nil {
		return nil, err
	}
	env := &Env{Infra: infra}
	if err := env.Migrate(ctx); err != nil {
		infra.Stop()
		return nil, fmt.Errorf("migrations: %w", err)
	}
	for range webInstances {
		srv, err := env.StartServer(ctx, nil)
		if err != nil {
			env.Close()
			return nil, fmt.Errorf("start the service: %w", err)
		}
		env.Servers = append(env.Servers, srv)
	}
	env.Server = env.Servers[0]
	// Once, before the tests run: it sets a package-level logger of go-redis.
	redisclient.UseLogger(env.Server.Logger)
	return env, nil
}

// Migrate applies the migrations to the test database, as cmd/server does.
func (e *Env) Migrate(ctx context.Context) error {
	return lifecycle.Migrate(ctx, e.Infra.DatabaseURL, slog.New(slog.NewJSONHandler(io.Discard, nil)))
}

// Close stops the shared instances and the infrastructure.
func (e *Env) Close() {
	for _, srv := range e.Servers {
		srv.Close()
	}
	e.Infra.Stop()
}

// NewServer starts another instance against the same database (no migrations
// run) with some settings overridden as environment variables, e.g.
// {"REDIS_URL": "redis://127.0.0.1:1"} for an instance whose Redis is down.
// The test's cleanup stops it.
func (e *Env) NewServer(t testing.TB, vars map[string]string) *Server {
	t.Helper()
	srv, err := e.StartServer(context.Background(), vars)
	if err != nil {
		t.Fatalf("start server: %v", err)
	}
	t.Cleanup(srv.Close)
	return srv
}

// Settings are the environment variables of a test server: the
// infrastructure's URLs, quiet logs (TEST_LOG_LEVEL=info shows the request
// logs), this project's testSettings (settings.go), then vars.
func (e *Env) Settings(vars map[string]string) map[string]string {
	settings := map[string]string{
		"DATABASE_URL": e.Infra.DatabaseURL,
		"REDIS_URL":    e.Infra.RedisURL,
		"LOG_LEVEL":    firstEnv("TEST_LOG_LEVEL"),
	}
	if settings["LOG_LEVEL"] == "" {
		settings["LOG_LEVEL"] = "error"
	}
	for k, v := range testSettings {
		settings[k] = v
	}
	for k, v := range vars {
		settings[k] = v
	}
	return settings
}

// StartServer starts an instance with Settings(vars), outside any one test
// (NewServer is the same, stopped by the test's cleanup). Close it.
func (e *Env) StartServer(ctx context.Context, vars map[string]string) (*Server, error) {
	settings := e.Settings(vars)
	cfg, err := config.Load(func(name string) string { return settings[name] })
	if err != nil {
		return nil, err
	}
	logger := logging.New(os.Stderr, logging.Level(cfg.LogLevel))
	a, err := app.New(ctx, cfg, logger)
	if err != nil {
		return nil, err
	}
	ts := httptest.NewServer(a.Handler())
	return &Server{URL: ts.URL, App: a, Logger: logger, ts: ts}, nil
}

// Close stops the server (no new connections, in-flight requests finish),
// then its App, as lifecycle.Serve does on SIGTERM.
func (s *Server) Close() {
	s.ts.Close()
	_ = s.App.Close(context.Background())
}

// Do sends a request to path on this server; see the package-level Do.
func (s *Server) Do(t testing.TB, method, path string, body any, headers ...string) *Response {
	t.Helper()
	return Do(t, method, s.URL+path, body, headers...)
}
