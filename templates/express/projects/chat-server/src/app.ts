import express, { type Express } from 'express';
import { docsRouter } from './http/docs.js';
import { errorHandler, routeNotFound } from './http/errors.js';
import { requestId } from './http/request-id.js';
import { requestLogging } from './http/request-logging.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { openApiDocument } from './openapi.js';
import { chatSocketRouter } from './routes/chat-socket.js';
import { healthRouter } from './routes/health.js';
import { pageRouter } from './routes/page.js';
import { roomsRouter } from './routes/rooms.js';
import type { Services } from './services.js';

export interface AppDeps {
  config: Config;
  logger: Logger;
  services: Services;
}

/**
 * The Express app for the HTTP calls: request ids and logs, the routes, then
 * 404 and the one error handler. WebSocket upgrades never reach it: the HTTP
 * server's 'upgrade' event goes to src/websocket.ts (services.attach). It owns
 * no connections: whoever built `services` closes them.
 */
export function createApp({ logger, services }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');

  app.use(requestId(), requestLogging(logger));
  app.use(healthRouter(services.health));
  app.use(docsRouter(openApiDocument));
  app.use(roomsRouter(services));
  app.use(chatSocketRouter());
  app.use(pageRouter());

  app.use(routeNotFound());
  app.use(errorHandler());
  return app;
}
