// Package redisclient opens a Redis client tuned to fail fast, so that a slow or
// absent Redis costs a request a few hundred milliseconds at most and the
// service carries on from Postgres.
package redisclient

import (
	"context"
	"fmt"
	"log/slog"
	"runtime"
	"time"

	"github.com/redis/go-redis/v9"
)

// minPoolSize is the fewest Redis connections the pool keeps room for.
const minPoolSize = 64

// New parses redisURL (redis:// or rediss://) and returns a client. Like the
// Postgres pool it connects lazily: the service starts even while Redis is down
// and picks Redis up again once it answers.
func New(redisURL string) (*redis.Client, error) {
	opts, err := redis.ParseURL(redisURL)
	if err != nil {
		return nil, fmt.Errorf("parse REDIS_URL: %w", err)
	}
	opts.DialTimeout = 250 * time.Millisecond
	opts.DialerRetries = 1 // one dial attempt per connection, no dial back-off
	opts.ReadTimeout = 300 * time.Millisecond
	opts.WriteTimeout = 300 * time.Millisecond
	opts.PoolTimeout = 500 * time.Millisecond
	opts.MaxRetries = -1 // -1 disables command retries (0 would mean the default, 3)
	opts.ContextTimeoutEnabled = true
	// Each request holds a connection for its one round trip. The default pool
	// (10 per CPU) is smaller than the concurrent requests a busy instance
	// serves, and a request that finds it empty waits for a turn; a
	// ?pool_size= in REDIS_URL still wins.
	if opts.PoolSize == 0 {
		opts.PoolSize = max(minPoolSize, 10*runtime.GOMAXPROCS(0))
	}
	return redis.NewClient(opts), nil
}

// UseLogger sends go-redis's own messages (such as failed dials) to logger at
// debug level, instead of plain text on stderr between the JSON log lines.
func UseLogger(logger *slog.Logger) {
	redis.SetLogger(slogAdapter{logger})
}

type slogAdapter struct{ logger *slog.Logger }

func (a slogAdapter) Printf(ctx context.Context, format string, v ...any) {
	a.logger.DebugContext(ctx, fmt.Sprintf(format, v...), "component", "go-redis")
}
