import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const required = {
  DATABASE_URL: 'postgres://app:app@localhost:5432/app',
  REDIS_URL: 'redis://localhost:6379',
};

describe('the queue settings', () => {
  it('default to 4 jobs at a time, 30 s leases and a 1 s retry base', () => {
    expect(loadConfig(required)).toMatchObject({
      workerConcurrency: 4,
      jobLeaseMs: 30_000,
      retryBaseMs: 1_000,
    });
  });

  it('are read from the environment', () => {
    const config = loadConfig({
      ...required,
      WORKER_CONCURRENCY: '256',
      JOB_LEASE_MS: '1000',
      RETRY_BASE_MS: '1',
    });
    expect(config).toMatchObject({ workerConcurrency: 256, jobLeaseMs: 1_000, retryBaseMs: 1 });
  });

  it.each([
    [{ WORKER_CONCURRENCY: '0' }, 'WORKER_CONCURRENCY must be a whole number from 1 to 256'],
    [{ WORKER_CONCURRENCY: '257' }, 'WORKER_CONCURRENCY must be a whole number from 1 to 256'],
    [{ JOB_LEASE_MS: '999' }, 'JOB_LEASE_MS must be a whole number from 1000 to 86400000'],
    [{ RETRY_BASE_MS: '0' }, 'RETRY_BASE_MS must be a whole number from 1 to 3600000'],
    [
      { RETRY_BASE_MS: 'soon' },
      'RETRY_BASE_MS must be a whole number from 1 to 3600000 (got "soon")',
    ],
  ])('reject %o with a message naming the variable', (override, message) => {
    const load = () => loadConfig({ ...required, ...override });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(message);
  });
});
