import { Router } from 'express';
import swaggerUi from 'swagger-ui-express';
import { methodNotAllowed } from './errors.js';

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
  router.use('/docs', swaggerUi.serve);
  router.get('/docs', swaggerUi.setup(undefined, { swaggerOptions: { url: '/openapi.json' } }));
  return router;
}
