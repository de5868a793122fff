import express, { type Express } from 'express';
import type { Config } from './config.js';
import { docsRouter } from './http/docs.js';
import { errorHandler, routeNotFound } from './http/errors.js';
import { requestId } from './http/request-id.js';
import { requestLogging } from './http/request-logging.js';
import type { Logger } from './logger.js';
import { openApiDocument } from './openapi.js';
import { healthRouter } from './routes/health.js';
import { linksRouter } from './routes/links.js';
import type { Services } from './services.js';

export interface AppDeps {
  config: Pick<Config, 'trustProxy'>;
  logger: Logger;
  services: Services;
}

/**
 * The Express app: request ids and logs, the routes, then 404 and the one
 * error handler. It owns no connections: whoever built `services` closes them.
 */
export function createApp({ config, logger, services }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // TRUST_PROXY=true: req.ip is the first X-Forwarded-For entry, the original client.
  app.set('trust proxy', config.trustProxy);

  app.use(requestId(), requestLogging(logger));
  app.use(healthRouter(services.health));
  app.use(docsRouter(openApiDocument));
  // Last of the routes: its GET /{code} matches any single path segment.
  app.use(linksRouter(services));

  app.use(routeNotFound());
  app.use(errorHandler());
  return app;
}
