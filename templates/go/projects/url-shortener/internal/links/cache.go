package links

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/redis/go-redis/v9"
)

// cachedLink is what a redirect needs, stored under link:<code>.
type cachedLink struct {
	ID  int64  `json:"id"`
	URL string `json:"url"`
}

// Cache is the cache-aside store for redirects in Redis.
type Cache struct {
	rdb *redis.Client
	ttl time.Duration
}

// NewCache returns a Cache whose entries live for ttl.
func NewCache(rdb *redis.Client, ttl time.Duration) *Cache {
	return &Cache{rdb: rdb, ttl: ttl}
}

func cacheKey(code string) string { return "link:" + code }

// Get returns the cached link; ok is false on a miss. An error means Redis is unusable.
func (c *Cache) Get(ctx context.Context, code string) (link cachedLink, ok bool, err error) {
	raw, err := c.rdb.Get(ctx, cacheKey(code)).Bytes()
	if errors.Is(err, redis.Nil) {
		return cachedLink{}, false, nil
	}
	if err != nil {
		return cachedLink{}, false, err
	}
	if err := json.Unmarshal(raw, &link); err != nil || link.URL == "" {
		return cachedLink{}, false, nil // a corrupt entry is a miss; the next Set replaces it
	}
	return link, true, nil
}

// Set caches a link for the configured TTL.
func (c *Cache) Set(ctx context.Context, code string, link cachedLink) error {
	raw, err := json.Marshal(link)
	if err != nil {
		return err
	}
	return c.rdb.Set(ctx, cacheKey(code), raw, c.ttl).Err()
}

// Delete drops a cached link (after its row changed or went away).
func (c *Cache) Delete(ctx context.Context, code string) error {
	return c.rdb.Del(ctx, cacheKey(code)).Err()
}
