import type { Express } from 'express';
import type { AppDeps } from '../app.js';
import { jobsRouter } from './jobs.js';

/**
 * This service's own routes, mounted after /health and the docs, before the 404.
 * It enqueues and reports; the worker process (src/worker.ts) runs the jobs.
 */
export function mountRoutes(app: Express, { services }: AppDeps): void {
  app.use(jobsRouter(services));
}
