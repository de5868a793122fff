import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';

const LIMIT = 3;

// Random client addresses from the IPv6 documentation range: test runs sharing
// this Redis never count against each other.
const randomClientIp = () => `2001:db8:${randomBytes(8).toString('hex').match(/.{4}/g)!.join(':')}`;

/** The limit counts per clock minute: start a test far enough from the minute's end. */
async function awayFromWindowEnd(marginMs = 5_000): Promise<void> {
  const msLeft = 60_000 - (Date.now() % 60_000);
  if (msLeft < marginMs) await new Promise((resolve) => setTimeout(resolve, msLeft + 50));
}

describe('rate limit on POST /shorten', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: 'true', RATE_LIMIT_PER_MINUTE: String(LIMIT) });
  });
  afterAll(() => t.close());

  const post = (clientIp: string) =>
    request(t.app)
      .post('/shorten')
      .set('X-Forwarded-For', clientIp)
      .send({ url: 'https://example.com/limited' });

  it(`answers 429 rate_limited with Retry-After after ${LIMIT} posts a minute`, async () => {
    await awayFromWindowEnd();
    const clientIp = randomClientIp();
    for (let i = 0; i < LIMIT; i++) await post(`${clientIp}, 10.0.0.1`).expect(201);

    const res = await post(`${clientIp}, 10.0.0.2`);
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('rate_limited');
    const retryAfter = Number(res.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });

  it('counts each client IP (the first X-Forwarded-For entry) separately', async () => {
    await awayFromWindowEnd();
    const first = randomClientIp();
    const second = randomClientIp();
    for (let i = 0; i < LIMIT; i++) await post(`${first}, ${second}`).expect(201);
    await post(first).expect(429);
    await post(second).expect(201);
  });

  it('limits only POST /shorten', async () => {
    await awayFromWindowEnd();
    const clientIp = randomClientIp();
    for (let i = 0; i < LIMIT + 2; i++) {
      await request(t.app).get('/health').set('X-Forwarded-For', clientIp).expect(200);
    }
    await post(clientIp).expect(201);
  });
});
