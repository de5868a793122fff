package chat

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Store keeps the history in the messages table (migrations/001_create_messages.sql).
type Store struct {
	pool *pgxpool.Pool
}

// NewStore returns the message store.
func NewStore(pool *pgxpool.Pool) *Store {
	return &Store{pool: pool}
}

// Insert stores a message; Postgres gives it its id and creation time.
func (s *Store) Insert(ctx context.Context, room, name, text string) (Message, error) {
	m := Message{Room: room, Name: name, Text: text}
	err := s.pool.QueryRow(ctx,
		"INSERT INTO messages (room, name, text) VALUES ($1, $2, $3) RETURNING id, created_at",
		room, name, text,
	).Scan(&m.ID, &m.CreatedAt)
	return m, err
}

// History returns up to limit messages of room, newest first. With before > 0
// it returns only older messages (id < before): the next page of a client that
// has everything from before on. The index messages_room_id_desc serves both,
// however long the history: a cursor never makes Postgres skip rows the way
// OFFSET does.
func (s *Store) History(ctx context.Context, room string, limit int, before int64) ([]Message, error) {
	query := "SELECT id, room, name, text, created_at FROM messages WHERE room = $1 ORDER BY id DESC LIMIT $2"
	args := []any{room, limit}
	if before > 0 {
		query = "SELECT id, room, name, text, created_at FROM messages WHERE room = $1 AND id < $3 ORDER BY id DESC LIMIT $2"
		args = append(args, before)
	}
	rows, err := s.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Message, error) {
		var m Message
		err := row.Scan(&m.ID, &m.Room, &m.Name, &m.Text, &m.CreatedAt)
		return m, err
	})
}
