// Package config reads the service's settings from the environment and
// validates them at start-up. The API (cmd/server) and the worker (cmd/worker)
// read the same settings; each uses the ones it needs.
package config

import (
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Config holds every setting the service reads from the environment.
type Config struct {
	Host              string        // HOST, default 0.0.0.0
	Port              int           // PORT, default 3000
	DatabaseURL       string        // DATABASE_URL, required
	RedisURL          string        // REDIS_URL, required
	LogLevel          slog.Level    // LOG_LEVEL: trace, debug, info (default), warn, error
	WorkerConcurrency int           // WORKER_CONCURRENCY, default 4: jobs one worker runs at once
	JobLease          time.Duration // JOB_LEASE_MS, default 30000: how long a claim holds a job
	RetryBase         time.Duration // RETRY_BASE_MS, default 1000: the first retry's delay
}

// LevelTrace is LOG_LEVEL=trace: more verbose than debug.
const LevelTrace = slog.LevelDebug - 4

// Load reads the settings through getenv (os.Getenv in production). Its error
// is one line naming the variable at fault.
func Load(getenv func(string) string) (Config, error) {
	env := func(name, fallback string) string {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			return v
		}
		return fallback
	}
	cfg := Config{Host: env("HOST", "0.0.0.0")}
	var err error

	if cfg.Port, err = intVar("PORT", env("PORT", "3000"), 1, 65535); err != nil {
		return Config{}, err
	}
	if cfg.DatabaseURL, err = urlVar("DATABASE_URL", env("DATABASE_URL", ""),
		"postgres://app:app@localhost:5432/app", "postgres", "postgresql"); err != nil {
		return Config{}, err
	}
	if cfg.RedisURL, err = urlVar("REDIS_URL", env("REDIS_URL", ""),
		"redis://localhost:6379", "redis", "rediss"); err != nil {
		return Config{}, err
	}
	if cfg.LogLevel, err = levelVar(env("LOG_LEVEL", "info")); err != nil {
		return Config{}, err
	}
	if cfg.WorkerConcurrency, err = intVar("WORKER_CONCURRENCY", env("WORKER_CONCURRENCY", "4"), 1, 256); err != nil {
		return Config{}, err
	}
	leaseMs, err := intVar("JOB_LEASE_MS", env("JOB_LEASE_MS", "30000"), 1000, 86_400_000)
	if err != nil {
		return Config{}, err
	}
	cfg.JobLease = time.Duration(leaseMs) * time.Millisecond
	retryMs, err := intVar("RETRY_BASE_MS", env("RETRY_BASE_MS", "1000"), 1, 3_600_000)
	if err != nil {
		return Config{}, err
	}
	cfg.RetryBase = time.Duration(retryMs) * time.Millisecond
	return cfg, nil
}

// Addr is the host:port the server listens on.
func (c Config) Addr() string {
	return fmt.Sprintf("%s:%d", c.Host, c.Port)
}

func intVar(name, value string, lo, hi int) (int, error) {
	n, err := strconv.Atoi(value)
	if err != nil || n < lo || n > hi {
		return 0, fmt.Errorf("%s must be an integer from %d to %d, got %q", name, lo, hi, value)
	}
	return n, nil
}

func levelVar(value string) (slog.Level, error) {
	switch strings.ToLower(value) {
	case "trace":
		return LevelTrace, nil
	case "debug":
		return slog.LevelDebug, nil
	case "info":
		return slog.LevelInfo, nil
	case "warn", "warning":
		return slog.LevelWarn, nil
	case "error":
		return slog.LevelError, nil
	}
	return 0, fmt.Errorf("LOG_LEVEL must be one of trace, debug, info, warn, error, got %q", value)
}

// urlVar checks that a required URL is set and has one of the given schemes and a host.
// The error never repeats the value: it may hold a password.
func urlVar(name, value, example string, schemes ...string) (string, error) {
	if value == "" {
		return "", fmt.Errorf("%s is required (for example %s)", name, example)
	}
	u, err := url.Parse(value)
	if err != nil || u.Host == "" || !contains(schemes, u.Scheme) {
		return "", fmt.Errorf("%s must be a %s:// URL with a host (for example %s)", name, schemes[0], example)
	}
	return value, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
