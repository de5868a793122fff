import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';

// An incoming id is reused only when it is short and plain, so it is safe in logs and headers.
const SAFE_REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Sets req.id to the caller's X-Request-Id when usable, else a new UUID, and echoes it. */
export function requestId(): RequestHandler {
  return (req, res, next) => {
    const incoming = req.headers['x-request-id'];
    const id =
      typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    req.id = id;
    res.setHeader('X-Request-Id', id);
    next();
  };
}
