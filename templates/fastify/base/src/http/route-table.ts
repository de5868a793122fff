import type { FastifyInstance } from 'fastify';

export interface ServedRoute {
  method: string;
  /** As registered, e.g. `/shorten/:code`. */
  url: string;
  /**
   * Kept out of /openapi.json on purpose (`schema: { hide: true }`): the docs' own routes, and
   * a route that is no HTTP call (a WebSocket upgrade, described in the document's text instead).
   */
  hidden: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every method and URL this app serves, HEAD included, in the order they were registered. */
    servedRoutes: readonly ServedRoute[];
  }
}

/**
 * Records every route as it is registered, in `app.servedRoutes`. Call it before any route:
 * the test that keeps /openapi.json in step with the app compares the document with this list.
 */
export function recordRoutes(app: FastifyInstance): void {
  const routes: ServedRoute[] = [];
  app.decorate('servedRoutes', routes);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const hidden = (route.schema as { hide?: boolean } | undefined)?.hide === true;
    for (const method of methods) routes.push({ method, url: route.url, hidden });
  });
}
