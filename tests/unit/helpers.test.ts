import { describe, expect, it } from 'vitest';
import { camelName, goName } from '../../generators/project.js';

describe('goName', () => {
  it('turns env var names into Go identifiers with Go initialisms', () => {
    expect(goName('PORT')).toBe('Port');
    expect(goName('DATABASE_URL')).toBe('DatabaseURL');
    expect(goName('CACHE_TTL_SECONDS')).toBe('CacheTTLSeconds');
    expect(goName('MESSAGES_PER_10_SECONDS')).toBe('MessagesPer10Seconds');
    expect(goName('RETRY_BASE_MS')).toBe('RetryBaseMs');
  });
});

describe('camelName', () => {
  it('turns an env var name into a camelCase identifier, digits included', () => {
    expect(camelName('PORT')).toBe('port');
    expect(camelName('DATABASE_URL')).toBe('databaseUrl');
    expect(camelName('RATE_LIMIT_PER_MINUTE')).toBe('rateLimitPerMinute');
    expect(camelName('MESSAGES_PER_10_SECONDS')).toBe('messagesPer10Seconds');
  });
});
