import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorResponse } from '../common-schemas.js';
import { IdParams, Job, JobInput, JobList, JobStats, ListQuery } from '../jobs/schemas.js';

/** The jobs API, on `app.jobs`. */
export const jobsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { jobs } = app;

  app.post(
    '/jobs',
    {
      schema: {
        tags: ['jobs'],
        summary: 'Enqueue a job',
        description:
          'A repeated idempotencyKey returns the job created first, with 200, and creates nothing.',
        body: JobInput,
        response: { 201: Job, 200: Job, 400: ErrorResponse, 413: ErrorResponse },
      },
    },
    async (request, reply) => {
      const { job, created } = await jobs.enqueue(request.body);
      return reply.code(created ? 201 : 200).send(job);
    },
  );

  app.get(
    '/jobs',
    {
      schema: {
        tags: ['jobs'],
        summary: 'List jobs, newest first',
        querystring: ListQuery,
        response: { 200: JobList, 400: ErrorResponse },
      },
    },
    async (request) => jobs.list(request.query),
  );

  app.get(
    '/jobs/:id',
    {
      schema: {
        tags: ['jobs'],
        summary: 'Get a job',
        params: IdParams,
        response: { 200: Job, 404: ErrorResponse },
      },
    },
    async (request) => jobs.get(request.params.id),
  );

  // The retry takes no body. In a context of its own, whatever body a client sends (an empty
  // one with a JSON Content-Type, say) is read and ignored instead of failing as invalid JSON.
  await app.register(async (retryContext) => {
    retryContext.removeAllContentTypeParsers();
    retryContext.addContentTypeParser('*', { parseAs: 'string' }, (_request, _body, done) =>
      done(null, undefined),
    );
    retryContext.withTypeProvider<ZodTypeProvider>().post(
      '/jobs/:id/retry',
      {
        schema: {
          tags: ['jobs'],
          summary: 'Requeue a dead job',
          description:
            'Attempts start again from 0 and the job runs now. Only a dead job can be retried.',
          params: IdParams,
          response: { 200: Job, 404: ErrorResponse, 409: ErrorResponse },
        },
      },
      async (request) => jobs.retry(request.params.id),
    );
  });

  app.get(
    '/stats',
    {
      schema: {
        tags: ['jobs'],
        summary: 'How many jobs are in each status',
        response: { 200: JobStats },
      },
    },
    async () => jobs.stats(),
  );
};
