import fp from 'fastify-plugin';
import type { LinksService } from '../links/links-service.js';
import type { RateLimiter } from '../links/rate-limiter.js';
import { createLinkServices } from '../services.js';
import type { AppPluginOptions } from './connections.js';

declare module 'fastify' {
  interface FastifyInstance {
    links: LinksService;
    rateLimiter: RateLimiter;
  }
}

/**
 * `app.links` and `app.rateLimiter`, on `app.db` and `app.redis`. This plugin owns the click
 * flusher: it starts once Redis had its chance to connect, and its final flush runs at close,
 * before Redis and Postgres are closed.
 */
export const linksPlugin = fp<AppPluginOptions>(
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
  { name: 'links', fastify: '5.x', dependencies: ['connections'] },
);
