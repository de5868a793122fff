import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { MIGRATIONS_DIR, migrate } from '../../src/db/migrate.js';

// The real migrations were applied by the global setup; these tests add throwaway
// ones of their own (unique names) and remove what they created afterwards.
describe('migrate', () => {
  const databaseUrl = inject('databaseUrl');
  const pool = new pg.Pool({ connectionString: databaseUrl });
  const cleanups: (() => Promise<unknown>)[] = [];

  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
    await pool.end();
  });

  /** A folder with one migration that creates a table and inserts one row. */
  async function throwawayMigration(): Promise<{ dir: string; version: string; table: string }> {
    const suffix = randomUUID().replaceAll('-', '');
    const table = `migrate_test_${suffix}`;
    const version = `900_${table}`;
    const dir = await mkdtemp(join(tmpdir(), 'migrations-'));
    await writeFile(
      join(dir, `${version}.sql`),
      `CREATE TABLE ${table} (id int); INSERT INTO ${table} VALUES (1);`,
    );
    cleanups.push(
      () => rm(dir, { recursive: true, force: true }),
      () => pool.query(`DROP TABLE IF EXISTS ${table}`),
      () => pool.query('DELETE FROM schema_migrations WHERE version = $1', [version]),
    );
    return { dir, version, table };
  }

  beforeAll(async () => {
    await pool.query('SELECT 1');
  });

  it('leaves an up-to-date schema alone', async () => {
    expect(await migrate(databaseUrl)).toEqual([]);
    const shipped = (await readdir(MIGRATIONS_DIR))
      .filter((file) => file.endsWith('.sql'))
      .map((file) => file.slice(0, -'.sql'.length));
    expect(shipped.length).toBeGreaterThan(0);
    const { rows } = await pool.query<{ version: string }>(
      'SELECT version FROM schema_migrations WHERE version = ANY($1)',
      [shipped],
    );
    expect(rows.map((row) => row.version).sort()).toEqual(shipped.sort());
  });

  it('applies a migration once, however often it runs', async () => {
    const { dir, version, table } = await throwawayMigration();
    expect(await migrate(databaseUrl, undefined, dir)).toEqual([version]);
    expect(await migrate(databaseUrl, undefined, dir)).toEqual([]);
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM ${table}`);
    expect(rows[0].n).toBe(1);
  });

  it('lets instances starting together apply it exactly once', async () => {
    const { dir, version, table } = await throwawayMigration();
    const results = await Promise.all([1, 2, 3].map(() => migrate(databaseUrl, undefined, dir)));
    expect(results.flat()).toEqual([version]);
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM ${table}`);
    expect(rows[0].n).toBe(1);
  });

  it('rolls back a failing migration and names it', async () => {
    const { dir, version, table } = await throwawayMigration();
    await writeFile(join(dir, `${version}.sql`), `CREATE TABLE ${table} (id int); SELECT broken;`);
    await expect(migrate(databaseUrl, undefined, dir)).rejects.toThrow(
      `Migration ${version}.sql failed`,
    );
    const { rows } = await pool.query('SELECT to_regclass($1) AS table', [table]);
    expect(rows[0].table).toBeNull();
  });
});
