import { describeApi, errorResponse, jsonContent, jsonSchema, parameters } from './http/openapi.js';
import { IdParams, Job, JobInput, JobList, JobStats, ListQuery } from './jobs/schemas.js';

const idParameters = parameters(IdParams, 'path');

const invalid = errorResponse('Invalid body or parameters (validation_error, invalid_json)');
const notFound = errorResponse('No job has this id (not_found)');

/** Served at GET /openapi.json: this service's calls, and GET /health (src/http/openapi.ts). */
export const openApiDocument = describeApi({
  info: {
    title: 'Job Queue',
    description:
      'Enqueue jobs, follow them and retry dead ones. Worker processes run the jobs from Postgres.',
    version: '0.1.0',
  },
  tags: [{ name: 'jobs' }],
  paths: {
    '/jobs': {
      post: {
        tags: ['jobs'],
        summary: 'Enqueue a job',
        description:
          'A repeated idempotencyKey returns the job created first, with 200, and creates nothing.',
        requestBody: { required: true, content: jsonContent('JobInput') },
        responses: {
          201: { description: 'Created', content: jsonContent('Job') },
          200: {
            description: 'The job created earlier with this idempotencyKey',
            content: jsonContent('Job'),
          },
          400: invalid,
          413: errorResponse('The payload is larger than 1 MiB (payload_too_large)'),
        },
      },
      get: {
        tags: ['jobs'],
        summary: 'List jobs, newest first',
        parameters: parameters(ListQuery, 'query'),
        responses: {
          200: { description: 'The jobs', content: jsonContent('JobList') },
          400: invalid,
        },
      },
    },
    '/jobs/{id}': {
      parameters: idParameters,
      get: {
        tags: ['jobs'],
        summary: 'Get a job',
        responses: { 200: { description: 'The job', content: jsonContent('Job') }, 404: notFound },
      },
    },
    '/jobs/{id}/retry': {
      parameters: idParameters,
      post: {
        tags: ['jobs'],
        summary: 'Requeue a dead job',
        description:
          'Attempts start again from 0 and the job runs now. Only a dead job can be retried.',
        responses: {
          200: { description: 'The requeued job', content: jsonContent('Job') },
          404: notFound,
          409: errorResponse('The job is not dead (conflict)'),
        },
      },
    },
    '/stats': {
      get: {
        tags: ['jobs'],
        summary: 'How many jobs are in each status',
        responses: { 200: { description: 'Counts per status', content: jsonContent('JobStats') } },
      },
    },
  },
  schemas: {
    JobInput: jsonSchema(JobInput, 'input'),
    Job: jsonSchema(Job),
    JobList: jsonSchema(JobList),
    JobStats: jsonSchema(JobStats),
  },
});

/** Routes the app serves that the document leaves out on purpose: none. */
export const ROUTES_OUTSIDE_THE_DOCUMENT: string[] = [];
