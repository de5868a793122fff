import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const required = {
  DATABASE_URL: 'postgres://app:app@localhost:5432/app',
  REDIS_URL: 'redis://localhost:6379',
};

describe('the chat settings', () => {
  it('default to a 30 s presence TTL and 60 messages per 10 s', () => {
    expect(loadConfig(required)).toMatchObject({
      presenceTtlSeconds: 30,
      messagesPer10Seconds: 60,
    });
  });

  it('are read from the environment', () => {
    const config = loadConfig({
      ...required,
      PRESENCE_TTL_SECONDS: '5',
      MESSAGES_PER_10_SECONDS: '10000',
    });
    expect(config).toMatchObject({ presenceTtlSeconds: 5, messagesPer10Seconds: 10_000 });
  });

  it.each([
    [{ PRESENCE_TTL_SECONDS: '4' }, 'PRESENCE_TTL_SECONDS must be a whole number from 5 to 3600'],
    [{ PRESENCE_TTL_SECONDS: '3601' }, 'PRESENCE_TTL_SECONDS must be a whole number'],
    [{ PRESENCE_TTL_SECONDS: 'half a minute' }, 'PRESENCE_TTL_SECONDS must be a whole number'],
    [
      { MESSAGES_PER_10_SECONDS: '0' },
      'MESSAGES_PER_10_SECONDS must be a whole number from 1 to 10000',
    ],
    [{ MESSAGES_PER_10_SECONDS: '10001' }, 'MESSAGES_PER_10_SECONDS must be a whole number'],
    [{ MESSAGES_PER_10_SECONDS: '2.5' }, 'MESSAGES_PER_10_SECONDS must be a whole number'],
  ])('reject %o with a message naming the variable', (override, message) => {
    const load = () => loadConfig({ ...required, ...override });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(message);
  });
});
