import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { testConfig } from './config.js';

/**
 * A ready app instance on the test run's Postgres and Redis; requests go
 * through app.inject() (no port). Override any environment variable, e.g.
 * startApp({ REDIS_URL: CLOSED_REDIS_URL }). Close it in afterAll.
 */
export async function startApp(env: Record<string, string> = {}): Promise<FastifyInstance> {
  const app = await buildApp(testConfig(env));
  await app.ready();
  return app;
}
