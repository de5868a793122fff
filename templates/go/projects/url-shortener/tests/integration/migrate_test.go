package integration

import (
	"context"
	"sync"
	"testing"
	"time"
)

func TestMigrationsAreIdempotent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	before := appliedMigrations(t)
	if _, ok := before["001_create_links"]; !ok {
		t.Fatalf("001_create_links not recorded: %v", before)
	}
	if _, ok := before["002_create_click_flushes"]; !ok {
		t.Fatalf("002_create_click_flushes not recorded: %v", before)
	}

	// Several instances starting together take turns on the advisory lock.
	var wg sync.WaitGroup
	errs := make(chan error, 3)
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- env.Migrate(ctx)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("re-running migrations: %v", err)
		}
	}

	after := appliedMigrations(t)
	for version, at := range before {
		if !after[version].Equal(at) {
			t.Errorf("%s re-applied: applied_at %v -> %v", version, at, after[version])
		}
	}
}

func appliedMigrations(t *testing.T) map[string]time.Time {
	t.Helper()
	rows, err := srv.App.DB.Query(context.Background(), "SELECT version, applied_at FROM schema_migrations")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	applied := map[string]time.Time{}
	for rows.Next() {
		var version string
		var at time.Time
		if err := rows.Scan(&version, &at); err != nil {
			t.Fatal(err)
		}
		applied[version] = at
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return applied
}
