import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixedWindow } from '../../src/links/rate-limiter.js';
import { startApp } from '../support/app.js';

const LIMIT = 3;
// Client addresses of this run only (documentation range), so no other test shares a budget.
const randomIp = () => `198.51.${randomInt(256)}.${randomInt(1, 255)}`;

describe('rate limit on POST /shorten', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = await startApp({ RATE_LIMIT_PER_MINUTE: String(LIMIT), TRUST_PROXY: 'true' });
  });
  afterAll(() => app.close());

  // The counts live in one-minute windows: start well inside one.
  beforeEach(async () => {
    const { retryAfterSeconds } = fixedWindow(Date.now());
    if (retryAfterSeconds <= 3) await sleep(retryAfterSeconds * 1000);
  });

  const post = (headers: Record<string, string>, remoteAddress?: string) =>
    app.inject({
      method: 'POST',
      url: '/shorten',
      payload: { url: 'https://example.com/limited' },
      headers,
      remoteAddress,
    });

  it('answers 429 with Retry-After once a client is over the limit', async () => {
    const ip = randomIp();
    for (let i = 0; i < LIMIT; i++) {
      expect((await post({ 'x-forwarded-for': ip })).statusCode).toBe(201);
    }

    const res = await post({ 'x-forwarded-for': ip });
    expect(res.statusCode).toBe(429);
    expect(res.json().error.code).toBe('rate_limited');
    const retryAfter = Number(res.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);

    // Another client is not affected.
    expect((await post({ 'x-forwarded-for': randomIp() })).statusCode).toBe(201);
  });

  it('takes the first X-Forwarded-For entry as the client', async () => {
    const ip = randomIp();
    for (let i = 0; i < LIMIT; i++) {
      await post({ 'x-forwarded-for': `${ip}, ${randomIp()}` });
    }
    expect((await post({ 'x-forwarded-for': `${ip}, ${randomIp()}` })).statusCode).toBe(429);
  });

  it('limits only POST /shorten', async () => {
    const ip = randomIp();
    for (let i = 0; i <= LIMIT; i++) await post({ 'x-forwarded-for': ip });
    const res = await app.inject({ url: '/health', headers: { 'x-forwarded-for': ip } });
    expect(res.statusCode).toBe(200);
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY is set', async () => {
    const untrusting = await startApp({ RATE_LIMIT_PER_MINUTE: String(LIMIT) });
    try {
      const socketIp = randomIp();
      const statuses = [];
      for (let i = 0; i <= LIMIT; i++) {
        const res = await untrusting.inject({
          method: 'POST',
          url: '/shorten',
          payload: { url: 'https://example.com/limited' },
          headers: { 'x-forwarded-for': randomIp() },
          remoteAddress: socketIp,
        });
        statuses.push(res.statusCode);
      }
      expect(statuses).toEqual([201, 201, 201, 429]);
    } finally {
      await untrusting.close();
    }
  });
});
