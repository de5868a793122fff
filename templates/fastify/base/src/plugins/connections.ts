import fp from 'fastify-plugin';
import type { Config } from '../config.js';
import { createPool, type Pool } from '../db/pool.js';
import type { Logger } from '../logger.js';
import { closeRedis, createRedis, waitForRedis, type Redis } from '../redis.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The Postgres pool every query of the app goes through. */
    db: Pool;
    /** The Redis client: fails fast while Redis is away, so callers can fall back to Postgres. */
    redis: Redis;
  }
}

/** What the app's plugins are built from: this one, and each service's own. */
export interface AppPluginOptions {
  config: Config;
  logger: Logger;
}

/**
 * `app.db` and `app.redis`, opened here and closed here. app.ready() waits (briefly) for Redis's
 * first connection so the first requests find it, though a Redis that is down never stops the
 * start. Fastify runs the onClose hooks in the reverse order of registration, so every plugin
 * registered after this one has finished its own shutdown (a last flush, say) before they close.
 */
export const connectionsPlugin = fp<AppPluginOptions>(
  async (app, { config, logger }) => {
    const pool = createPool(config.databaseUrl, logger);
    const redis = createRedis(config.redisUrl, logger);
    app.decorate('db', pool);
    app.decorate('redis', redis);
    app.addHook('onReady', () => waitForRedis(redis));
    app.addHook('onClose', async () => {
      await closeRedis(redis);
      await pool.end();
    });
  },
  { name: 'connections', fastify: '5.x' },
);
