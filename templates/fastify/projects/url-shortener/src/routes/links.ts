import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { OpenAPIV3 } from 'openapi-types';
import { z } from 'zod';
import { ErrorResponse } from '../common-schemas.js';
import { AppError, errorBody } from '../errors.js';
import { CodeParams, Link, LinkInput, LinkStats } from '../links/schemas.js';

// Response headers, spread into the response schemas' JSON Schema for the OpenAPI document.
const RetryAfter = ErrorResponse.meta({
  headers: {
    'Retry-After': { description: 'Seconds until the rate limit window ends', type: 'integer' },
  },
});
const Redirect = z.undefined().meta({
  description: 'Redirect; the Location header holds the URL',
  headers: {
    Location: {
      description:
        'The URL; an international host in its xn-- form, other non-ASCII characters %-encoded',
      type: 'string',
    },
  },
});

/**
 * An app-wide onRequest hook: "/shorten" is the collection, never a short code, so every method
 * but POST is a 405 there, even GET, which GET /{code} would otherwise take (a random code
 * spells "shorten" once in 62^7 links). App-wide, so it also answers methods no route knows.
 */
export async function onlyPostOnCollection(request: FastifyRequest, reply: FastifyReply) {
  if (request.method !== 'POST' && request.url.split('?', 1)[0] === '/shorten') {
    return reply
      .code(405)
      .header('allow', 'POST')
      .send(errorBody('method_not_allowed', `${request.method} is not allowed on this path`));
  }
}

/** The links API, on `app.links` and `app.rateLimiter`. */
export const linksRoutes: FastifyPluginAsyncZod = async (app) => {
  const { links, rateLimiter } = app;

  /** Counts the request against the client's per-minute budget; over it, 429. */
  async function rateLimit(request: FastifyRequest): Promise<void> {
    const decision = await rateLimiter.hit(request.ip);
    if (!decision.allowed) {
      throw new AppError('rate_limited', 'Too many links created from this address; slow down', {
        headers: { 'retry-after': String(decision.retryAfterSeconds) },
      });
    }
  }

  app.post(
    '/shorten',
    {
      onRequest: rateLimit,
      schema: {
        tags: ['links'],
        summary: 'Create a short link',
        operationId: 'createLink',
        body: LinkInput,
        response: { 201: Link, 400: ErrorResponse, 413: ErrorResponse, 429: RetryAfter },
      },
    },
    async (request, reply) => reply.code(201).send(await links.create(request.body.url)),
  );

  app.get(
    '/shorten/:code',
    {
      schema: {
        tags: ['links'],
        summary: 'Get a short link',
        operationId: 'getLink',
        params: CodeParams,
        response: { 200: Link, 404: ErrorResponse },
      },
    },
    async (request) => links.get(request.params.code),
  );

  app.put(
    '/shorten/:code',
    {
      schema: {
        tags: ['links'],
        summary: 'Change the URL of a short link',
        operationId: 'updateLink',
        params: CodeParams,
        body: LinkInput,
        response: { 200: Link, 400: ErrorResponse, 404: ErrorResponse, 413: ErrorResponse },
      },
    },
    async (request) => links.update(request.params.code, request.body.url),
  );

  app.delete(
    '/shorten/:code',
    {
      schema: {
        tags: ['links'],
        summary: 'Delete a short link',
        operationId: 'deleteLink',
        params: CodeParams,
        response: { 204: z.undefined().describe('Deleted'), 404: ErrorResponse },
      },
    },
    async (request, reply) => {
      await links.remove(request.params.code);
      return reply.code(204).send();
    },
  );

  app.get(
    '/shorten/:code/stats',
    {
      schema: {
        tags: ['links'],
        summary: 'A short link with its access count',
        operationId: 'getLinkStats',
        params: CodeParams,
        response: { 200: LinkStats, 404: ErrorResponse },
      },
    },
    async (request) => links.stats(request.params.code),
  );

  // The hot path: on a cache hit, one Redis GET and one HINCRBY, no Postgres.
  app.get(
    '/:code',
    {
      schema: {
        tags: ['redirect'],
        summary: 'Redirect to the URL of a short code (counts one access)',
        operationId: 'followLink',
        params: CodeParams,
        response: { 302: Redirect, 404: ErrorResponse },
      },
    },
    async (request, reply) => reply.redirect(await links.resolve(request.params.code), 302),
  );
};

/**
 * OpenAPI links: the shortCode of a created link is the {code} of every other call, so a client
 * (or a test tool) can follow create -> read -> change -> count -> delete through the document.
 */
export function addLinkLinks(document: OpenAPIV3.Document): void {
  const created = document.paths['/shorten']?.post?.responses['201'];
  if (!created || '$ref' in created) return;
  const code = { code: '$response.body#/shortCode' };
  created.links = {
    GetLink: { operationId: 'getLink', parameters: code },
    UpdateLink: { operationId: 'updateLink', parameters: code },
    GetLinkStats: { operationId: 'getLinkStats', parameters: code },
    FollowLink: { operationId: 'followLink', parameters: code },
    DeleteLink: { operationId: 'deleteLink', parameters: code },
  };
}
