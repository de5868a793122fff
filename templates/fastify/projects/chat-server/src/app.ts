import websocket from '@fastify/websocket';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { API_INFO } from './api-info.js';
import { WEBSOCKET_SERVER_OPTIONS } from './chat/connection.js';
import type { Config } from './config.js';
import { registerDocs } from './http/docs.js';
import { frameworkErrors, handleErrors } from './http/errors.js';
import { parseEveryBodyAsJson } from './http/json-body.js';
import { echoRequestId, genReqId } from './http/request-id.js';
import { createLogger, type Logger } from './logger.js';
import { chatSocketRoute } from './routes/chat-socket.js';
import { healthRoutes } from './routes/health.js';
import { pageRoute } from './routes/page.js';
import { roomsRoutes } from './routes/rooms.js';
import { createChatServices } from './chat-services.js';

export interface BuildAppOptions {
  /** Defaults to a JSON logger at config.logLevel. */
  logger?: Logger;
}

/**
 * The HTTP and WebSocket app with its services (Postgres pool, Redis clients,
 * the rooms of this instance). app.ready() (or listen) subscribes to the room
 * channels and starts the presence heartbeat; app.close() closes every socket
 * with 1001, drains requests, removes this instance's presence and closes the
 * connections.
 */
export async function buildApp(
  config: Config,
  options: BuildAppOptions = {},
): Promise<FastifyInstance> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const services = createChatServices(config, logger);
  // Typed as Fastify's logger interface so the app keeps the plain FastifyInstance type.
  const loggerInstance: FastifyBaseLogger = logger;

  const app = Fastify({
    loggerInstance,
    logController: new LogController({
      requestIdLogLabel: 'requestId',
      // The per-request "incoming request" / "request completed" lines are info level.
      disableRequestLogging: !logger.isLevelEnabled('info'),
    }),
    genReqId,
    // No call takes a body.
    bodyLimit: 1024,
    // A room longer than 64 characters is a 400 from the route's schema, not a 404.
    routerOptions: { maxParamLength: 2048 },
    frameworkErrors,
  });

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  parseEveryBodyAsJson(app);
  echoRequestId(app);
  handleErrors(app);

  await app.register(websocket, {
    options: WEBSOCKET_SERVER_OPTIONS,
    // Socket errors are protocol errors (a frame over 16 KiB...): ws closes the socket
    // with the right code itself. The default handler would cut it before the close frame.
    errorHandler: (err, _socket, request) => request.log.debug({ err }, 'websocket error'),
    // On app.close(), before the server stops: every socket is closed with 1001.
    preClose: () => services.chat.close(),
  });
  await registerDocs(app, API_INFO);
  await app.register(healthRoutes, { check: services.health });
  await app.register(roomsRoutes, { services });
  await app.register(chatSocketRoute, { chat: services.chat });
  await app.register(pageRoute);

  app.addHook('onReady', services.start);
  app.addHook('onClose', services.close);
  return app;
}
