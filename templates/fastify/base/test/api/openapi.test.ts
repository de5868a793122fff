import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp } from '../support/app.js';

const OPERATION_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** `/shorten/:code` as OpenAPI writes it: `/shorten/{code}`. */
function openApiPath(url: string): string {
  return url.replace(/:(\w+)/g, '{$1}');
}

/**
 * The document is generated from the routes, but a route registered where the docs plugin does
 * not see it, or a path added or dropped while completing the document, would make them part:
 * clients and test tools would then miss a call, or call one that does not exist.
 */
describe('/openapi.json and /docs', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app.close());

  it('documents every route the app serves, and nothing it does not serve', async () => {
    const res = await app.inject({ url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = res.json<{ paths: Record<string, Record<string, unknown>> }>().paths;
    const documented = Object.entries(paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((key) => OPERATION_METHODS.includes(key))
        .map((method) => `${method.toUpperCase()} ${path}`),
    );

    // Fastify answers HEAD for every GET by itself, and the docs routes hide themselves.
    const served = app.servedRoutes
      .filter((route) => route.method !== 'HEAD' && !route.hidden)
      .map((route) => `${route.method} ${openApiPath(route.url)}`);

    expect(served.length).toBeGreaterThan(0);
    expect([...new Set(served)].sort()).toEqual(documented.sort());
  });

  it('serves every documented operation', async () => {
    const paths = (await app.inject({ url: '/openapi.json' })).json<{
      paths: Record<string, Record<string, unknown>>;
    }>().paths;
    for (const [path, item] of Object.entries(paths)) {
      const url = path.replace(/\{(\w+)\}/g, ':$1');
      for (const method of Object.keys(item).filter((key) => OPERATION_METHODS.includes(key))) {
        expect(app.hasRoute({ method: method.toUpperCase(), url }), `${method} ${path}`).toBe(true);
      }
    }
  });

  it('serves a docs page at /docs', async () => {
    const res = await app.inject({ url: '/docs' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
  });
});
