import { z } from 'zod';
import { API_INFO } from './api-info.js';
import { MembersResponse, MessagesPage, RoomParams, HistoryQuery } from './chat/schemas.js';
import { ErrorResponse, HealthResponse } from './common-schemas.js';

/**
 * The OpenAPI 3.1 document of the HTTP calls, served at GET /openapi.json. The
 * schemas are generated from the same zod schemas the routes validate with, so
 * the document cannot drift from the code; the paths below list each route.
 * The WebSocket protocol is described in `info.description`.
 */

// OpenAPI 3.1 schemas are JSON Schema 2020-12, which zod emits; the document
// itself says which dialect, so each schema's own $schema is dropped.
function jsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'output') {
  const converted = z.toJSONSchema(schema, { io });
  delete converted.$schema;
  return converted;
}

/** One OpenAPI parameter per property of a zod object schema. */
function parameters(schema: z.ZodObject, where: 'path' | 'query') {
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

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string) => ({ 'application/json': { schema: ref(name) } });
const error = (description: string) => ({ description, content: json('ErrorResponse') });

const roomParameters = parameters(RoomParams, 'path');

export const openApiDocument = {
  openapi: '3.1.0',
  info: API_INFO,
  tags: [{ name: 'rooms' }, { name: 'page' }, { name: 'health' }],
  paths: {
    '/rooms/{room}/messages': {
      get: {
        tags: ['rooms'],
        summary: "A page of the room's messages, newest first",
        description:
          'For the next (older) page, pass the id of the last message as `before`. An empty list means there is nothing older.',
        parameters: [...roomParameters, ...parameters(HistoryQuery, 'query')],
        responses: {
          200: { description: 'The messages, newest first', content: json('MessagesPage') },
          400: error('Bad room, limit or before (validation_error)'),
        },
      },
    },
    '/rooms/{room}/members': {
      get: {
        tags: ['rooms'],
        summary: 'Who is online in the room, on any instance',
        parameters: roomParameters,
        responses: {
          200: { description: 'The member names, sorted', content: json('MembersResponse') },
          400: error('Bad room (validation_error)'),
        },
      },
    },
    '/': {
      get: {
        tags: ['page'],
        summary: 'The chat page: pick a room and a name, chat',
        responses: {
          200: {
            description: 'An HTML page',
            content: { 'text/html': { schema: { type: 'string' } } },
          },
        },
      },
    },
    '/health': {
      get: {
        tags: ['health'],
        summary: 'Service health',
        description:
          '200 "ok" when Postgres and Redis answer, 200 "degraded" when only Redis is down, 503 "down" when Postgres is down.',
        responses: {
          200: { description: 'Up (or degraded)', content: json('HealthResponse') },
          503: { description: 'Postgres is down', content: json('HealthResponse') },
        },
      },
    },
  },
  components: {
    schemas: {
      MessagesPage: jsonSchema(MessagesPage),
      MembersResponse: jsonSchema(MembersResponse),
      ErrorResponse: jsonSchema(ErrorResponse),
      HealthResponse: jsonSchema(HealthResponse),
    },
  },
};
