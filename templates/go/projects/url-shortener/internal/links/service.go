package links

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
)

// codeAttempts bounds the retries when a random code is already taken.
const codeAttempts = 5

// Service is what the HTTP handlers call: Postgres is the source of truth,
// Redis speeds up redirects and counts clicks, and every Redis failure falls
// back to Postgres instead of failing the request.
type Service struct {
	repo   *Repository
	cache  *Cache
	clicks *Clicks
	log    *slog.Logger
}

// NewService wires the domain together.
func NewService(repo *Repository, cache *Cache, clicks *Clicks, log *slog.Logger) *Service {
	return &Service{repo: repo, cache: cache, clicks: clicks, log: log}
}

// Create stores url under a new random code.
func (s *Service) Create(ctx context.Context, url string) (Link, error) {
	for range codeAttempts {
		link, err := s.repo.Insert(ctx, NewCode(), url)
		if !errors.Is(err, errCodeTaken) {
			return link, err
		}
	}
	return Link{}, fmt.Errorf("no free short code after %d attempts", codeAttempts)
}

// Get returns a link without counting an access. Its access count may lag
// behind clicks still pending in Redis: use Stats for an exact count.
func (s *Service) Get(ctx context.Context, code string) (Link, error) {
	return s.repo.FindByCode(ctx, code)
}

// Stats returns a link with an exact access count: pending clicks are
// flushed to Postgres first (if Redis is down, what Postgres has).
func (s *Service) Stats(ctx context.Context, code string) (Link, error) {
	if err := s.clicks.Flush(ctx); err != nil {
		s.log.WarnContext(ctx, "click flush before stats failed", slog.String("error", err.Error()))
	}
	return s.repo.FindByCode(ctx, code)
}

// Update points code at a new URL and drops the cached redirect.
func (s *Service) Update(ctx context.Context, code, url string) (Link, error) {
	link, err := s.repo.UpdateURL(ctx, code, url)
	if err != nil {
		return Link{}, err
	}
	s.invalidate(ctx, code)
	return link, nil
}

// Delete removes a link, its cached redirect and its pending clicks.
func (s *Service) Delete(ctx context.Context, code string) error {
	if err := s.repo.Delete(ctx, code); err != nil {
		return err
	}
	s.invalidate(ctx, code)
	if err := s.clicks.Forget(ctx, code); err != nil {
		s.log.WarnContext(ctx, "could not drop pending clicks", slog.String("error", err.Error()))
	}
	return nil
}

// Resolve returns the URL to redirect to and counts one access. The hot path,
// a cache hit, is one Redis round trip (read and count together) and no
// Postgres query. On a miss the link comes from Postgres, is cached, and the
// click is counted in Redis; while Redis is down both go to Postgres.
func (s *Service) Resolve(ctx context.Context, code string) (string, error) {
	url, err := s.cache.ResolveAndCountClick(ctx, code)
	if err == nil && url != "" {
		return url, nil // a hit: found and counted
	}
	redisDown := err != nil
	if redisDown {
		s.log.WarnContext(ctx, "redis unavailable, resolving and counting in postgres", slog.String("error", err.Error()))
	}

	link, err := s.repo.FindByCode(ctx, code)
	if err != nil {
		return "", err
	}
	if redisDown {
		// Skip Redis for the rest of this request: each call would only fail again.
		err = s.repo.AddAccess(ctx, code)
	} else {
		if err := s.cache.Set(ctx, code, cachedLink{ID: link.ID, URL: link.URL}); err != nil {
			s.log.DebugContext(ctx, "cache write failed", slog.String("error", err.Error()))
		}
		err = s.clicks.Record(ctx, code) // a miss: the script counted nothing
	}
	if err != nil {
		// The visitor still gets their redirect; only this one count is lost.
		s.log.ErrorContext(ctx, "click not counted", slog.String("code", code), slog.String("error", err.Error()))
	}
	return link.URL, nil
}

func (s *Service) invalidate(ctx context.Context, code string) {
	if err := s.cache.Delete(ctx, code); err != nil {
		// Redis is down: nothing can read the stale entry until it is back, and
		// CACHE_TTL_SECONDS bounds how long it can outlive this change.
		s.log.WarnContext(ctx, "cache invalidation failed", slog.String("code", code), slog.String("error", err.Error()))
	}
}
