import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import { registerDocs } from './http/docs.js';
import { frameworkErrors, handleErrors } from './http/errors.js';
import { parseEveryBodyAsJson } from './http/json-body.js';
import { echoRequestId, genReqId } from './http/request-id.js';
import { MAX_PAYLOAD_BYTES } from './jobs/schemas.js';
import { createLogger, type Logger } from './logger.js';
import { healthRoutes } from './routes/health.js';
import { jobsRoutes } from './routes/jobs.js';
import { createServices } from './services.js';

// A payload may take 1 MiB; the rest of the body (type, runAt, key, whitespace) gets 64 KiB.
// A payload over 1 MiB inside a body under this limit is still a 413, from the jobs service.
const BODY_LIMIT_BYTES = MAX_PAYLOAD_BYTES + 64 * 1024;

export interface BuildAppOptions {
  /** Defaults to a JSON logger at config.logLevel. */
  logger?: Logger;
}

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
  const services = createServices(config, logger);
  // Typed as Fastify's logger interface so the app keeps the plain FastifyInstance type.
  const loggerInstance: FastifyBaseLogger = logger;

  const app = Fastify({
    loggerInstance,
    logController: new LogController({
      requestIdLogLabel: 'requestId',
      // The per-request "incoming request" / "request completed" lines are info level.
      disableRequestLogging: !logger.isLevelEnabled('info'),
    }),
    genReqId,
    bodyLimit: BODY_LIMIT_BYTES,
    frameworkErrors,
  });

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  parseEveryBodyAsJson(app);
  echoRequestId(app);
  handleErrors(app);

  await registerDocs(app, {
    title: 'Job Queue',
    description:
      'Enqueue jobs, follow them and retry dead ones. Worker processes run the jobs from Postgres.',
    version: '0.1.0',
  });
  await app.register(healthRoutes, { check: services.health });
  await app.register(jobsRoutes, { services });

  app.addHook('onReady', services.start);
  app.addHook('onClose', services.close);
  return app;
}
