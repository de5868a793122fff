import type { Pool } from '../db/pool.js';
import type { ChatMessage } from './schemas.js';

interface MessageRow {
  id: string; // BIGINT comes back from pg as a string
  room: string;
  name: string;
  text: string;
  created_at: Date;
}

const COLUMNS = 'id, room, name, text, created_at';

const toMessage = (row: MessageRow): ChatMessage => ({
  id: Number(row.id),
  room: row.room,
  name: row.name,
  text: row.text,
  createdAt: row.created_at.toISOString(),
});

/** Every SQL statement about messages lives here. */
export class MessagesRepository {
  constructor(private readonly pool: Pool) {}

  async insert(room: string, name: string, text: string): Promise<ChatMessage> {
    const { rows } = await this.pool.query<MessageRow>(
      `INSERT INTO messages (room, name, text) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
      [room, name, text],
    );
    return toMessage(rows[0]!);
  }

  /**
   * One page of a room's history, newest first. Keyset pagination: the next page
   * starts below the last id the client has (`before`), so a page costs the same
   * however deep it is, and messages arriving meanwhile never shift the pages.
   * The index on (room, id DESC) serves it.
   */
  async page(room: string, limit: number, before?: number): Promise<ChatMessage[]> {
    const { rows } = await this.pool.query<MessageRow>(
      `SELECT ${COLUMNS} FROM messages
       WHERE room = $1 AND ($2::bigint IS NULL OR id < $2)
       ORDER BY id DESC
       LIMIT $3`,
      [room, before ?? null, limit],
    );
    return rows.map(toMessage);
  }
}
