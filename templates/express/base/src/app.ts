import express, { type Express } from 'express';
import type { Config } from './config.js';
import { docsRouter } from './http/docs.js';
import { errorHandler, routeNotFound } from './http/errors.js';
import { requestId } from './http/request-id.js';
import { requestLogging } from './http/request-logging.js';
import { securityHeaders } from './http/security-headers.js';
import type { Logger } from './logger.js';
import { openApiDocument } from './openapi.js';
import { healthRouter } from './routes/health.js';
import { mountRoutes } from './routes/index.js';
import type { Services } from './services.js';

export interface AppDeps {
  config: Config;
  logger: Logger;
  services: Services;
}

/**
 * The Express app: security headers, request ids and logs, /health and the
 * docs, this service's own routes (src/routes/index.ts), then 404 and the one
 * error handler. It owns no connections: whoever built `services` closes them.
 */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');

  app.use(securityHeaders(), requestId(), requestLogging(deps.logger));
  app.use(healthRouter(deps.services.health));
  app.use(docsRouter(openApiDocument));
  mountRoutes(app, deps);

  app.use(routeNotFound());
  app.use(errorHandler());
  return app;
}
