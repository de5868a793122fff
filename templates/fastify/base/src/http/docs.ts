import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/**
 * GET /openapi.json (OpenAPI 3, generated from the routes' zod schemas) and
 * GET /docs (Swagger UI). Register before the routes so every route is seen.
 */
export async function registerDocs(
  app: FastifyInstance,
  info: { title: string; description: string; version: string },
): Promise<void> {
  await app.register(swagger, {
    openapi: { openapi: '3.0.3', info },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
}
