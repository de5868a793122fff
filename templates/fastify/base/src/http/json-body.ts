import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';

/**
 * Every request body is parsed as JSON, whatever its Content-Type: a body that
 * is not valid JSON is a 400 invalid_json rather than a 415. Fastify's own JSON
 * parser does the work (with its prototype-poisoning protection); bodyLimit
 * still applies, and an oversized body is a 413.
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
}
