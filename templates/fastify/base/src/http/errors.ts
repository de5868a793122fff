import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, errorBody, internalErrorBody, type ErrorBody } from '../errors.js';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** Fastify's own error (invalid body, size limit, ...) or an AppError as the response body. */
function toResponse(error: FastifyError): { statusCode: number; body: ErrorBody } | undefined {
  if (error instanceof AppError) return { statusCode: error.statusCode, body: error.toBody() };

  if (hasZodFastifySchemaValidationErrors(error)) {
    const details = error.validation.map((issue) => ({
      // "/url" -> "url"; an issue about the whole value gets its context, e.g. "body".
      path: issue.instancePath.slice(1).replaceAll('/', '.') || (error.validationContext ?? 'body'),
      message: issue.message ?? 'is invalid',
    }));
    return {
      statusCode: 400,
      body: errorBody('validation_error', 'The request is invalid', details),
    };
  }

  const status = error.statusCode ?? 500;
  if (status === 413) {
    return {
      statusCode: 413,
      body: errorBody('payload_too_large', 'The request body is too large'),
    };
  }
  if (error.code?.startsWith('FST_ERR_CTP_') && status < 500) {
    // Empty body, bad Content-Type or Content-Length: in every case the body is not usable JSON.
    return {
      statusCode: 400,
      body: errorBody('invalid_json', 'The request body is not valid JSON'),
    };
  }
  if (status >= 400 && status < 500) {
    return { statusCode: 400, body: errorBody('validation_error', error.message) };
  }
  return undefined;
}

/** Every error, unknown route and wrong method answers with the one error shape. */
export function handleErrors(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    // A request no route takes can still fail in body parsing (a method such as QUERY without a
    // Content-Type): what the client needs to hear is that the route does not exist.
    if (request.is404) return noRoute(request, reply);
    const response = toResponse(error);
    if (!response || response.statusCode >= 500) {
      // The details go to the log; the client only learns that it was our fault.
      request.log.error({ err: error }, 'request failed');
      return reply.code(500).send(internalErrorBody());
    }
    if (error instanceof AppError) reply.headers(error.headers);
    return reply.code(response.statusCode).send(response.body);
  });

  /** No route for this method and path: 405 with Allow when the path has other methods, else 404. */
  function noRoute(request: FastifyRequest, reply: FastifyReply) {
    const allowed = METHODS.filter((method) => app.findRoute({ method, url: request.url }));
    if (allowed.length > 0) {
      return reply
        .code(405)
        .header('allow', allowed.join(', '))
        .send(errorBody('method_not_allowed', `${request.method} is not allowed on this path`));
    }
    return reply.code(404).send(errorBody('not_found', 'No such route'));
  }

  app.setNotFoundHandler(noRoute);
}

/**
 * Errors Fastify raises before routing (a path with broken %-encoding, a path
 * segment longer than maxParamLength): no route can match such a path, so 404.
 */
export function frameworkErrors(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  request.log.debug({ err: error }, 'unroutable request');
  void reply
    .code(404)
    .header('x-request-id', request.id)
    .send(errorBody('not_found', 'No such route'));
}
