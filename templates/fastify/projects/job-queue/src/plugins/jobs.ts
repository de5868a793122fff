import fp from 'fastify-plugin';
import type { JobsService } from '../jobs/jobs-service.js';
import type { Logger } from '../logger.js';
import { createJobsService } from '../services.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Enqueues and reports; the worker process runs the jobs. */
    jobs: JobsService;
  }
}

export interface JobsPluginOptions {
  logger: Logger;
}

/** `app.jobs`, on `app.db` and `app.redis` (an enqueue publishes a wake-up for the workers). */
export const jobsPlugin = fp<JobsPluginOptions>(
  async (app, { logger }) => {
    app.decorate('jobs', createJobsService({ pool: app.db, redis: app.redis }, logger));
  },
  { name: 'jobs', fastify: '5.x', dependencies: ['postgres', 'redis'] },
);
