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

	"example.com/project/internal/chat"
	"example.com/project/internal/config"
	"example.com/project/internal/httpapi"
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
	conns
	Chat    *chat.Chat
	handler http.Handler
}

// New builds the service and starts the chat's background work (the Redis
// subscription, the presence heartbeat). Postgres and Redis are connected on
// first use, so New succeeds while either is down.
func New(ctx context.Context, cfg config.Config, log *slog.Logger) (*App, error) {
	infra, err := connect(ctx, cfg.DatabaseURL, cfg.RedisURL)
	if err != nil {
		return nil, err
	}

	c := chat.New(infra.DB, infra.Redis, log, chat.Settings{
		PresenceTTL:          time.Duration(cfg.PresenceTTLSeconds) * time.Second,
		MessagesPer10Seconds: cfg.MessagesPer10Seconds,
		MaxQueuedBytes:       maxQueuedBytes,
	})
	waitCtx, cancel := context.WithTimeout(ctx, readyTimeout)
	c.WaitReady(waitCtx)
	cancel()

	checker := infra.healthChecker()
	// Redis counts as up when it answers and this instance hears the other
	// instances through it.
	checker.Optional["redis"] = func(ctx context.Context) error {
		if err := infra.pingRedis(ctx); err != nil {
			return err
		}
		if !c.Subscribed() {
			return errNotSubscribed
		}
		return nil
	}
	handler := httpapi.NewHandler(httpapi.Deps{Logger: log, Chat: c, Health: checker})
	return &App{conns: infra, Chat: c, handler: handler}, nil
}

// Handler is the HTTP handler of every route.
func (a *App) Handler() http.Handler { return a.handler }

// Close closes every socket with 1001 (their members leave their rooms),
// stops the background work and closes the pools.
func (a *App) Close(ctx context.Context) error {
	chatErr := a.Chat.Close(ctx)
	return errors.Join(chatErr, a.close())
}
