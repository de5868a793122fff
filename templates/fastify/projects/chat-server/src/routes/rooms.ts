import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorResponse } from '../common-schemas.js';
import { HistoryQuery, MembersResponse, MessagesPage, RoomParams } from '../chat/schemas.js';

/** A room's history (from Postgres) and who is online in it (from Redis). */
export const roomsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { messages, presence } = app;

  app.get(
    '/rooms/:room/messages',
    {
      schema: {
        tags: ['rooms'],
        summary: "A page of the room's messages, newest first",
        description:
          'For the next (older) page, pass the id of the last message as `before`. An empty list means there is nothing older.',
        params: RoomParams,
        querystring: HistoryQuery,
        response: { 200: MessagesPage, 400: ErrorResponse },
      },
    },
    async (request) => {
      const { limit, before } = request.query;
      return { messages: await messages.page(request.params.room, limit, before) };
    },
  );

  app.get(
    '/rooms/:room/members',
    {
      schema: {
        tags: ['rooms'],
        summary: 'Who is online in the room, on any instance',
        params: RoomParams,
        response: { 200: MembersResponse, 400: ErrorResponse },
      },
    },
    async (request) => ({ members: await presence.members(request.params.room) }),
  );
};
