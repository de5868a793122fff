import { Router } from 'express';
import { methodNotAllowed } from '../http/errors.js';
import { CHAT_PAGE } from '../page.js';

/** GET /: the chat page. */
export function pageRouter(): Router {
  const router = Router();
  router
    .route('/')
    .get((_req, res) => {
      res.type('html').send(CHAT_PAGE);
    })
    .all(methodNotAllowed('GET'));
  return router;
}
