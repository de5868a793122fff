import express, { type Express } from 'express';
import type { Config } from './config.js';
import { docsRouter } from './http/docs.js';
import { errorHandler, routeNotFound } from './http/errors.js';
import { requestId } from './http/request-id.js';
import { requestLogging } from './http/request-logging.js';
import type { Logger } from './logger.js';
import { openApiDocument } from './openapi.js';
import { healthRouter } from './routes/health.js';
import { jobsRouter } from './routes/jobs.js';
import type { Services } from './services.js';

export interface AppDeps {
  /** Not read by the routes yet; here for settings a feature of yours may need. */
  config: Config;
  logger: Logger;
  services: Services;
}

/**
 * The HTTP API of the queue: request ids and logs, the routes, then 404 and the
 * one error handler. It enqueues and reports; the worker process (src/worker.ts)
 * runs the jobs. It owns no connections: whoever built `services` closes them.
 */
export function createApp({ logger, services }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');

  app.use(requestId(), requestLogging(logger));
  app.use(healthRouter(services.health));
  app.use(docsRouter(openApiDocument));
  app.use(jobsRouter(services));

  app.use(routeNotFound());
  app.use(errorHandler());
  return app;
}
