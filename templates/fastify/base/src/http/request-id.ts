import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

// An incoming id is reused only when it is short and plain, so it is safe in logs and headers.
const SAFE_REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Fastify's genReqId: the caller's X-Request-Id when usable, else a new UUID. */
export function genReqId(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/** Sends the request id back on every response, errors included. */
export function echoRequestId(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
}
