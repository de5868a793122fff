import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';

/**
 * Every request body is parsed as JSON, whatever its Content-Type: a body that
 * is not valid JSON is a 400 invalid_json rather than a 415. Fastify's own JSON
 * parser does the work (with its prototype-poisoning protection); bodyLimit
 * still applies, and an oversized body is a 413. A missing body is invalid_json too.
 */
export function parseEveryBodyAsJson(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) => {
    void parseJson(request, body.toString(), (err, value) => {
      if (err) done(new AppError('invalid_json', 'The request body is not valid JSON'), undefined);
      else done(null, value);
    });
  });
  // No body at all (no Content-Length, no chunks) never reaches a parser: it is not JSON either.
  app.addHook('preValidation', async (request) => {
    if (request.body === undefined && request.routeOptions.schema?.body) {
      throw new AppError('invalid_json', 'The request has no body; send JSON');
    }
  });
}
