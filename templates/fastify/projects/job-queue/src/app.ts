import type { FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { createApp, type BuildAppOptions } from './create-app.js';
import { MAX_PAYLOAD_BYTES } from './jobs/schemas.js';
import { createLogger } from './logger.js';
import { jobsPlugin } from './plugins/jobs.js';
import { jobsRoutes } from './routes/jobs.js';

// A payload may take 1 MiB; the rest of the body (type, runAt, key, whitespace) gets 64 KiB.
// A payload over 1 MiB inside a body under this limit is still a 413, from the jobs service.
const BODY_LIMIT_BYTES = MAX_PAYLOAD_BYTES + 64 * 1024;

/**
 * The HTTP API of the queue with its services (Postgres pool, Redis client).
 * It enqueues and reports; the worker process (src/worker.ts) runs the jobs.
 * app.close() drains requests and closes the connections.
 */
export async function buildApp(
  config: Config,
  options: BuildAppOptions = {},
): Promise<FastifyInstance> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const app = await createApp(config, logger, {
    info: {
      title: 'Job Queue',
      description:
        'Enqueue jobs, follow them and retry dead ones. Worker processes run the jobs from Postgres.',
      version: '0.1.0',
    },
    server: { bodyLimit: BODY_LIMIT_BYTES },
  });

  await app.register(jobsPlugin, { config, logger });
  await app.register(jobsRoutes);
  return app;
}
