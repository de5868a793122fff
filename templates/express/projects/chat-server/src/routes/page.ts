import { Router } from 'express';
import { methodNotAllowed } from '../http/errors.js';
import { allowInlineScriptsOf } from '../http/security-headers.js';
import { CHAT_PAGE } from '../page.js';

/**
 * GET /: the chat page. Its script is inline, so the page's Content-Security-Policy
 * allows that one script by its hash (edit public/index.html and the hash follows).
 */
export function pageRouter(): Router {
  const router = Router();
  router
    .route('/')
    .get(allowInlineScriptsOf(CHAT_PAGE), (_req, res) => {
      res.type('html').send(CHAT_PAGE);
    })
    .all(methodNotAllowed('GET'));
  return router;
}
