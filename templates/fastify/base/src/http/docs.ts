import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import type { OpenAPIV3 } from 'openapi-types';

/** The OpenAPI document's `info`. */
export interface ApiInfo {
  title: string;
  description: string;
  version: string;
}

/**
 * GET /openapi.json (OpenAPI 3, generated from the routes' zod schemas) and
 * GET /docs (Swagger UI). Register before the routes so every route is seen.
 * `complete` adds what route schemas cannot say (links between operations),
 * once, when the document is first built.
 */
export async function registerDocs(
  app: FastifyInstance,
  info: ApiInfo,
  complete: (document: OpenAPIV3.Document) => void = () => {},
): Promise<void> {
  await app.register(swagger, {
    openapi: { openapi: '3.0.3', info },
    transform: jsonSchemaTransform,
    transformObject: (documentObject) => {
      const document = (
        'openapiObject' in documentObject ? documentObject.openapiObject : documentObject
      ) as OpenAPIV3.Document;
      complete(document);
      return document;
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
}
