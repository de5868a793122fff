import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ConnectQuery } from '../chat/schemas.js';
import { UPGRADE_REQUIRED } from '../chat/upgrade.js';

/**
 * GET /ws?room=&name= upgrades to a WebSocket. The query schema runs before the
 * upgrade, so a bad room or name is answered with a plain HTTP 400 (the error
 * shape) and no socket is ever opened. Not in the OpenAPI document: it is not
 * an HTTP call (the document's description gives the protocol).
 */
export const chatSocketRoute: FastifyPluginAsyncZod = async (app) => {
  const { chat } = app;
  app.route({
    method: 'GET',
    url: '/ws',
    schema: { hide: true, querystring: ConnectQuery },
    // An upgrade request answered with a plain HTTP reply (a 400 from the query
    // schema) leaves no HTTP connection behind: the client is told not to reuse it.
    onSend: async (request, reply, payload) => {
      if (request.headers.upgrade) void reply.header('connection', 'close');
      return payload;
    },
    // A request without the Upgrade header lands here.
    handler: async (_request, reply) =>
      reply
        .code(UPGRADE_REQUIRED.statusCode)
        .headers(UPGRADE_REQUIRED.headers)
        .send(UPGRADE_REQUIRED.body),
    wsHandler: (socket, request) => {
      chat.connect(socket, request.query.room, request.query.name);
    },
  });
};
