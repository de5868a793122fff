import type { FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { createApp, type BuildAppOptions } from './create-app.js';
import { createLogger } from './logger.js';
import { linksPlugin } from './plugins/links.js';
import { addLinkLinks, linksRoutes, onlyPostOnCollection } from './routes/links.js';

// A link body is a URL of at most 2048 characters: 16 KiB is plenty.
const BODY_LIMIT_BYTES = 16 * 1024;

/**
 * The HTTP app with its services (Postgres pool, Redis client, click flusher).
 * app.ready() (or the first inject/listen) starts the flusher; app.close()
 * drains requests, flushes the clicks and closes the connections.
 */
export async function buildApp(
  config: Config,
  options: BuildAppOptions = {},
): Promise<FastifyInstance> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const app = await createApp(config, logger, {
    info: {
      title: 'URL Shortener',
      description: 'Shorten, resolve, redirect and count links.',
      version: '0.1.0',
    },
    completeDocument: addLinkLinks,
    server: { bodyLimit: BODY_LIMIT_BYTES, trustProxy: config.trustProxy },
  });
  app.addHook('onRequest', onlyPostOnCollection);

  await app.register(linksPlugin, { config, logger });
  await app.register(linksRoutes);
  return app;
}
