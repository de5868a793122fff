import { Router } from 'express';
import { ConnectQuery } from '../chat/schemas.js';
import { UPGRADE_REQUIRED } from '../chat/upgrade.js';
import { methodNotAllowed } from '../http/errors.js';
import { parseOrThrow } from '../validation.js';

/**
 * GET /ws as a plain HTTP request, without `Upgrade: websocket`: 400 for a bad
 * room or name, else 426. Upgrade
 * requests never reach Express: the server's 'upgrade' event goes to
 * src/websocket.ts.
 */
export function chatSocketRouter(): Router {
  const router = Router();
  router
    .route('/ws')
    .get((req, res) => {
      parseOrThrow(ConnectQuery, req.query);
      res
        .status(UPGRADE_REQUIRED.statusCode)
        .set(UPGRADE_REQUIRED.headers)
        .json(UPGRADE_REQUIRED.body);
    })
    .all(methodNotAllowed('GET'));
  return router;
}
