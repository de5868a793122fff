import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { envSpec } from '../../src/env.js';

const required = {
  DATABASE_URL: 'postgres://app:app@localhost:5432/app',
  REDIS_URL: 'redis://localhost:6379',
};

describe('loadConfig', () => {
  it('applies the defaults', () => {
    expect(loadConfig(required)).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      databaseUrl: required.DATABASE_URL,
      redisUrl: required.REDIS_URL,
      logLevel: 'info',
    });
  });

  it('knows every variable of .env.example, in the same order', () => {
    const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
    const names = [...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]);
    expect(Object.values(envSpec).map((spec) => spec.name)).toEqual(names);
  });

  it('reads every variable', () => {
    const config = loadConfig({ ...required, PORT: '8080', HOST: '127.0.0.1', LOG_LEVEL: 'warn' });
    expect(config).toMatchObject({ port: 8080, host: '127.0.0.1', logLevel: 'warn' });
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ ...required, PORT: '', LOG_LEVEL: '' })).toMatchObject({
      port: 3000,
      logLevel: 'info',
    });
  });

  it.each([
    [{ DATABASE_URL: undefined }, 'Invalid configuration: DATABASE_URL is required'],
    [{ REDIS_URL: '' }, 'Invalid configuration: REDIS_URL is required'],
    [
      { DATABASE_URL: 'mysql://localhost/db' },
      'DATABASE_URL must be a URL like postgres://host:port',
    ],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL must be a URL like redis://host:port'],
    [{ PORT: 'abc' }, 'PORT must be a whole number from 1 to 65535 (got "abc")'],
    [{ PORT: '70000' }, 'PORT must be a whole number'],
    [{ PORT: '1.5' }, 'PORT must be a whole number'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of trace, debug, info, warn, error, silent'],
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
