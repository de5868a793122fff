import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import { registerDocs } from './http/docs.js';
import { frameworkErrors, handleErrors } from './http/errors.js';
import { parseEveryBodyAsJson } from './http/json-body.js';
import { echoRequestId, genReqId } from './http/request-id.js';
import { createLogger, type Logger } from './logger.js';
import { healthRoutes } from './routes/health.js';
import { addLinkLinks, linksRoutes, onlyPostOnCollection } from './routes/links.js';
import { createServices } from './services.js';

// A link body is a URL of at most 2048 characters: 16 KiB is plenty.
const BODY_LIMIT_BYTES = 16 * 1024;

export interface BuildAppOptions {
  /** Defaults to a JSON logger at config.logLevel. */
  logger?: Logger;
}

/**
 * The HTTP app with its services (Postgres pool, Redis client, click flusher).
 * app.ready() (or the first inject/listen) starts the flusher; app.close()
 * drains requests, flushes the clicks and closes the connections.
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
    trustProxy: config.trustProxy,
    bodyLimit: BODY_LIMIT_BYTES,
    frameworkErrors,
  });

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  parseEveryBodyAsJson(app);
  echoRequestId(app);
  handleErrors(app);
  app.addHook('onRequest', onlyPostOnCollection);

  await registerDocs(
    app,
    {
      title: 'URL Shortener',
      description: 'Shorten, resolve, redirect and count links.',
      version: '0.1.0',
    },
    addLinkLinks,
  );
  await app.register(healthRoutes, { check: services.health });
  await app.register(linksRoutes, { services });

  app.addHook('onReady', services.start);
  app.addHook('onClose', services.close);
  return app;
}
