import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CHAT_PAGE } from '../page.js';

/** GET /: the chat page. */
export const pageRoute: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      schema: {
        tags: ['page'],
        summary: 'The chat page: pick a room and a name, chat',
        response: {
          200: {
            description: 'An HTML page',
            content: { 'text/html': { schema: z.string() } },
          },
        },
      },
    },
    async (_request, reply) => reply.type('text/html; charset=utf-8').send(CHAT_PAGE),
  );
};
