// Package app wires the service together. cmd/server serves it (through
// internal/lifecycle, once the migrations have run) and the tests start it
// in-process; both call New, Handler and Close.
package app

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"

	"example.com/project/internal/chat"
	"example.com/project/internal/config"
	"example.com/project/internal/db"
	"example.com/project/internal/health"
	"example.com/project/internal/httpapi"
	"example.com/project/internal/redisclient"
)

const (
	// maxQueuedBytes bounds each socket's send queue: past it, a client that
	// does not read is closed with 1013.
	maxQueuedBytes = 1 << 20
	// readyTimeout is how long New waits for the Redis subscription, so the
	// first /health already says ok; with Redis down New goes on without it.
	readyTimeout = 2 * time.Second
)

var errNotSubscribed = errors.New("the room subscription is not live")

// App is one instance of the service.
type App struct {
	DB      *pgxpool.Pool
	Redis   *redis.Client
	Chat    *chat.Chat
	handler http.Handler
}

// New builds the service and starts the chat's background work (the Redis
// subscription, the presence heartbeat). Postgres and Redis are connected on
// first use, so New succeeds while either is down.
func New(ctx context.Context, cfg config.Config, log *slog.Logger) (*App, error) {
	pool, err := db.NewPool(ctx, cfg.DatabaseURL)
	if err != nil {
		return nil, err
	}
	rdb, err := redisclient.New(cfg.RedisURL)
	if err != nil {
		pool.Close()
		return nil, err
	}

	c := chat.New(pool, rdb, log, chat.Settings{
		PresenceTTL:          time.Duration(cfg.PresenceTTLSeconds) * time.Second,
		MessagesPer10Seconds: cfg.MessagesPer10Seconds,
		MaxQueuedBytes:       maxQueuedBytes,
	})
	waitCtx, cancel := context.WithTimeout(ctx, readyTimeout)
	c.WaitReady(waitCtx)
	cancel()

	handler := httpapi.NewHandler(httpapi.Deps{
		Logger: log,
		Chat:   c,
		Health: health.Checker{
			Required: map[string]health.Pinger{"postgres": pool.Ping},
			// Redis counts as up when it answers and this instance hears the
			// other instances through it.
			Optional: map[string]health.Pinger{"redis": func(ctx context.Context) error {
				if err := rdb.Ping(ctx).Err(); err != nil {
					return err
				}
				if !c.Subscribed() {
					return errNotSubscribed
				}
				return nil
			}},
		},
	})
	return &App{DB: pool, Redis: rdb, Chat: c, handler: handler}, nil
}

// Handler is the HTTP handler of every route.
func (a *App) Handler() http.Handler { return a.handler }

// Close closes every socket with 1001 (their members leave their rooms),
// stops the background work and closes the pools.
func (a *App) Close(ctx context.Context) error {
	chatErr := a.Chat.Close(ctx)
	a.DB.Close()
	return errors.Join(chatErr, a.Redis.Close())
}
