import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import { AppError, internalErrorBody, notFound } from '../errors.js';
import { issuesToDetails } from '../validation.js';

/** The errors express.json() raises (from body-parser): they carry a `type` and a 4xx `status`. */
function isBodyParserError(err: unknown): err is Error & { type: string; status: number } {
  return (
    err instanceof Error &&
    typeof (err as { type?: unknown }).type === 'string' &&
    typeof (err as { status?: unknown }).status === 'number'
  );
}

/** An expected failure as an AppError; undefined for a bug, which becomes a 500. */
function toAppError(err: unknown): AppError | undefined {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) {
    return new AppError('validation_error', 'The request is invalid', {
      details: issuesToDetails(err.issues),
    });
  }
  if (isBodyParserError(err) && err.status < 500) {
    return err.type === 'entity.too.large'
      ? new AppError('payload_too_large', 'The request body is too large')
      : // Malformed JSON, an unsupported charset or encoding, a truncated body: not usable JSON.
        new AppError('invalid_json', 'The request body is not valid JSON');
  }
  // The router could not %-decode a path parameter: no resource has such a name.
  if (err instanceof URIError) return notFound('No such route');
  return undefined;
}

/**
 * The one error-handling middleware: every failure leaves as the error shape.
 * Unexpected errors are logged with their stack and answered with a bare 500.
 */
export function errorHandler(): ErrorRequestHandler {
  return (err, req, res, next) => {
    // Too late to send an error body: let Express close the connection.
    if (res.headersSent) {
      next(err);
      return;
    }
    const appError = toAppError(err);
    if (!appError || appError.statusCode >= 500) {
      req.log.error({ err }, 'request failed');
      res.status(500).json(internalErrorBody());
      return;
    }
    res.status(appError.statusCode).set(appError.headers).json(appError.toBody());
  };
}

/** Mounted after every route: nothing matched the path. */
export function routeNotFound(): RequestHandler {
  return () => {
    throw notFound('No such route');
  };
}

/**
 * The last handler of a route (`router.route(path).get(...).all(methodNotAllowed('GET'))`):
 * the path exists, the method does not. HEAD is allowed wherever GET is.
 */
export function methodNotAllowed(...methods: string[]): RequestHandler {
  const allowed = methods.includes('GET') ? [...methods, 'HEAD'] : methods;
  const allow = allowed.join(', ');
  return (req) => {
    throw new AppError('method_not_allowed', `${req.method} is not allowed on this path`, {
      headers: { Allow: allow },
    });
  };
}
