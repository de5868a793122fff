import pg from 'pg';
import type { Logger } from '../logger.js';

export type Pool = pg.Pool;

export interface PoolOptions {
  /** Most connections open at once (default 10); queries beyond that wait for a free one. */
  max?: number;
}

export function createPool(
  databaseUrl: string,
  logger: Logger,
  options: PoolOptions = {},
): pg.Pool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.max ?? 10,
    // Fail a request quickly instead of hanging when Postgres is unreachable.
    connectionTimeoutMillis: 3_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client that loses its connection emits 'error' on the pool; without a
  // listener that would crash the process. The pool replaces the client by itself.
  pool.on('error', (err) => logger.error({ err }, 'idle postgres client failed'));
  return pool;
}
