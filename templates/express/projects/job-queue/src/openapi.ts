import { z } from 'zod';
import { ErrorResponse, HealthResponse } from './common-schemas.js';
import { IdParams, Job, JobInput, JobList, JobStats, ListQuery } from './jobs/schemas.js';

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

const idParameter = {
  name: 'id',
  in: 'path',
  required: true,
  schema: jsonSchema(IdParams).properties?.id,
};
const listQuery = jsonSchema(ListQuery, 'input');
const queryParameters = Object.entries(listQuery.properties ?? {}).map(([name, schema]) => ({
  name,
  in: 'query',
  required: false,
  schema,
}));

const invalid = error('Invalid body or parameters (validation_error, invalid_json)');
const notFound = error('No job has this id (not_found)');

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Job Queue',
    description:
      'Enqueue jobs, follow them and retry dead ones. Worker processes run the jobs from Postgres.',
    version: '0.1.0',
  },
  tags: [{ name: 'jobs' }, { name: 'health' }],
  paths: {
    '/jobs': {
      post: {
        tags: ['jobs'],
        summary: 'Enqueue a job',
        description:
          'A repeated idempotencyKey returns the job created first, with 200, and creates nothing.',
        requestBody: { required: true, content: json('JobInput') },
        responses: {
          201: { description: 'Created', content: json('Job') },
          200: {
            description: 'The job created earlier with this idempotencyKey',
            content: json('Job'),
          },
          400: invalid,
          413: error('The payload is larger than 1 MiB (payload_too_large)'),
        },
      },
      get: {
        tags: ['jobs'],
        summary: 'List jobs, newest first',
        parameters: queryParameters,
        responses: { 200: { description: 'The jobs', content: json('JobList') }, 400: invalid },
      },
    },
    '/jobs/{id}': {
      parameters: [idParameter],
      get: {
        tags: ['jobs'],
        summary: 'Get a job',
        responses: { 200: { description: 'The job', content: json('Job') }, 404: notFound },
      },
    },
    '/jobs/{id}/retry': {
      parameters: [idParameter],
      post: {
        tags: ['jobs'],
        summary: 'Requeue a dead job',
        description:
          'Attempts start again from 0 and the job runs now. Only a dead job can be retried.',
        responses: {
          200: { description: 'The requeued job', content: json('Job') },
          404: notFound,
          409: error('The job is not dead (conflict)'),
        },
      },
    },
    '/stats': {
      get: {
        tags: ['jobs'],
        summary: 'How many jobs are in each status',
        responses: { 200: { description: 'Counts per status', content: json('JobStats') } },
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
      JobInput: jsonSchema(JobInput, 'input'),
      Job: jsonSchema(Job),
      JobList: jsonSchema(JobList),
      JobStats: jsonSchema(JobStats),
      ErrorResponse: jsonSchema(ErrorResponse),
      HealthResponse: jsonSchema(HealthResponse),
    },
  },
};
