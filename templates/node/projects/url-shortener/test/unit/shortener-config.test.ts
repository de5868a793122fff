import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const required = {
  DATABASE_URL: 'postgres://app:app@localhost:5432/app',
  REDIS_URL: 'redis://localhost:6379',
};

describe('the shortener settings', () => {
  it('default to a limit of 60 a minute, an hour of cache and no proxy', () => {
    expect(loadConfig(required)).toMatchObject({
      rateLimitPerMinute: 60,
      cacheTtlSeconds: 3600,
      trustProxy: false,
    });
  });

  it('are read from the environment', () => {
    const config = loadConfig({
      ...required,
      RATE_LIMIT_PER_MINUTE: '5',
      CACHE_TTL_SECONDS: '10',
      TRUST_PROXY: 'true',
    });
    expect(config).toMatchObject({ rateLimitPerMinute: 5, cacheTtlSeconds: 10, trustProxy: true });
  });

  it.each([
    [
      { RATE_LIMIT_PER_MINUTE: '0' },
      'RATE_LIMIT_PER_MINUTE must be a whole number from 1 to 1000000',
    ],
    [{ CACHE_TTL_SECONDS: '1.5' }, 'CACHE_TTL_SECONDS must be a whole number'],
    [{ TRUST_PROXY: 'yes' }, 'TRUST_PROXY must be true or false'],
  ])('reject %o with a message naming the variable', (override, message) => {
    const load = () => loadConfig({ ...required, ...override });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(message);
  });
});
