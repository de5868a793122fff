import { describe, expect, it } from 'vitest';
import { SlidingWindowLimiter } from '../../src/chat/rate-limit.js';

describe('SlidingWindowLimiter', () => {
  let now = 1_000_000;
  const clock = () => now;

  it('allows the limit within the window, then refuses', () => {
    const limiter = new SlidingWindowLimiter(3, 10_000, clock);
    expect([1, 2, 3, 4].map(() => limiter.tryAcquire())).toEqual([true, true, true, false]);
  });

  it('frees a slot exactly when the oldest event leaves the window', () => {
    now = 1_000_000;
    const limiter = new SlidingWindowLimiter(2, 10_000, clock);
    expect(limiter.tryAcquire()).toBe(true); // t = 0
    now += 4_000;
    expect(limiter.tryAcquire()).toBe(true); // t = 4 s
    now += 5_999;
    expect(limiter.tryAcquire()).toBe(false); // t = 9.999 s: both still inside
    now += 1;
    expect(limiter.tryAcquire()).toBe(true); // t = 10 s: the first one left
    expect(limiter.tryAcquire()).toBe(false);
    now += 4_000;
    expect(limiter.tryAcquire()).toBe(true); // t = 14 s: the second one left
  });

  it('never allows more than the limit in any window, unlike a fixed window', () => {
    now = 1_000_000;
    const limiter = new SlidingWindowLimiter(60, 10_000, clock);
    const accepted: number[] = [];
    // A burst every 500 ms for a minute, 10 attempts each.
    for (let step = 0; step < 120; step++) {
      for (let i = 0; i < 10; i++) if (limiter.tryAcquire()) accepted.push(now);
      now += 500;
    }
    for (const start of accepted) {
      const inWindow = accepted.filter((t) => t >= start && t < start + 10_000).length;
      expect(inWindow).toBeLessThanOrEqual(60);
    }
    expect(accepted.length).toBeGreaterThanOrEqual(6 * 60);
  });

  it('does not count refused attempts', () => {
    now = 1_000_000;
    const limiter = new SlidingWindowLimiter(1, 10_000, clock);
    expect(limiter.tryAcquire()).toBe(true);
    for (let i = 0; i < 5; i++) {
      now += 1_000;
      expect(limiter.tryAcquire()).toBe(false);
    }
    now = 1_000_000 + 10_000;
    expect(limiter.tryAcquire()).toBe(true);
  });
});
