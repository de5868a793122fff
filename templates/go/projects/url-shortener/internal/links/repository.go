package links

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// errCodeTaken means the insert hit the unique index on short_code.
var errCodeTaken = errors.New("short code taken")

// Repository stores links in Postgres.
type Repository struct {
	pool *pgxpool.Pool
}

// NewRepository returns a Repository using pool.
func NewRepository(pool *pgxpool.Pool) *Repository {
	return &Repository{pool: pool}
}

const linkColumns = "id, short_code, url, access_count, created_at, updated_at"

func scanLink(row pgx.Row) (Link, error) {
	var l Link
	err := row.Scan(&l.ID, &l.ShortCode, &l.URL, &l.AccessCount, &l.CreatedAt, &l.UpdatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return Link{}, ErrNotFound
	}
	return l, err
}

// Insert creates a link; errCodeTaken when the code is already used.
func (r *Repository) Insert(ctx context.Context, code, url string) (Link, error) {
	l, err := scanLink(r.pool.QueryRow(ctx,
		"INSERT INTO links (short_code, url) VALUES ($1, $2) RETURNING "+linkColumns, code, url))
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" { // unique_violation
		return Link{}, errCodeTaken
	}
	return l, err
}

// FindByCode returns the link with this code, or ErrNotFound.
func (r *Repository) FindByCode(ctx context.Context, code string) (Link, error) {
	return scanLink(r.pool.QueryRow(ctx, "SELECT "+linkColumns+" FROM links WHERE short_code = $1", code))
}

// UpdateURL points a link at a new URL. updated_at always moves forward, even
// when two updates land within the same millisecond.
func (r *Repository) UpdateURL(ctx context.Context, code, url string) (Link, error) {
	return scanLink(r.pool.QueryRow(ctx, `
		UPDATE links
		SET url = $2, updated_at = greatest(now(), updated_at + interval '1 millisecond')
		WHERE short_code = $1
		RETURNING `+linkColumns, code, url))
}

// Delete removes a link; ErrNotFound when there was none.
func (r *Repository) Delete(ctx context.Context, code string) error {
	tag, err := r.pool.Exec(ctx, "DELETE FROM links WHERE short_code = $1", code)
	if err == nil && tag.RowsAffected() == 0 {
		return ErrNotFound
	}
	return err
}

// AddAccess adds one access straight to Postgres: the path used while Redis is down.
func (r *Repository) AddAccess(ctx context.Context, code string) error {
	_, err := r.pool.Exec(ctx, "UPDATE links SET access_count = access_count + 1 WHERE short_code = $1", code)
	return err
}

// ApplyClickBatch adds a batch of counts (code -> clicks) to access_count,
// exactly once per batch id: the click_flushes row and the counts commit
// together, so replaying a batch after a crash changes nothing. It reports
// whether this call applied the batch.
func (r *Repository) ApplyClickBatch(ctx context.Context, batch string, counts map[string]int64) (bool, error) {
	codes := make([]string, 0, len(counts))
	clicks := make([]int64, 0, len(counts))
	for code, n := range counts {
		codes = append(codes, code)
		clicks = append(clicks, n)
	}
	applied := false
	err := pgx.BeginFunc(ctx, r.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, "INSERT INTO click_flushes (batch) VALUES ($1) ON CONFLICT DO NOTHING", batch)
		if err != nil || tag.RowsAffected() == 0 {
			return err // already applied (or failed): nothing to add
		}
		if _, err := tx.Exec(ctx, `
			UPDATE links SET access_count = links.access_count + c.clicks
			FROM unnest($1::text[], $2::bigint[]) AS c(code, clicks)
			WHERE links.short_code = c.code`, codes, clicks); err != nil {
			return err
		}
		applied = true
		return nil
	})
	return applied && err == nil, err
}
