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
      rateLimitPerMinute: 60,
      cacheTtlSeconds: 3600,
      trustProxy: false,
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      ...required,
      PORT: '8080',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '5',
      CACHE_TTL_SECONDS: '10',
      TRUST_PROXY: 'true',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      logLevel: 'warn',
      rateLimitPerMinute: 5,
      cacheTtlSeconds: 10,
      trustProxy: true,
    });
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ ...required, PORT: '', TRUST_PROXY: '' })).toMatchObject({
      port: 3000,
      trustProxy: false,
    });
  });

  it.each([
    [{ DATABASE_URL: undefined }, 'Invalid configuration: DATABASE_URL is required'],
    [{ REDIS_URL: '' }, 'Invalid configuration: REDIS_URL is required'],
    [{ DATABASE_URL: 'mysql://localhost/db' }, 'DATABASE_URL must be a URL like postgres://'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL must be a URL like redis://'],
    [{ PORT: 'abc' }, 'PORT must be a whole number from 1 to 65535 (got "abc")'],
    [{ PORT: '70000' }, 'PORT must be a whole number'],
    [{ RATE_LIMIT_PER_MINUTE: '0' }, 'RATE_LIMIT_PER_MINUTE must be a whole number'],
    [{ CACHE_TTL_SECONDS: '1.5' }, 'CACHE_TTL_SECONDS must be a whole number'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of fatal, error, warn'],
    [{ TRUST_PROXY: 'yes' }, 'TRUST_PROXY must be true or false'],
  ])('rejects %o with a message naming the variable', (override, message) => {
    const load = () => loadConfig({ ...required, ...override });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(message);
  });

  it('reports every problem on one line', () => {
    expect(() => loadConfig({ PORT: 'x' })).toThrow(
      /^Invalid configuration: PORT .*; DATABASE_URL is required; REDIS_URL is required$/,
    );
  });
});
