import { Router } from 'express';
import swaggerUi from 'swagger-ui-express';
import { methodNotAllowed } from './errors.js';

/** The routes that serve the document and its page: not calls of the API, so not in the document. */
export const DOCS_ROUTES = ['GET /openapi.json', 'GET /docs'];

/** GET /openapi.json (the document) and GET /docs (Swagger UI reading it). */
export function docsRouter(document: object): Router {
  const router = Router();
  router
    .route('/openapi.json')
    .get((_req, res) => {
      res.json(document);
    })
    .all(methodNotAllowed('GET'));
  // Swagger UI's own files under /docs/ (GET /docs redirects to /docs/), then its page.
  // validatorUrl null: no badge image from validator.swagger.io, which the page's
  // Content-Security-Policy would block anyway (src/http/security-headers.ts).
  router.use('/docs', swaggerUi.serve);
  router.get(
    '/docs',
    swaggerUi.setup(undefined, { swaggerOptions: { url: '/openapi.json', validatorUrl: null } }),
  );
  return router;
}
