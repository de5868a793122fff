import { Router } from 'express';
import { HistoryQuery, RoomParams } from '../chat/schemas.js';
import { methodNotAllowed } from '../http/errors.js';
import type { Services } from '../services.js';
import { parseOrThrow } from '../validation.js';

/** A room's history (from Postgres) and who is online in it (from Redis). */
export function roomsRouter({
  messages,
  presence,
}: Pick<Services, 'messages' | 'presence'>): Router {
  const router = Router();

  router
    .route('/rooms/:room/messages')
    .get(async (req, res) => {
      const { room } = parseOrThrow(RoomParams, req.params);
      const { limit, before } = parseOrThrow(HistoryQuery, req.query);
      res.json({ messages: await messages.page(room, limit, before) });
    })
    .all(methodNotAllowed('GET'));

  router
    .route('/rooms/:room/members')
    .get(async (req, res) => {
      const { room } = parseOrThrow(RoomParams, req.params);
      res.json({ members: await presence.members(room) });
    })
    .all(methodNotAllowed('GET'));

  return router;
}
