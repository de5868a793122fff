import express, { type RequestHandler } from 'express';

/**
 * Parses the request body as JSON whatever its Content-Type, so a body that is
 * not JSON is a 400 invalid_json instead of being silently ignored. Any JSON
 * value is accepted here (strict: false); the route's schema decides whether it
 * is the right shape. A body over `limit` is a 413.
 */
export function jsonBody(limit: string | number): RequestHandler {
  return express.json({ limit, strict: false, type: () => true });
}
