import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import { API_INFO } from './api-info.js';
import { WEBSOCKET_SERVER_OPTIONS } from './chat/connection.js';
import { checkChatHealth } from './chat-modules.js';
import type { Config } from './config.js';
import { createApp, type BuildAppOptions } from './create-app.js';
import { createLogger } from './logger.js';
import { chatPlugin } from './plugins/chat.js';
import { chatSocketRoute } from './routes/chat-socket.js';
import { pageRoute } from './routes/page.js';
import { roomsRoutes } from './routes/rooms.js';

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
  const app = await createApp(config, logger, {
    info: API_INFO,
    // Redis answering is not enough: without the room subscription there is no fan-out.
    health: ({ db, redis, fanout }) => checkChatHealth({ pool: db, redis, fanout }),
    server: {
      // No call takes a body.
      bodyLimit: 1024,
      // A room longer than 64 characters is a 400 from the route's schema, not a 404.
      routerOptions: { maxParamLength: 2048 },
    },
  });

  await app.register(chatPlugin, { config, logger });
  await app.register(websocket, {
    options: WEBSOCKET_SERVER_OPTIONS,
    // Socket errors are protocol errors (a frame over 16 KiB...): ws closes the socket
    // with the right code itself. The default handler would cut it before the close frame.
    errorHandler: (err, _socket, request) => request.log.debug({ err }, 'websocket error'),
    // On app.close(), before the server stops: every socket is closed with 1001.
    preClose: () => app.chat.close(),
  });
  await app.register(roomsRoutes);
  await app.register(chatSocketRoute);
  await app.register(pageRoute);
  return app;
}
