package lifecycle

import (
	"context"
	"fmt"
	"log/slog"

	"example.com/project/internal/db"
	"example.com/project/internal/db/migrate"
	"example.com/project/migrations"
)

// Migrate applies the SQL files of migrations/ (embedded in the binary) over a
// pool of its own, closed afterwards. Every process runs it at start-up; the
// migration runner's advisory lock lets several start together.
func Migrate(ctx context.Context, databaseURL string, logger *slog.Logger) error {
	pool, err := db.NewPool(ctx, databaseURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	if err := pool.Ping(ctx); err != nil {
		return fmt.Errorf("cannot reach Postgres (DATABASE_URL): %w", err)
	}
	applied, err := migrate.Run(ctx, pool, migrations.FS)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	if len(applied) > 0 {
		logger.InfoContext(ctx, "migrations applied", slog.Any("versions", applied))
	} else {
		logger.InfoContext(ctx, "schema is up to date")
	}
	return nil
}
