// Package db opens the Postgres connection pool.
package db

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// NewPool parses databaseURL and returns a pool. It does not connect yet:
// connections are opened on first use, so the service can report Postgres as
// down on /health instead of refusing to exist.
func NewPool(ctx context.Context, databaseURL string) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(databaseURL)
	if err != nil {
		return nil, fmt.Errorf("parse DATABASE_URL: %w", err)
	}
	// Fail fast instead of hanging when Postgres is unreachable
	// (a connect_timeout in the URL takes precedence).
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = 3 * time.Second
	}
	return pgxpool.NewWithConfig(ctx, cfg)
}
