import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { CLOSED_DATABASE_URL, CLOSED_REDIS_URL } from '../support/config.js';

describe('with Redis down', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Rate limit 1: it is skipped (fails open) while Redis is away.
    t = await startTestApp({ REDIS_URL: CLOSED_REDIS_URL, RATE_LIMIT_PER_MINUTE: '1' });
  });
  afterAll(() => t.close());

  it('still creates, reads, updates, redirects, counts and deletes from Postgres', async () => {
    const url = `https://example.com/${randomUUID()}`;
    const created = await request(t.app).post('/shorten').send({ url }).expect(201);
    const code: string = created.body.shortCode;
    await request(t.app).post('/shorten').send({ url }).expect(201); // over the limit, allowed

    await request(t.app).get(`/shorten/${code}`).expect(200);
    const redirect = await request(t.app).get(`/${code}`).expect(302);
    expect(redirect.headers.location).toBe(url);
    await request(t.app).get(`/${code}`).expect(302);
    const stats = await request(t.app).get(`/shorten/${code}/stats`).expect(200);
    expect(stats.body.accessCount).toBe(2);

    const newUrl = `https://example.com/${randomUUID()}`;
    await request(t.app).put(`/shorten/${code}`).send({ url: newUrl }).expect(200);
    expect((await request(t.app).get(`/${code}`).expect(302)).headers.location).toBe(newUrl);
    await request(t.app).delete(`/shorten/${code}`).expect(204);
    await request(t.app).get(`/${code}`).expect(404);
  });

  it('reports /health 200 "degraded" with redis down', async () => {
    const res = await request(t.app).get('/health').expect(200);
    expect(res.body).toEqual({ status: 'degraded', checks: { postgres: 'up', redis: 'down' } });
  });
});

describe('with Postgres down', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ DATABASE_URL: CLOSED_DATABASE_URL });
  });
  afterAll(() => t.close());

  it('reports /health 503 "down" with postgres down', async () => {
    const res = await request(t.app).get('/health').expect(503);
    expect(res.body).toEqual({ status: 'down', checks: { postgres: 'down', redis: 'up' } });
  });

  it('answers API calls with 500 internal_error, quickly and without details', async () => {
    const started = Date.now();
    const res = await request(t.app).get('/shorten/abc1234').expect(500);
    expect(res.body.error.code).toBe('internal_error');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
