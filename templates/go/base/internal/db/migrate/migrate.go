// Package migrate applies the plain SQL files of the repo-root migrations/ folder.
package migrate

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// lockID is any fixed number: every instance of the service takes the same
// advisory lock while migrating, so instances starting together take turns.
const lockID = 72_707_001

// Run applies the *.sql files at the root of fsys in name order, each in its own
// transaction, and records each one in schema_migrations (version = file name
// without .sql). It returns the versions it applied; none when up to date.
func Run(ctx context.Context, pool *pgxpool.Pool, fsys fs.FS) ([]string, error) {
	files, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(files)

	var applied []string
	for _, file := range files {
		version := strings.TrimSuffix(path.Base(file), ".sql")
		sql, err := fs.ReadFile(fsys, file)
		if err != nil {
			return applied, err
		}
		ran, err := apply(ctx, pool, version, string(sql))
		if err != nil {
			return applied, fmt.Errorf("migration %s: %w", file, err)
		}
		if ran {
			applied = append(applied, version)
		}
	}
	return applied, nil
}

// apply runs one migration unless schema_migrations already lists it.
func apply(ctx context.Context, pool *pgxpool.Pool, version, sql string) (bool, error) {
	ran := false
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", lockID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version    TEXT PRIMARY KEY,
			applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
		)`); err != nil {
			return err
		}
		var done bool
		if err := tx.QueryRow(ctx,
			"SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = $1)", version,
		).Scan(&done); err != nil || done {
			return err
		}
		// Without arguments pgx uses the simple protocol, so a file may hold several statements.
		if _, err := tx.Exec(ctx, sql); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "INSERT INTO schema_migrations (version) VALUES ($1)", version); err != nil {
			return err
		}
		ran = true
		return nil
	})
	return ran, err
}
