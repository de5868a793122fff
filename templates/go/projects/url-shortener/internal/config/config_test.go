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
	if cfg.Addr() != "0.0.0.0:3000" || cfg.LogLevel != slog.LevelInfo || cfg.RateLimitPerMinute != 60 ||
		cfg.CacheTTL != time.Hour || cfg.TrustProxy {
		t.Errorf("unexpected defaults: %+v", cfg)
	}
}

func TestLoadOverrides(t *testing.T) {
	vars := required()
	vars["HOST"], vars["PORT"], vars["LOG_LEVEL"] = "127.0.0.1", "8080", "trace"
	vars["RATE_LIMIT_PER_MINUTE"], vars["CACHE_TTL_SECONDS"], vars["TRUST_PROXY"] = "5", "10", "true"
	cfg, err := Load(getenv(vars))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Addr() != "127.0.0.1:8080" || cfg.LogLevel != LevelTrace || cfg.RateLimitPerMinute != 5 ||
		cfg.CacheTTL != 10*time.Second || !cfg.TrustProxy {
		t.Errorf("overrides not applied: %+v", cfg)
	}
}

func TestLoadErrorsNameTheVariable(t *testing.T) {
	cases := map[string]string{
		"PORT":                  "abc",
		"DATABASE_URL":          "mysql://localhost/app",
		"REDIS_URL":             "localhost:6379",
		"LOG_LEVEL":             "loud",
		"RATE_LIMIT_PER_MINUTE": "0",
		"CACHE_TTL_SECONDS":     "-1",
		"TRUST_PROXY":           "maybe",
	}
	for name, value := range cases {
		vars := required()
		vars[name] = value
		_, err := Load(getenv(vars))
		if err == nil || !strings.HasPrefix(err.Error(), name+" ") || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s=%q: got error %v, want one line starting with %s", name, value, err, name)
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
