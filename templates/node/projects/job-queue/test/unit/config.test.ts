import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const required = {
  DATABASE_URL: 'postgres://app:app@localhost:5432/app',
  REDIS_URL: 'redis://localhost:6379',
};

describe('loadConfig', () => {
  it('applies the defaults', () => {
    expect(loadConfig(required)).toEqual({
      port: 3000,
      host: '0.0.0.0',
      databaseUrl: required.DATABASE_URL,
      redisUrl: required.REDIS_URL,
      logLevel: 'info',
      workerConcurrency: 4,
      jobLeaseMs: 30_000,
      retryBaseMs: 1_000,
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      ...required,
      PORT: '8080',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      WORKER_CONCURRENCY: '16',
      JOB_LEASE_MS: '1000',
      RETRY_BASE_MS: '1',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      logLevel: 'warn',
      workerConcurrency: 16,
      jobLeaseMs: 1_000,
      retryBaseMs: 1,
    });
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ ...required, WORKER_CONCURRENCY: '' })).toMatchObject({
      workerConcurrency: 4,
    });
  });

  it.each([
    [{ DATABASE_URL: undefined }, 'Invalid configuration: DATABASE_URL is required'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL must be a URL like redis://'],
    [{ WORKER_CONCURRENCY: '0' }, 'WORKER_CONCURRENCY must be a whole number from 1 to 256'],
    [{ WORKER_CONCURRENCY: '257' }, 'WORKER_CONCURRENCY must be a whole number from 1 to 256'],
    [{ JOB_LEASE_MS: '999' }, 'JOB_LEASE_MS must be a whole number from 1000 to 86400000'],
    [{ JOB_LEASE_MS: '86400001' }, 'JOB_LEASE_MS must be a whole number'],
    [{ RETRY_BASE_MS: '0' }, 'RETRY_BASE_MS must be a whole number from 1 to 3600000'],
    [{ RETRY_BASE_MS: '1.5' }, 'RETRY_BASE_MS must be a whole number'],
    [
      { RETRY_BASE_MS: 'soon' },
      'RETRY_BASE_MS must be a whole number from 1 to 3600000 (got "soon")',
    ],
  ])('rejects %o with a message naming the variable', (override, message) => {
    const load = () => loadConfig({ ...required, ...override });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(message);
  });

  it('reports every problem on one line', () => {
    expect(() => loadConfig({ JOB_LEASE_MS: 'x' })).toThrow(
      /^Invalid configuration: DATABASE_URL is required; REDIS_URL is required; JOB_LEASE_MS .*$/,
    );
  });
});
