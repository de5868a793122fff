import fp from 'fastify-plugin';
import type { JobsService } from '../jobs/jobs-service.js';
import { createJobsService } from '../create-jobs-service.js';
import type { AppPluginOptions } from './connections.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Enqueues and reports; the worker process runs the jobs. */
    jobs: JobsService;
  }
}

/** `app.jobs`, on `app.db` and `app.redis` (an enqueue publishes a wake-up for the workers). */
export const jobsPlugin = fp<AppPluginOptions>(
  async (app, { logger }) => {
    app.decorate('jobs', createJobsService({ pool: app.db, redis: app.redis }, logger));
  },
  { name: 'jobs', fastify: '5.x', dependencies: ['connections'] },
);
