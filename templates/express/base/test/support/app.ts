import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { createApp } from '../../src/app.js';
import { createServices, type Services } from '../../src/services.js';
import { silentLogger, testConfig } from './config.js';

export interface TestApp {
  /** Hand it to supertest: `request(app).get('/health')`. */
  app: Express;
  services: Services;
  /** Closes the services as at shutdown (flushing what they buffer): call it in afterAll. */
  close: () => Promise<void>;
}

/**
 * The Express app wired to the test run's Postgres and Redis, as server.ts wires
 * it (migrations are already applied). `env` overrides any variable, e.g.
 * `{ REDIS_URL: CLOSED_REDIS_URL }` for a Redis that is down.
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const config = testConfig(env);
  const services = createServices(config, silentLogger);
  await services.start();
  const app = createApp({ config, logger: silentLogger, services });
  return { app, services, close: () => services.close() };
}

/**
 * Serves `app` on a random loopback port, for tests that need one real server
 * (supertest starts a server per request, too slow for a hundred at once).
 */
export async function listen(
  app: Express,
): Promise<{ baseUrl: string; close: () => Promise<void> }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
