import { describe, expect, it } from 'vitest';
import { fixedWindow } from '../../src/links/rate-limiter.js';

describe('fixedWindow', () => {
  const minute = 60_000;

  it('numbers windows by whole minutes since the epoch', () => {
    expect(fixedWindow(0).window).toBe(0);
    expect(fixedWindow(minute - 1).window).toBe(0);
    expect(fixedWindow(minute).window).toBe(1);
    expect(fixedWindow(100 * minute + 30_000).window).toBe(100);
  });

  it('gives the whole seconds left in the window as Retry-After', () => {
    expect(fixedWindow(100 * minute).retryAfterSeconds).toBe(60);
    expect(fixedWindow(100 * minute + 30_000).retryAfterSeconds).toBe(30);
    expect(fixedWindow(100 * minute + 30_001).retryAfterSeconds).toBe(30);
    expect(fixedWindow(100 * minute + 29_999).retryAfterSeconds).toBe(31);
  });

  it('never says 0 seconds', () => {
    expect(fixedWindow(101 * minute - 1).retryAfterSeconds).toBe(1);
  });

  it('supports other window sizes', () => {
    expect(fixedWindow(25_000, 10)).toEqual({ window: 2, retryAfterSeconds: 5 });
  });
});
