import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCS_ROUTES } from '../../src/http/docs.js';
import { ROUTES_OUTSIDE_THE_DOCUMENT } from '../../src/openapi.js';
import { startTestApp, type TestApp } from '../support/app.js';

/** The parts of Express's router this test reads: a route, or a router with its own stack. */
interface Layer {
  route?: { path: string; methods: Record<string, boolean | undefined> };
  handle: { stack?: Layer[] };
  rawPath?: unknown;
  slash?: boolean;
}

// HEAD is left out on both sides: Express answers HEAD wherever it serves GET,
// and the document lists the GET only.
const OPENAPI_METHODS = ['get', 'put', 'post', 'delete', 'options', 'patch', 'trace'];

/** Express's `/shorten/:code` as OpenAPI writes it: `/shorten/{code}`. */
const openApiPath = (path: string) => path.replace(/[:*](\w+)/g, '{$1}');

/**
 * Every "METHOD /path" the app has a route for, read from its router and the
 * routers mounted in it. `.all(...)` (the 405 answer) is not a method of its own.
 */
function servedRoutes(app: Express): string[] {
  const routes: string[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const [method, handled] of Object.entries(layer.route.methods)) {
          if (!handled || method === '_all' || method === 'head') continue;
          routes.push(`${method.toUpperCase()} ${openApiPath(prefix + layer.route.path)}`);
        }
      } else if (layer.handle.stack) {
        walk(layer.handle.stack, layer.slash ? prefix : prefix + String(layer.rawPath));
      }
    }
  };
  walk((app.router as unknown as { stack: Layer[] }).stack, '');
  return routes.sort();
}

/** Every "METHOD /path" the document describes. */
function documentedRoutes(document: { paths: Record<string, Record<string, unknown>> }): string[] {
  return Object.entries(document.paths)
    .flatMap(([path, item]) =>
      Object.keys(item)
        .filter((key) => OPENAPI_METHODS.includes(key))
        .map((method) => `${method.toUpperCase()} ${path}`),
    )
    .sort();
}

describe('GET /openapi.json and the routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('describes every route the app serves, and the app serves every call it describes', async () => {
    const res = await request(t.app).get('/openapi.json').expect(200);
    const left = [...DOCS_ROUTES, ...ROUTES_OUTSIDE_THE_DOCUMENT];
    const served = servedRoutes(t.app);

    expect(served.filter((route) => !left.includes(route))).toEqual(documentedRoutes(res.body));
    // What is left out is really served, so that list cannot hide a route that is gone.
    expect(served).toEqual(expect.arrayContaining(left));
  });
});
