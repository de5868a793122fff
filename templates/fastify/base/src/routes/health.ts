import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { HealthResponse } from '../common-schemas.js';
import { checkHealth } from '../health.js';

export type HealthCheck = (app: FastifyInstance) => ReturnType<typeof checkHealth>;

export interface HealthRoutesOptions {
  /** What GET /health reports; by default whether `app.db` and `app.redis` answer. */
  check?: HealthCheck;
}

const checkConnections: HealthCheck = (app) => checkHealth({ pool: app.db, redis: app.redis });

export const healthRoutes: FastifyPluginAsyncZod<HealthRoutesOptions> = async (
  app,
  { check = checkConnections },
) => {
  app.get(
    '/health',
    {
      schema: {
        tags: ['health'],
        summary: 'Service health',
        description:
          '200 "ok" when Postgres and Redis answer, 200 "degraded" when only Redis is down, 503 "down" when Postgres is down.',
        response: { 200: HealthResponse, 503: HealthResponse },
      },
    },
    async (_request, reply) => {
      const { statusCode, body } = await check(app);
      return reply.code(statusCode).send(body);
    },
  );
};
