// Package links is the URL shortener's domain: short codes, URL rules, the
// Postgres repository, the Redis cache, click counting and the service that
// ties them together.
package links

import (
	"errors"
	"time"
)

// Link is one shortened URL.
type Link struct {
	ID          int64
	ShortCode   string
	URL         string
	AccessCount int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// ErrNotFound means no link has the requested short code.
var ErrNotFound = errors.New("link not found")
