import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { HealthResponse } from '../common-schemas.js';
import type { HealthReport } from '../health.js';

export interface HealthRoutesOptions {
  check: () => Promise<{ statusCode: 200 | 503; body: HealthReport }>;
}

export const healthRoutes: FastifyPluginAsyncZod<HealthRoutesOptions> = async (app, { check }) => {
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
      const { statusCode, body } = await check();
      return reply.code(statusCode).send(body);
    },
  );
};
