import type { RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../logger.js';

/**
 * Gives every request `req.log`, a logger tagged with its requestId. At LOG_LEVEL
 * info (or more verbose) pino-http also writes one line per finished request.
 * Above info those lines would be dropped anyway, so pino-http is left out
 * entirely: its per-request work would cost the hot redirect path for nothing.
 */
export function requestLogging(logger: Logger): RequestHandler {
  if (!logger.isLevelEnabled('info')) {
    return (req, _res, next) => {
      req.log = logger.child({ requestId: req.id });
      next();
    };
  }
  return pinoHttp({
    logger,
    genReqId: (req) => req.id,
    // req.log carries only the requestId; the request and response go on the finish line.
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'requestId' },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
    serializers: {
      req: (req: { method: string; url: string; remoteAddress: string }) => ({
        method: req.method,
        url: req.url,
        remoteAddress: req.remoteAddress,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
}
