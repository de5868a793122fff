package links

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

const (
	// pendingKey is the Redis hash of clicks not yet in Postgres: code -> count.
	pendingKey = "clicks:pending"
	// flushingPrefix names a batch being moved to Postgres: clicks:flushing:<id>.
	flushingPrefix = "clicks:flushing:"
)

// Clicks counts redirects without a hot row: each click is an HINCRBY in Redis,
// and Flush moves the counts to links.access_count exactly once. While Redis is
// down each click goes straight to Postgres instead.
type Clicks struct {
	rdb  *redis.Client
	repo *Repository
	log  *slog.Logger
}

// NewClicks returns the click counter.
func NewClicks(rdb *redis.Client, repo *Repository, log *slog.Logger) *Clicks {
	return &Clicks{rdb: rdb, repo: repo, log: log}
}

// Record counts one access to code.
func (c *Clicks) Record(ctx context.Context, code string) error {
	err := c.rdb.HIncrBy(ctx, pendingKey, code, 1).Err()
	if err == nil {
		return nil
	}
	c.log.WarnContext(ctx, "redis unavailable, counting the click in postgres", slog.String("error", err.Error()))
	return c.repo.AddAccess(ctx, code)
}

// Forget drops the pending count of a deleted link.
func (c *Clicks) Forget(ctx context.Context, code string) error {
	return c.rdb.HDel(ctx, pendingKey, code).Err()
}

// Flush moves every pending count into Postgres. It renames clicks:pending to
// a fresh clicks:flushing:<id> batch (new clicks start a new pending hash),
// then applies every batch it finds, its own and any left by a crash or by a
// flush running elsewhere; ApplyClickBatch makes each batch count once.
// Once Flush returns, every click recorded before it started is in Postgres.
func (c *Clicks) Flush(ctx context.Context) error {
	err := c.rdb.Rename(ctx, pendingKey, flushingPrefix+newBatchID()).Err()
	if err != nil && !isNoSuchKey(err) {
		return fmt.Errorf("start click batch: %w", err)
	}
	iter := c.rdb.Scan(ctx, 0, flushingPrefix+"*", 100).Iterator()
	for iter.Next(ctx) {
		if err := c.applyBatch(ctx, iter.Val()); err != nil {
			return err
		}
	}
	return iter.Err()
}

func (c *Clicks) applyBatch(ctx context.Context, key string) error {
	fields, err := c.rdb.HGetAll(ctx, key).Result()
	if err != nil {
		return fmt.Errorf("read click batch %s: %w", key, err)
	}
	counts := make(map[string]int64, len(fields))
	for code, v := range fields {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > 0 {
			counts[code] = n
		}
	}
	if len(counts) > 0 {
		applied, err := c.repo.ApplyClickBatch(ctx, key, counts)
		if err != nil {
			return fmt.Errorf("apply click batch %s: %w", key, err)
		}
		if applied {
			c.log.DebugContext(ctx, "click batch applied", slog.String("batch", key), slog.Int("links", len(counts)))
		}
	}
	// Applied now or before: the batch is in Postgres, so the key can go.
	return c.rdb.Del(ctx, key).Err()
}

// RunFlusher flushes every interval until ctx ends. It logs a warning when
// flushing starts failing (Redis or Postgres away) and when it recovers, not
// every second in between.
func (c *Clicks) RunFlusher(ctx context.Context, interval time.Duration) {
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	failing := false
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
			err := c.Flush(ctx)
			switch {
			case ctx.Err() != nil:
				return
			case err != nil && !failing:
				c.log.WarnContext(ctx, "click flush failed; retrying every interval", slog.String("error", err.Error()))
			case err == nil && failing:
				c.log.InfoContext(ctx, "click flush recovered")
			}
			failing = err != nil
		}
	}
}

func isNoSuchKey(err error) bool {
	var redisErr redis.Error
	return errors.As(err, &redisErr) && redisErr.Error() == "ERR no such key"
}

func newBatchID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return hex.EncodeToString(b[:])
}
