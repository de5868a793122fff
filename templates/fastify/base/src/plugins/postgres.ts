import fp from 'fastify-plugin';
import { createPool, type Pool } from '../db/pool.js';
import type { Logger } from '../logger.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The Postgres pool every query of the app goes through. */
    db: Pool;
  }
}

export interface PostgresPluginOptions {
  databaseUrl: string;
  logger: Logger;
}

/**
 * `app.db`: the pool is opened here and ended here, when the app closes. Fastify runs the
 * onClose hooks in the reverse order of registration, so every plugin registered after this
 * one (and using the pool) has finished its own shutdown by then.
 */
export const postgresPlugin = fp<PostgresPluginOptions>(
  async (app, { databaseUrl, logger }) => {
    const pool = createPool(databaseUrl, logger);
    app.decorate('db', pool);
    app.addHook('onClose', () => pool.end());
  },
  { name: 'postgres', fastify: '5.x' },
);
