import { Router, type RequestHandler } from 'express';
import { AppError } from '../errors.js';
import { methodNotAllowed } from '../http/errors.js';
import { jsonBody } from '../http/json-body.js';
import { LinkInput } from '../links/schemas.js';
import type { Services } from '../services.js';
import { parseOrThrow } from '../validation.js';

// A link body is a URL of at most 2048 characters: 16 KiB is plenty.
const BODY_LIMIT = '16kb';

/** The links API: CRUD under /shorten, stats, and the counting redirect GET /{code}. */
export function linksRouter({
  links,
  rateLimiter,
}: Pick<Services, 'links' | 'rateLimiter'>): Router {
  const router = Router();
  const json = jsonBody(BODY_LIMIT);

  /** Counts the request against the client's per-minute budget; over it, 429. */
  const rateLimit: RequestHandler = async (req, _res, next) => {
    const decision = await rateLimiter.hit(req.ip ?? req.socket.remoteAddress ?? 'unknown');
    if (!decision.allowed) {
      throw new AppError('rate_limited', 'Too many links created from this address; slow down', {
        headers: { 'Retry-After': String(decision.retryAfterSeconds) },
      });
    }
    next();
  };

  router
    .route('/shorten')
    // Rate limit first: a limited client's body is not even read.
    .post(rateLimit, json, async (req, res) => {
      const { url } = parseOrThrow(LinkInput, req.body);
      res.status(201).json(await links.create(url));
    })
    .all(methodNotAllowed('POST'));

  router
    .route('/shorten/:code')
    .get(async (req, res) => {
      res.json(await links.get(req.params.code));
    })
    .put(json, async (req, res) => {
      const { url } = parseOrThrow(LinkInput, req.body);
      res.json(await links.update(req.params.code, url));
    })
    .delete(async (req, res) => {
      await links.remove(req.params.code);
      res.status(204).end();
    })
    .all(methodNotAllowed('GET', 'PUT', 'DELETE'));

  router
    .route('/shorten/:code/stats')
    .get(async (req, res) => {
      res.json(await links.stats(req.params.code));
    })
    .all(methodNotAllowed('GET'));

  // The hot path: on a cache hit, one Redis GET and one HINCRBY, no Postgres.
  router
    .route('/:code')
    .get(async (req, res) => {
      // Set as it is: resolve() already made it ASCII, and res.location() would re-encode
      // characters such as { } that other clients send as they are.
      res
        .status(302)
        .setHeader('Location', await links.resolve(req.params.code))
        .end();
    })
    .all(methodNotAllowed('GET'));

  return router;
}
