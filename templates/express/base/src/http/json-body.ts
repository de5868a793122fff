import express, { type RequestHandler } from 'express';
import { AppError } from '../errors.js';

// body-parser reads an empty body as {}: refusing it here makes it a 400 invalid_json.
const refuseEmpty = (_req: unknown, _res: unknown, body: Buffer) => {
  if (body.length === 0) throw new Error('empty body');
};

/**
 * Parses the request body as JSON whatever its Content-Type, so a body that is
 * not JSON (an empty or missing body included) is a 400 invalid_json instead of
 * being silently ignored. Any JSON value is accepted here (strict: false); the
 * route's schema decides whether it is the right shape. A body over `limit` is a 413.
 */
export function jsonBody(limit: string | number): RequestHandler {
  const parse = express.json({ limit, strict: false, type: () => true, verify: refuseEmpty });
  return (req, res, next) => {
    parse(req, res, (err?: unknown) => {
      if (err) next(err);
      else if (req.body === undefined)
        next(new AppError('invalid_json', 'The request has no body; send JSON'));
      else next();
    });
  };
}
