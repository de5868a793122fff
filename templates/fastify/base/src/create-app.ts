import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyServerOptions,
} from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { OpenAPIV3 } from 'openapi-types';
import type { Config } from './config.js';
import { registerDocs, type ApiInfo } from './http/docs.js';
import { frameworkErrors, handleErrors } from './http/errors.js';
import { parseEveryBodyAsJson } from './http/json-body.js';
import { echoRequestId, genReqId } from './http/request-id.js';
import { recordRoutes } from './http/route-table.js';
import type { Logger } from './logger.js';
import { connectionsPlugin } from './plugins/connections.js';
import { healthRoutes, type HealthCheck } from './routes/health.js';

/** What buildApp(config, options) takes besides the config. */
export interface BuildAppOptions {
  /** Defaults to a JSON logger at config.logLevel. */
  logger?: Logger;
}

export interface CreateAppOptions {
  /** The OpenAPI document's title, description and version. */
  info: ApiInfo;
  /** Adds what route schemas cannot say to the OpenAPI document, once, when it is first built. */
  completeDocument?: (document: OpenAPIV3.Document) => void;
  /** What GET /health reports; by default whether Postgres and Redis answer. */
  health?: HealthCheck;
  /** The server options that differ from one service to the next. */
  server?: Pick<FastifyServerOptions, 'bodyLimit' | 'trustProxy' | 'routerOptions'>;
}

/**
 * What every service of this stack starts from: a Fastify instance with JSON logs and request
 * ids, zod validation, JSON-only bodies, the one error shape, the Postgres pool (`app.db`) and
 * the Redis client (`app.redis`), /openapi.json, /docs and GET /health. The caller registers its
 * own services and routes next: the docs see every route registered after them.
 */
export async function createApp(
  config: Config,
  logger: Logger,
  options: CreateAppOptions,
): Promise<FastifyInstance> {
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
    frameworkErrors,
    ...options.server,
  });

  recordRoutes(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  parseEveryBodyAsJson(app);
  echoRequestId(app);
  handleErrors(app);

  await app.register(connectionsPlugin, { config, logger });
  await registerDocs(app, options.info, options.completeDocument);
  await app.register(healthRoutes, { check: options.health });
  return app;
}
