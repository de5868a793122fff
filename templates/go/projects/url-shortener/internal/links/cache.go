package links

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/redis/go-redis/v9"
)

// cachedLink is the JSON stored under link:<code>. A redirect reads only its
// url, inside Redis (see resolveAndCountClick).
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

// resolveAndCountClick is the redirect's hot path in one round trip, run
// atomically by Redis: read the cached link and, only when there is one, count
// the click the way Clicks.Record does (HINCRBY clicks:pending <code> 1). It
// returns just the URL, decoded by Redis's built-in cjson, so the redirect
// needs no JSON decoding here; an entry that does not decode to a URL is a
// miss and counts nothing (the caller's Set replaces it).
var resolveAndCountClick = redis.NewScript(`
local cached = redis.call('GET', KEYS[1])
if not cached then return false end
local ok, link = pcall(cjson.decode, cached)
if not ok or type(link) ~= 'table' or type(link.url) ~= 'string' or link.url == '' then
  return false
end
redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
return link.url`)

// ResolveAndCountClick returns the cached URL for a redirect and, on a hit,
// counts the click in the same round trip. On a miss it returns "" and counts
// nothing: the caller counts once Postgres knows the link. An error means
// Redis is unusable and nothing was counted.
func (c *Cache) ResolveAndCountClick(ctx context.Context, code string) (url string, err error) {
	// Run sends EVALSHA (the script's SHA-1 only) and falls back to EVAL, which
	// sends the whole script, when Redis does not know it yet (first call,
	// after a restart or SCRIPT FLUSH).
	url, err = resolveAndCountClick.Run(ctx, c.rdb, []string{cacheKey(code), pendingKey}, code).Text()
	if errors.Is(err, redis.Nil) { // the script's false arrives as redis.Nil
		return "", nil
	}
	return url, err
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
