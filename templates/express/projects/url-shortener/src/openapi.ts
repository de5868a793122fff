import { z } from 'zod';
import { ErrorResponse, HealthResponse } from './common-schemas.js';
import { CodeParams, Link, LinkInput, LinkStats } from './links/schemas.js';

/**
 * The OpenAPI 3.1 document of the API, served at GET /openapi.json. The schemas
 * are generated from the same zod schemas the routes validate with, so the
 * document cannot drift from the code; the paths below list each route.
 */

// OpenAPI 3.1 schemas are JSON Schema 2020-12, which zod emits; the document
// itself says which dialect, so each schema's own $schema is dropped.
function jsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'output') {
  const converted = z.toJSONSchema(schema, { io });
  delete converted.$schema;
  return converted;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string) => ({ 'application/json': { schema: ref(name) } });
const error = (description: string) => ({ description, content: json('ErrorResponse') });

const codeParameter = {
  name: 'code',
  in: 'path',
  required: true,
  schema: jsonSchema(CodeParams).properties?.code,
};
const linkBody = { required: true, content: json('LinkInput') };

const invalid = error('Invalid body or URL (validation_error, invalid_json)');
const notFound = error('No link has this short code (not_found)');
const tooLarge = error('The body is too large (payload_too_large)');

// OpenAPI links: the shortCode of a created link is the {code} of every other call, so a client
// (or a test tool) can follow create -> read -> change -> count -> delete through the document.
const code = { code: '$response.body#/shortCode' };
const linksFromCreated = {
  GetLink: { operationId: 'getLink', parameters: code },
  UpdateLink: { operationId: 'updateLink', parameters: code },
  GetLinkStats: { operationId: 'getLinkStats', parameters: code },
  FollowLink: { operationId: 'followLink', parameters: code },
  DeleteLink: { operationId: 'deleteLink', parameters: code },
};

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'URL Shortener',
    description: 'Shorten, resolve, redirect and count links.',
    version: '0.1.0',
  },
  tags: [{ name: 'links' }, { name: 'redirect' }, { name: 'health' }],
  paths: {
    '/shorten': {
      post: {
        tags: ['links'],
        summary: 'Create a short link',
        operationId: 'createLink',
        requestBody: linkBody,
        responses: {
          201: { description: 'Created', content: json('Link'), links: linksFromCreated },
          400: invalid,
          413: tooLarge,
          429: {
            ...error('Too many links created from this address (rate_limited)'),
            headers: {
              'Retry-After': {
                description: 'Seconds until the rate limit window ends',
                required: true,
                schema: { type: 'integer' },
              },
            },
          },
        },
      },
    },
    '/shorten/{code}': {
      parameters: [codeParameter],
      get: {
        tags: ['links'],
        summary: 'Get a short link',
        operationId: 'getLink',
        responses: { 200: { description: 'The link', content: json('Link') }, 404: notFound },
      },
      put: {
        tags: ['links'],
        summary: 'Change the URL of a short link',
        operationId: 'updateLink',
        requestBody: linkBody,
        responses: {
          200: { description: 'The updated link', content: json('Link') },
          400: invalid,
          404: notFound,
          413: tooLarge,
        },
      },
      delete: {
        tags: ['links'],
        summary: 'Delete a short link',
        operationId: 'deleteLink',
        responses: { 204: { description: 'Deleted' }, 404: notFound },
      },
    },
    '/shorten/{code}/stats': {
      parameters: [codeParameter],
      get: {
        tags: ['links'],
        summary: 'A short link with its access count',
        operationId: 'getLinkStats',
        responses: {
          200: { description: 'The link and its access count', content: json('LinkStats') },
          404: notFound,
        },
      },
    },
    '/{code}': {
      parameters: [codeParameter],
      get: {
        tags: ['redirect'],
        summary: 'Redirect to the URL of a short code (counts one access)',
        operationId: 'followLink',
        responses: {
          302: {
            description: 'Redirect to the link URL',
            headers: {
              Location: {
                description:
                  'The URL; an international host in its xn-- form, other non-ASCII characters %-encoded',
                required: true,
                schema: { type: 'string' },
              },
            },
          },
          404: notFound,
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
      LinkInput: jsonSchema(LinkInput, 'input'),
      Link: jsonSchema(Link),
      LinkStats: jsonSchema(LinkStats),
      ErrorResponse: jsonSchema(ErrorResponse),
      HealthResponse: jsonSchema(HealthResponse),
    },
  },
};
