import { inject } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { projectTestEnv } from './project-env.js';

/** Nothing listens on port 1: a dependency pointed here is "down", and fails fast. */
export const CLOSED_DATABASE_URL = 'postgres://app:app@127.0.0.1:1/app';
export const CLOSED_REDIS_URL = 'redis://127.0.0.1:1';

export const silentLogger = createLogger('silent');

/**
 * The service's config for a test: the test run's Postgres and Redis, quiet
 * logs, and this project's test settings (test/support/project-env.ts). Any
 * variable can be overridden.
 */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    DATABASE_URL: inject('databaseUrl'),
    REDIS_URL: inject('redisUrl'),
    LOG_LEVEL: 'silent',
    ...projectTestEnv,
    ...overrides,
  });
}
