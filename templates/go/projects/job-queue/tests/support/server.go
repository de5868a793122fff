package support

import (
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"strconv"
	"testing"
	"time"

	"example.com/project/internal/app"
	"example.com/project/internal/config"
	"example.com/project/internal/logging"
	"example.com/project/internal/redisclient"
)

// Env is what a test package shares: the infrastructure, and one API
// instance (migrations applied) that most tests use.
type Env struct {
	Infra  *Infra
	Server *Server
}

// Server is an instance of the API on an httptest server.
type Server struct {
	URL    string
	App    *app.App
	Logger *slog.Logger
	ts     *httptest.Server
}

// Start gets Postgres and Redis (see StartInfra), applies the migrations and
// starts the shared API server. Call it from TestMain; Close it afterwards.
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
	env.Server = srv
	return env, nil
}

// Close stops the shared server and the infrastructure.
func (e *Env) Close() {
	e.Server.Close()
	e.Infra.Stop()
}

// NewServer starts another API instance against the same database (no
// migrations run) with some settings overridden as environment variables,
// e.g. {"REDIS_URL": "redis://127.0.0.1:1"} for an instance whose Redis is
// down. The test's cleanup stops it.
func (e *Env) NewServer(t testing.TB, vars map[string]string) *Server {
	t.Helper()
	srv, err := e.startServer(context.Background(), vars)
	if err != nil {
		t.Fatalf("start server: %v", err)
	}
	t.Cleanup(srv.Close)
	return srv
}

// Config is the test config: the infrastructure's URLs, quiet logs
// (TEST_LOG_LEVEL=info shows them), then the overrides.
func (e *Env) Config(vars map[string]string) (config.Config, *slog.Logger, error) {
	settings := e.Vars(vars)
	cfg, err := config.Load(func(name string) string { return settings[name] })
	if err != nil {
		return config.Config{}, nil, err
	}
	return cfg, logging.New(os.Stderr, cfg.LogLevel), nil
}

// Vars are the environment variables of Config, for a worker started as a process.
func (e *Env) Vars(overrides map[string]string) map[string]string {
	vars := map[string]string{
		"DATABASE_URL": e.Infra.DatabaseURL,
		"REDIS_URL":    e.Infra.RedisURL,
		"LOG_LEVEL":    firstEnv("TEST_LOG_LEVEL"),
	}
	if vars["LOG_LEVEL"] == "" {
		vars["LOG_LEVEL"] = "error"
	}
	for k, v := range overrides {
		vars[k] = v
	}
	return vars
}

func (e *Env) startServer(ctx context.Context, vars map[string]string) (*Server, error) {
	cfg, logger, err := e.Config(vars)
	if err != nil {
		return nil, err
	}
	a, err := app.New(ctx, cfg, logger)
	if err != nil {
		return nil, err
	}
	ts := httptest.NewServer(a.Handler())
	return &Server{URL: ts.URL, App: a, Logger: logger, ts: ts}, nil
}

// Close stops the server and closes its pools.
func (s *Server) Close() {
	s.ts.Close()
	_ = s.App.Close()
}

// Do sends a request to path on this server; see the package-level Do.
func (s *Server) Do(t testing.TB, method, path string, body any, headers ...string) *Response {
	t.Helper()
	return Do(t, method, s.URL+path, body, headers...)
}

// Enqueue posts job to /jobs and returns the 201 body.
func (s *Server) Enqueue(t testing.TB, job map[string]any) map[string]any {
	t.Helper()
	return s.Do(t, "POST", "/jobs", job).Expect(t, 201).JSON(t)
}

// Job returns GET /jobs/{id}.
func (s *Server) Job(t testing.TB, id int64) map[string]any {
	t.Helper()
	return s.Do(t, "GET", "/jobs/"+strconv.FormatInt(id, 10), nil).Expect(t, 200).JSON(t)
}

// WaitForStatus polls the job until it has status, failing the test after
// timeout; it returns the job.
func (s *Server) WaitForStatus(t testing.TB, id int64, status string, timeout time.Duration) map[string]any {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		job := s.Job(t, id)
		if job["status"] == status {
			return job
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %d is still %v after %v, want %s: %v", id, job["status"], timeout, status, job)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// ID reads the id of a job body.
func ID(t testing.TB, job map[string]any) int64 {
	t.Helper()
	id, ok := job["id"].(float64)
	if !ok {
		t.Fatalf("no numeric id in %v", job)
	}
	return int64(id)
}
