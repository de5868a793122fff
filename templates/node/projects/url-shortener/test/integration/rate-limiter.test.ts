import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { RateLimiter } from '../../src/links/rate-limiter.js';
import { CLOSED_REDIS_URL, silentLogger } from '../support/config.js';

describe('RateLimiter', () => {
  const redis = new Redis(inject('redisUrl'));
  afterAll(() => redis.quit());

  // A fixed clock 20 s into a window, so the test never straddles a window boundary.
  const windowStart = Math.floor(Date.now() / 60_000) * 60_000;
  let now = windowStart + 20_000;
  const clock = () => now;

  it('allows the limit per window, then refuses with the seconds left', async () => {
    const limiter = new RateLimiter(redis, 3, silentLogger, clock);
    const client = `test-${randomUUID()}`;

    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push(await limiter.hit(client));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
    expect(decisions.map((d) => d.remaining)).toEqual([2, 1, 0, 0]);
    expect(decisions[3]!.retryAfterSeconds).toBe(40);

    // Another client has its own budget.
    expect((await limiter.hit(`test-${randomUUID()}`)).allowed).toBe(true);

    // The next window starts afresh, and keys expire with their window.
    now = windowStart + 60_000;
    expect((await limiter.hit(client)).allowed).toBe(true);
    const ttl = await redis.ttl(`rl:${client}:${Math.floor(now / 60_000)}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60);
  });

  it('lets requests through while Redis is down', async () => {
    const down = new Redis(CLOSED_REDIS_URL, {
      enableOfflineQueue: false,
      lazyConnect: true,
      retryStrategy: () => null,
    });
    const limiter = new RateLimiter(down, 1, silentLogger, clock);
    expect((await limiter.hit('anyone')).allowed).toBe(true);
    expect((await limiter.hit('anyone')).allowed).toBe(true);
    down.disconnect();
  });
});
