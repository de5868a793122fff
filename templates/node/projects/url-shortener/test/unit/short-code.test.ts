import { describe, expect, it } from 'vitest';
import {
  ALPHABET,
  SHORT_CODE_LENGTH,
  generateShortCode,
  isValidShortCode,
} from '../../src/links/short-code.js';

describe('generateShortCode', () => {
  it('makes 7 base62 characters by default', () => {
    for (let i = 0; i < 1000; i++) {
      expect(generateShortCode()).toMatch(/^[0-9A-Za-z]{7}$/);
    }
    expect(SHORT_CODE_LENGTH).toBe(7);
  });

  it('honours the requested length', () => {
    expect(generateShortCode(12)).toHaveLength(12);
  });

  it('does not repeat itself', () => {
    const codes = new Set(Array.from({ length: 10_000 }, () => generateShortCode()));
    expect(codes.size).toBe(10_000);
  });

  it('uses the whole alphabet about evenly', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 20_000; i++) {
      for (const char of generateShortCode()) counts.set(char, (counts.get(char) ?? 0) + 1);
    }
    expect(counts.size).toBe(ALPHABET.length);
    // 140,000 characters: about 2,258 each. A biased generator drifts far outside this band.
    for (const count of counts.values()) {
      expect(count).toBeGreaterThan(1_900);
      expect(count).toBeLessThan(2_650);
    }
  });
});

describe('isValidShortCode', () => {
  it.each(['a', 'aZ3kP9q', '0'.repeat(64)])('accepts %s', (code) => {
    expect(isValidShortCode(code)).toBe(true);
  });

  it.each(['', '0'.repeat(65), 'abc-def', 'abc_def', 'abc.def', 'ab cd', 'é', 'abc%20', '../x'])(
    'rejects %j',
    (code) => {
      expect(isValidShortCode(code)).toBe(false);
    },
  );
});
