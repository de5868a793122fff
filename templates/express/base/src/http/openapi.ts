import { z } from 'zod';
import { ErrorResponse, HealthResponse } from '../common-schemas.js';

/**
 * Building blocks of the OpenAPI 3.1 document served at GET /openapi.json. Its
 * schemas are generated from the same zod schemas the routes validate with, so
 * the document cannot drift from the code; src/openapi.ts lists this service's
 * paths, and test/api/openapi-routes.test.ts fails when a route and the
 * document disagree.
 */

// OpenAPI 3.1 schemas are JSON Schema 2020-12, which zod emits; the document
// itself says which dialect, so each schema's own $schema is dropped.
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'output') {
  const converted = z.toJSONSchema(schema, { io });
  delete converted.$schema;
  return converted;
}

/** One OpenAPI parameter per property of a zod object schema (path parameters are required). */
export function parameters(schema: z.ZodObject, where: 'path' | 'query') {
  const converted = jsonSchema(schema, 'input');
  const required = new Set(converted.required ?? []);
  return Object.entries(converted.properties ?? {}).map(([name, property]) => {
    const { description, ...propertySchema } = property as { description?: string };
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(description ? { description } : {}),
      schema: propertySchema,
    };
  });
}

/** A JSON body of the named schema of `components.schemas`. */
export const jsonContent = (schemaName: string) => ({
  'application/json': { schema: { $ref: `#/components/schemas/${schemaName}` } },
});

/** A response in the one error shape. */
export const errorResponse = (description: string) => ({
  description,
  content: jsonContent('ErrorResponse'),
});

/** What a service describes of itself; GET /health and the shared schemas are added to it. */
export interface ApiDescription {
  info: { title: string; version: string; description: string };
  tags: { name: string }[];
  paths: Record<string, object>;
  schemas: Record<string, object>;
}

const healthPath = {
  get: {
    tags: ['health'],
    summary: 'Service health',
    description:
      '200 "ok" when Postgres and Redis answer, 200 "degraded" when only Redis is down, 503 "down" when Postgres is down.',
    responses: {
      200: { description: 'Up (or degraded)', content: jsonContent('HealthResponse') },
      503: { description: 'Postgres is down', content: jsonContent('HealthResponse') },
    },
  },
};

/** The whole document: the service's own calls, then GET /health, which every service has. */
export function describeApi({ info, tags, paths, schemas }: ApiDescription) {
  return {
    openapi: '3.1.0',
    info,
    tags: [...tags, { name: 'health' }],
    paths: { ...paths, '/health': healthPath },
    components: {
      schemas: {
        ...schemas,
        ErrorResponse: jsonSchema(ErrorResponse),
        HealthResponse: jsonSchema(HealthResponse),
      },
    },
  };
}
