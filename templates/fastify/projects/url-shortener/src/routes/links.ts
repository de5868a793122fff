import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponse } from '../common-schemas.js';
import { AppError } from '../errors.js';
import { CodeParams, Link, LinkInput, LinkStats } from '../links/schemas.js';
import type { Services } from '../services.js';

export interface LinksRoutesOptions {
  services: Services;
}

export const linksRoutes: FastifyPluginAsyncZod<LinksRoutesOptions> = async (app, { services }) => {
  const { links, rateLimiter } = services;

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
        body: LinkInput,
        response: { 201: Link, 400: ErrorResponse, 429: ErrorResponse },
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
        params: CodeParams,
        body: LinkInput,
        response: { 200: Link, 400: ErrorResponse, 404: ErrorResponse },
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
        params: CodeParams,
        response: {
          302: z.undefined().describe('Redirect; the Location header holds the URL'),
          404: ErrorResponse,
        },
      },
    },
    async (request, reply) => reply.redirect(await links.resolve(request.params.code), 302),
  );
};
