import type { Pool } from '../db/pool.js';

export interface LinkRecord {
  id: number;
  shortCode: string;
  url: string;
  accessCount: number;
  createdAt: Date;
  updatedAt: Date;
}

interface LinkRow {
  id: string; // BIGINT comes back from pg as a string
  short_code: string;
  url: string;
  access_count: string;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, short_code, url, access_count, created_at, updated_at';

const toRecord = (row: LinkRow): LinkRecord => ({
  id: Number(row.id),
  shortCode: row.short_code,
  url: row.url,
  accessCount: Number(row.access_count),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** Every SQL statement about links lives here. */
export class LinksRepository {
  constructor(private readonly pool: Pool) {}

  /** Inserts a link; returns undefined when the short code is already taken. */
  async insert(shortCode: string, url: string): Promise<LinkRecord | undefined> {
    const { rows } = await this.pool.query<LinkRow>(
      `INSERT INTO links (short_code, url) VALUES ($1, $2)
       ON CONFLICT (short_code) DO NOTHING
       RETURNING ${COLUMNS}`,
      [shortCode, url],
    );
    return rows[0] && toRecord(rows[0]);
  }

  async findByCode(shortCode: string): Promise<LinkRecord | undefined> {
    const { rows } = await this.pool.query<LinkRow>(
      `SELECT ${COLUMNS} FROM links WHERE short_code = $1`,
      [shortCode],
    );
    return rows[0] && toRecord(rows[0]);
  }

  /** Changes the URL; updated_at always moves forward, even within one millisecond. */
  async updateUrl(shortCode: string, url: string): Promise<LinkRecord | undefined> {
    const { rows } = await this.pool.query<LinkRow>(
      `UPDATE links
       SET url = $2, updated_at = greatest(now(), updated_at + interval '1 millisecond')
       WHERE short_code = $1
       RETURNING ${COLUMNS}`,
      [shortCode, url],
    );
    return rows[0] && toRecord(rows[0]);
  }

  /** Returns false when there was no such link. */
  async deleteByCode(shortCode: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM links WHERE short_code = $1', [
      shortCode,
    ]);
    return rowCount === 1;
  }

  /** The direct path for counting, used while Redis is unavailable. */
  async incrementAccessCount(shortCode: string): Promise<void> {
    await this.pool.query(
      'UPDATE links SET access_count = access_count + 1 WHERE short_code = $1',
      [shortCode],
    );
  }

  /**
   * Adds a batch of click counts exactly once: the click_flushes row and the
   * counts commit together, so applying the same batch again changes nothing.
   * Returns false when the batch had already been applied.
   */
  async applyClickBatch(batchId: string, counts: ReadonlyMap<string, number>): Promise<boolean> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const inserted = await client.query(
        'INSERT INTO click_flushes (batch) VALUES ($1) ON CONFLICT DO NOTHING',
        [batchId],
      );
      if (inserted.rowCount === 1) {
        await client.query(
          `UPDATE links SET access_count = links.access_count + batch.clicks
           FROM unnest($1::text[], $2::bigint[]) AS batch(short_code, clicks)
           WHERE links.short_code = batch.short_code`,
          [[...counts.keys()], [...counts.values()]],
        );
      }
      await client.query('COMMIT');
      return inserted.rowCount === 1;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }
}
