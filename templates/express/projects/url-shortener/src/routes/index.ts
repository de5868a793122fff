import type { Express } from 'express';
import type { AppDeps } from '../app.js';
import { linksRouter } from './links.js';

/** This service's own routes, mounted after /health and the docs, before the 404. */
export function mountRoutes(app: Express, { config, services }: AppDeps): void {
  // TRUST_PROXY=true: req.ip is the first X-Forwarded-For entry, the original client.
  app.set('trust proxy', config.trustProxy);
  // Last of the routes: its GET /{code} matches any single path segment.
  app.use(linksRouter(services));
}
