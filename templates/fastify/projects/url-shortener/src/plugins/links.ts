import fp from 'fastify-plugin';
import type { Config } from '../config.js';
import type { LinksService } from '../links/links-service.js';
import type { RateLimiter } from '../links/rate-limiter.js';
import type { Logger } from '../logger.js';
import { createLinkServices } from '../services.js';

declare module 'fastify' {
  interface FastifyInstance {
    links: LinksService;
    rateLimiter: RateLimiter;
  }
}

export interface LinksPluginOptions {
  config: Config;
  logger: Logger;
}

/**
 * `app.links` and `app.rateLimiter`, on `app.db` and `app.redis`. This plugin owns the click
 * flusher: it starts once Redis had its chance to connect, and its final flush runs at close,
 * before Redis and Postgres are closed.
 */
export const linksPlugin = fp<LinksPluginOptions>(
  async (app, { config, logger }) => {
    const { links, rateLimiter, clicks } = createLinkServices(
      { pool: app.db, redis: app.redis },
      config,
      logger,
    );
    app.decorate('links', links);
    app.decorate('rateLimiter', rateLimiter);
    app.addHook('onReady', async () => clicks.start());
    app.addHook('onClose', () => clicks.stop());
  },
  { name: 'links', fastify: '5.x', dependencies: ['postgres', 'redis'] },
);
