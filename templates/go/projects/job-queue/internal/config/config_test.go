package config

import (
	"log/slog"
	"strings"
	"testing"
	"time"
)

func getenv(vars map[string]string) func(string) string {
	return func(name string) string { return vars[name] }
}

func required() map[string]string {
	return map[string]string{
		"DATABASE_URL": "postgres://app:app@localhost:5432/app",
		"REDIS_URL":    "redis://localhost:6379",
	}
}

func TestLoadDefaults(t *testing.T) {
	cfg, err := Load(getenv(required()))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Addr() != "0.0.0.0:3000" || cfg.LogLevel != slog.LevelInfo || cfg.WorkerConcurrency != 4 ||
		cfg.JobLease != 30*time.Second || cfg.RetryBase != time.Second {
		t.Errorf("unexpected defaults: %+v", cfg)
	}
}

func TestLoadOverrides(t *testing.T) {
	vars := required()
	vars["HOST"], vars["PORT"], vars["LOG_LEVEL"] = "127.0.0.1", "8080", "trace"
	vars["WORKER_CONCURRENCY"], vars["JOB_LEASE_MS"], vars["RETRY_BASE_MS"] = "16", "1000", "1"
	cfg, err := Load(getenv(vars))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Addr() != "127.0.0.1:8080" || cfg.LogLevel != LevelTrace || cfg.WorkerConcurrency != 16 ||
		cfg.JobLease != time.Second || cfg.RetryBase != time.Millisecond {
		t.Errorf("overrides not applied: %+v", cfg)
	}
}

func TestLoadErrorsNameTheVariable(t *testing.T) {
	cases := []struct{ name, value string }{
		{"PORT", "abc"},
		{"DATABASE_URL", "mysql://localhost/app"},
		{"REDIS_URL", "localhost:6379"},
		{"LOG_LEVEL", "loud"},
		{"WORKER_CONCURRENCY", "0"},
		{"WORKER_CONCURRENCY", "257"},
		{"JOB_LEASE_MS", "999"},
		{"JOB_LEASE_MS", "86400001"},
		{"RETRY_BASE_MS", "0"},
		{"RETRY_BASE_MS", "3600001"},
		{"RETRY_BASE_MS", "1.5"},
	}
	for _, tc := range cases {
		vars := required()
		vars[tc.name] = tc.value
		_, err := Load(getenv(vars))
		if err == nil || !strings.HasPrefix(err.Error(), tc.name+" ") || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s=%q: got error %v, want one line starting with %s", tc.name, tc.value, err, tc.name)
		}
	}
}

func TestLoadAcceptsTheBounds(t *testing.T) {
	for _, vars := range []map[string]string{
		{"WORKER_CONCURRENCY": "1", "JOB_LEASE_MS": "1000", "RETRY_BASE_MS": "1"},
		{"WORKER_CONCURRENCY": "256", "JOB_LEASE_MS": "86400000", "RETRY_BASE_MS": "3600000"},
	} {
		for k, v := range required() {
			vars[k] = v
		}
		if _, err := Load(getenv(vars)); err != nil {
			t.Errorf("%v: %v", vars, err)
		}
	}
}

func TestLoadRequiresURLs(t *testing.T) {
	for _, name := range []string{"DATABASE_URL", "REDIS_URL"} {
		vars := required()
		delete(vars, name)
		if _, err := Load(getenv(vars)); err == nil || !strings.Contains(err.Error(), name+" is required") {
			t.Errorf("missing %s: got %v", name, err)
		}
	}
}

func TestURLErrorsHideTheValue(t *testing.T) {
	vars := required()
	vars["DATABASE_URL"] = "mysql://user:secret@localhost/app"
	if _, err := Load(getenv(vars)); err == nil || strings.Contains(err.Error(), "secret") {
		t.Errorf("error must not echo the URL: %v", err)
	}
}
