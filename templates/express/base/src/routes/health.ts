import { Router } from 'express';
import type { HealthReport } from '../health.js';
import { methodNotAllowed } from '../http/errors.js';

export type HealthCheck = () => Promise<{ statusCode: number; body: HealthReport }>;

/** GET /health: 200 "ok", 200 "degraded" (Redis down) or 503 "down" (Postgres down). */
export function healthRouter(check: HealthCheck): Router {
  const router = Router();
  router
    .route('/health')
    .get(async (_req, res) => {
      const { statusCode, body } = await check();
      res.status(statusCode).json(body);
    })
    .all(methodNotAllowed('GET'));
  return router;
}
