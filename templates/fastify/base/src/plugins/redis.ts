import fp from 'fastify-plugin';
import type { Logger } from '../logger.js';
import { closeRedis, createRedis, waitForRedis, type Redis } from '../redis.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The Redis client: fails fast while Redis is away, so callers can fall back to Postgres. */
    redis: Redis;
  }
}

export interface RedisPluginOptions {
  redisUrl: string;
  logger: Logger;
}

/**
 * `app.redis`: connects at once; app.ready() waits (briefly) for the first connection so the
 * first requests find it, though a Redis that is down never stops the start. Closed when the
 * app closes, after the plugins registered later have finished with it.
 */
export const redisPlugin = fp<RedisPluginOptions>(
  async (app, { redisUrl, logger }) => {
    const redis = createRedis(redisUrl, logger);
    app.decorate('redis', redis);
    app.addHook('onReady', () => waitForRedis(redis));
    app.addHook('onClose', () => closeRedis(redis));
  },
  { name: 'redis', fastify: '5.x' },
);
