// Package ratelimit is a fixed-window rate limiter kept in Redis, so that every
// instance of the service shares the same counters.
package ratelimit

import (
	"context"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

const window = time.Minute

// Limiter allows a number of requests per key per one-minute window.
type Limiter struct {
	rdb   *redis.Client
	limit int
	now   func() time.Time
}

// New returns a Limiter allowing limit requests per minute per key.
func New(rdb *redis.Client, limit int) *Limiter {
	return &Limiter{rdb: rdb, limit: limit, now: time.Now}
}

// Allow counts one request for key (a client IP) with INCR rl:<key>:<window>
// and EXPIRE 60. When the window's count is over the limit it returns false
// and the time left until the window ends. An error means Redis is unusable.
func (l *Limiter) Allow(ctx context.Context, key string) (allowed bool, retryAfter time.Duration, err error) {
	now := l.now()
	windowStart := now.Truncate(window)
	redisKey := "rl:" + key + ":" + strconv.FormatInt(windowStart.Unix()/int64(window/time.Second), 10)

	pipe := l.rdb.TxPipeline()
	incr := pipe.Incr(ctx, redisKey)
	pipe.Expire(ctx, redisKey, window)
	if _, err := pipe.Exec(ctx); err != nil {
		return false, 0, err
	}
	if incr.Val() <= int64(l.limit) {
		return true, 0, nil
	}
	return false, windowStart.Add(window).Sub(now), nil
}
