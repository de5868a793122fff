import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Logger } from '../logger.js';

/** The repo-root migrations/ folder (the same relative path from src/db and dist/db). */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

// Any fixed number: every instance of this service takes the same lock while migrating.
const MIGRATION_LOCK_ID = 72_707_001;

/**
 * Applies the *.sql files of `dir` in name order, each in its own transaction,
 * and records them in schema_migrations. The transaction-scoped advisory lock
 * makes instances starting together wait for each other instead of racing.
 * Returns the versions it applied (empty when the schema was up to date).
 */
export async function runMigrations(
  client: pg.ClientBase,
  dir = MIGRATIONS_DIR,
): Promise<string[]> {
  const files = (await readdir(dir)).filter((file) => file.endsWith('.sql')).sort();
  const applied: string[] = [];

  for (const file of files) {
    const version = file.slice(0, -'.sql'.length);
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_ID]);
      await client.query(
        `CREATE TABLE IF NOT EXISTS schema_migrations (
           version    TEXT PRIMARY KEY,
           applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
         )`,
      );
      const done = await client.query('SELECT 1 FROM schema_migrations WHERE version = $1', [
        version,
      ]);
      if (done.rowCount === 0) {
        await client.query(await readFile(join(dir, file), 'utf8'));
        await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
        applied.push(version);
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      const reason = err instanceof Error ? err.message : String(err);
      throw new Error(`Migration ${file} failed: ${reason}`, { cause: err });
    }
  }
  return applied;
}

/** Connects once, applies pending migrations and disconnects. */
export async function migrate(
  databaseUrl: string,
  logger?: Logger,
  dir = MIGRATIONS_DIR,
): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    const applied = await runMigrations(client, dir);
    logger?.info({ applied }, applied.length > 0 ? 'migrations applied' : 'schema is up to date');
    return applied;
  } finally {
    await client.end();
  }
}
