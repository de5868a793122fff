package support

import (
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"testing"

	"example.com/project/internal/app"
	"example.com/project/internal/config"
	"example.com/project/internal/logging"
	"example.com/project/internal/redisclient"
)

// Env is what a test package shares: the infrastructure, and one server
// instance (migrations applied) that most tests use.
type Env struct {
	Infra  *Infra
	Server *Server
}

// Server is an instance of the service on an httptest server.
type Server struct {
	URL    string
	App    *app.App
	Logger *slog.Logger
	ts     *httptest.Server
}

// Start gets Postgres and Redis (see StartInfra), applies the migrations and
// starts the shared server. Call it from TestMain; Close it afterwards.
func Start(ctx context.Context) (*Env, error) {
	infra, err := StartInfra(ctx)
	if err != nil {
		return nil, err
	}
	env := &Env{Infra: infra}
	srv, err := env.startServer(ctx, nil)
	if err == nil {
		err = srv.App.Migrate(ctx)
	}
	if err != nil {
		if srv != nil {
			srv.Close()
		}
		infra.Stop()
		return nil, fmt.Errorf("start the service: %w", err)
	}
	// Once, before the tests run: it sets a package-level logger of go-redis.
	redisclient.UseLogger(srv.Logger)
	srv.App.StartFlusher()
	env.Server = srv
	return env, nil
}

// Close stops the shared server and the infrastructure.
func (e *Env) Close() {
	e.Server.Close()
	e.Infra.Stop()
}

// NewServer starts another instance against the same database (no migrations
// run) with some settings overridden as environment variables, e.g.
// {"REDIS_URL": "redis://127.0.0.1:1"} for an instance whose Redis is down.
// The test's cleanup stops it.
func (e *Env) NewServer(t testing.TB, vars map[string]string) *Server {
	t.Helper()
	srv, err := e.startServer(context.Background(), vars)
	if err != nil {
		t.Fatalf("start server: %v", err)
	}
	t.Cleanup(srv.Close)
	return srv
}

// startServer builds the test config: the infrastructure's URLs, a rate limit
// high enough that only the rate-limit tests meet it, TRUST_PROXY on so that
// tests pick their client IPs, quiet logs (TEST_LOG_LEVEL=info shows the
// request logs), then the overrides.
func (e *Env) startServer(ctx context.Context, vars map[string]string) (*Server, error) {
	settings := map[string]string{
		"DATABASE_URL":          e.Infra.DatabaseURL,
		"REDIS_URL":             e.Infra.RedisURL,
		"LOG_LEVEL":             firstEnv("TEST_LOG_LEVEL"),
		"RATE_LIMIT_PER_MINUTE": "1000000",
		"TRUST_PROXY":           "true",
	}
	if settings["LOG_LEVEL"] == "" {
		settings["LOG_LEVEL"] = "error"
	}
	for k, v := range vars {
		settings[k] = v
	}
	cfg, err := config.Load(func(name string) string { return settings[name] })
	if err != nil {
		return nil, err
	}
	logger := logging.New(os.Stderr, cfg.LogLevel)
	a, err := app.New(ctx, cfg, logger)
	if err != nil {
		return nil, err
	}
	ts := httptest.NewServer(a.Handler())
	return &Server{URL: ts.URL, App: a, Logger: logger, ts: ts}, nil
}

// Close stops the server and its App (flushing pending clicks when it can).
func (s *Server) Close() {
	s.ts.Close()
	_ = s.App.Close(context.Background())
}

// Do sends a request to path on this server; see the package-level Do.
func (s *Server) Do(t testing.TB, method, path string, body any, headers ...string) *Response {
	t.Helper()
	return Do(t, method, s.URL+path, body, headers...)
}

// CreateLink posts url to /shorten and returns the 201 body.
func (s *Server) CreateLink(t testing.TB, url string) map[string]any {
	t.Helper()
	return s.Do(t, "POST", "/shorten", map[string]string{"url": url}).Expect(t, 201).JSON(t)
}
