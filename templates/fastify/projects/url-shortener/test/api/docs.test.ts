import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp } from '../support/app.js';

describe('API documentation', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app.close());

  it('serves an OpenAPI 3 document of every call at /openapi.json', async () => {
    const res = await app.inject({ url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);

    const operations = Object.entries(doc.paths as Record<string, object>).flatMap(
      ([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations).toEqual(
      expect.arrayContaining([
        'POST /shorten',
        'GET /shorten/{code}',
        'PUT /shorten/{code}',
        'DELETE /shorten/{code}',
        'GET /shorten/{code}/stats',
        'GET /{code}',
        'GET /health',
      ]),
    );
    const createBody = doc.paths['/shorten'].post.requestBody.content['application/json'].schema;
    expect(createBody.required).toEqual(['url']);
  });

  it('serves a docs page at /docs', async () => {
    const res = await app.inject({ url: '/docs' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
  });
});
