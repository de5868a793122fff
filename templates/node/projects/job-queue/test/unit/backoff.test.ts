import { describe, expect, it } from 'vitest';
import { MAX_RETRY_DELAY_MS, retryDelayMs } from '../../src/jobs/backoff.js';

const noJitter = () => 0;
const maxJitter = () => 0.999_999;

describe('retryDelayMs', () => {
  it('doubles with every failed attempt: base * 2^(attempt-1)', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => retryDelayMs(attempt, 1_000, noJitter))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000,
    ]);
    expect(retryDelayMs(3, 50, noJitter)).toBe(200);
  });

  it('adds up to 25% jitter, never less than the exponential delay', () => {
    expect(retryDelayMs(3, 1_000, maxJitter)).toBe(4_999);
    expect(retryDelayMs(3, 1_000, () => 0.5)).toBe(4_500);
    for (let i = 0; i < 1_000; i++) {
      const delay = retryDelayMs(2, 1_000);
      expect(delay).toBeGreaterThanOrEqual(2_000);
      expect(delay).toBeLessThan(2_500);
    }
  });

  it('spreads jobs that failed together', () => {
    const delays = new Set(Array.from({ length: 100 }, () => retryDelayMs(4, 1_000)));
    expect(delays.size).toBeGreaterThan(50);
  });

  it('never waits longer than a day, however many attempts failed', () => {
    expect(retryDelayMs(100, 3_600_000, maxJitter)).toBe(MAX_RETRY_DELAY_MS);
    expect(retryDelayMs(40, 1_000, noJitter)).toBe(MAX_RETRY_DELAY_MS);
  });
});
