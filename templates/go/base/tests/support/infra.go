// Package support gives every test package (tests/integration, and
// tests/milestones later) real Postgres and Redis and a running service.
package support

import (
	"context"
	"fmt"
	"net"
	"os"
	"strings"
	"time"

	"github.com/testcontainers/testcontainers-go"
	tclog "github.com/testcontainers/testcontainers-go/log"
	tcpostgres "github.com/testcontainers/testcontainers-go/modules/postgres"
	tcredis "github.com/testcontainers/testcontainers-go/modules/redis"
	"github.com/testcontainers/testcontainers-go/wait"
)

// InfraHelp is the one message printed when the tests get no Postgres or Redis.
const InfraHelp = "Integration tests need Postgres and Redis: start Docker, or set TEST_DATABASE_URL and TEST_REDIS_URL."

const (
	postgresImage = "postgres:17-alpine"
	redisImage    = "redis:7-alpine"
)

// Infra is a Postgres and a Redis for the tests.
type Infra struct {
	DatabaseURL string
	RedisURL    string
	Source      string // where they came from, for the log
	stops       []func()
}

// StartInfra takes each URL from TEST_DATABASE_URL / TEST_REDIS_URL, else
// starts a Testcontainers container for it. It never reads the app's own
// DATABASE_URL / REDIS_URL: a loaded .env must not send tests to a
// development database.
// Its error starts with InfraHelp.
func StartInfra(ctx context.Context) (*Infra, error) {
	infra := &Infra{
		DatabaseURL: firstEnv("TEST_DATABASE_URL"),
		RedisURL:    firstEnv("TEST_REDIS_URL"),
	}
	pgSource, redisSource := "environment", "environment"
	if infra.DatabaseURL == "" || infra.RedisURL == "" {
		tclog.SetDefault(tclog.NewNoopLogger()) // our error says what went wrong
	}
	var err error
	if infra.DatabaseURL == "" {
		pgSource = "testcontainers " + postgresImage
		infra.DatabaseURL, err = infra.startPostgres(ctx)
	}
	if err == nil && infra.RedisURL == "" {
		redisSource = "testcontainers " + redisImage
		infra.RedisURL, err = infra.startRedis(ctx)
	}
	if err != nil {
		infra.Stop()
		return nil, fmt.Errorf("%s\n(%s)", InfraHelp, firstLine(err))
	}
	infra.Source = "postgres from " + pgSource + ", redis from " + redisSource
	return infra, nil
}

// Stop removes the containers StartInfra started.
func (i *Infra) Stop() {
	for _, stop := range i.stops {
		stop()
	}
	i.stops = nil
}

func (i *Infra) startPostgres(ctx context.Context) (url string, err error) {
	defer recoverDockerPanic(&err)
	ctr, err := tcpostgres.Run(ctx, postgresImage,
		tcpostgres.WithDatabase("app"),
		tcpostgres.WithUsername("app"),
		tcpostgres.WithPassword("app"),
		testcontainers.WithWaitStrategy(
			// The official image logs this twice: after its init scripts and when really up.
			wait.ForLog("database system is ready to accept connections").WithOccurrence(2),
			wait.ForListeningPort("5432/tcp").SkipExternalCheck(),
		),
	)
	i.onStop(ctr)
	if err != nil {
		return "", err
	}
	addr, err := reachableAddr(ctx, ctr, "5432/tcp")
	if err != nil {
		return "", err
	}
	return "postgres://app:app@" + addr + "/app?sslmode=disable", nil
}

func (i *Infra) startRedis(ctx context.Context) (url string, err error) {
	defer recoverDockerPanic(&err)
	ctr, err := tcredis.Run(ctx, redisImage,
		testcontainers.WithWaitStrategy(
			wait.ForLog("Ready to accept connections"),
			wait.ForListeningPort("6379/tcp").SkipExternalCheck(),
		),
	)
	i.onStop(ctr)
	if err != nil {
		return "", err
	}
	addr, err := reachableAddr(ctx, ctr, "6379/tcp")
	if err != nil {
		return "", err
	}
	return "redis://" + addr, nil
}

// onStop registers a container (even a failed one) for removal.
func (i *Infra) onStop(ctr testcontainers.Container) {
	if ctr == nil {
		return
	}
	i.stops = append(i.stops, func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = testcontainers.TerminateContainer(ctr, testcontainers.StopContext(ctx))
	})
}

// reachableAddr returns host:port of the container's published port. It tries
// the host Testcontainers reports, then loopback: when the tests themselves run
// inside a container, Testcontainers guesses a gateway address that may not
// route back, while the published port is still on loopback.
func reachableAddr(ctx context.Context, ctr testcontainers.Container, port string) (string, error) {
	host, err := ctr.Host(ctx)
	if err != nil {
		return "", err
	}
	mapped, err := ctr.MappedPort(ctx, port)
	if err != nil {
		return "", err
	}
	candidates := []string{host}
	if host != "localhost" && host != "127.0.0.1" {
		candidates = append(candidates, "127.0.0.1")
	}
	dialer := net.Dialer{Timeout: 500 * time.Millisecond}
	deadline := time.Now().Add(15 * time.Second)
	for {
		for _, h := range candidates {
			addr := net.JoinHostPort(h, mapped.Port())
			conn, err := dialer.DialContext(ctx, "tcp", addr)
			if err == nil {
				_ = conn.Close()
				return addr, nil
			}
		}
		if time.Now().After(deadline) {
			return "", fmt.Errorf("container port %s is not reachable on %s", mapped.Port(), strings.Join(candidates, " or "))
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// recoverDockerPanic turns Testcontainers' panics (it panics when it finds no
// Docker engine) into an error.
func recoverDockerPanic(err *error) {
	if v := recover(); v != nil {
		*err = fmt.Errorf("no Docker engine: %v", v)
	}
}

func firstEnv(names ...string) string {
	for _, name := range names {
		if v := strings.TrimSpace(os.Getenv(name)); v != "" {
			return v
		}
	}
	return ""
}

func firstLine(err error) string {
	line, _, _ := strings.Cut(err.Error(), "\n")
	return line
}
