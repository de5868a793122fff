import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp } from '../support/app.js';
import { CLOSED_DATABASE_URL, CLOSED_REDIS_URL } from '../support/config.js';

describe('health', () => {
  it('is ok when Postgres and Redis are up', async () => {
    const app = await startApp();
    try {
      const res = await app.inject({ url: '/health' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'ok', checks: { postgres: 'up', redis: 'up' } });
    } finally {
      await app.close();
    }
  });
});

describe('with Redis down', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = await startApp({ REDIS_URL: CLOSED_REDIS_URL });
  });
  afterAll(() => app.close());

  it('reports degraded health with 200', async () => {
    const res = await app.inject({ url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'degraded', checks: { postgres: 'up', redis: 'down' } });
  });

  it('still creates, resolves, redirects, counts, updates and deletes, quickly', async () => {
    const started = Date.now();
    const created = await app.inject({
      method: 'POST',
      url: '/shorten',
      payload: { url: 'https://example.com/without-redis' },
    });
    expect(created.statusCode).toBe(201);
    const { shortCode } = created.json<{ shortCode: string }>();

    expect((await app.inject({ url: `/shorten/${shortCode}` })).statusCode).toBe(200);
    for (let i = 0; i < 3; i++) {
      const redirect = await app.inject({ url: `/${shortCode}` });
      expect(redirect.statusCode).toBe(302);
      expect(redirect.headers.location).toBe('https://example.com/without-redis');
    }
    const stats = await app.inject({ url: `/shorten/${shortCode}/stats` });
    expect(stats.statusCode).toBe(200);
    expect(stats.json().accessCount).toBe(3);

    const updated = await app.inject({
      method: 'PUT',
      url: `/shorten/${shortCode}`,
      payload: { url: 'https://example.com/updated' },
    });
    expect(updated.statusCode).toBe(200);
    expect((await app.inject({ url: `/${shortCode}` })).headers.location).toBe(
      'https://example.com/updated',
    );
    expect((await app.inject({ method: 'DELETE', url: `/shorten/${shortCode}` })).statusCode).toBe(
      204,
    );
    // Fail-fast Redis calls: no request waited for a timeout.
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});

describe('with Postgres down', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = await startApp({ DATABASE_URL: CLOSED_DATABASE_URL });
  });
  afterAll(() => app.close());

  it('reports down health with 503', async () => {
    const res = await app.inject({ url: '/health' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ status: 'down', checks: { postgres: 'down', redis: 'up' } });
  });

  it('answers requests that need it with a bare internal_error', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/shorten',
      payload: { url: 'https://example.com/no-postgres' },
    });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({
      error: { code: 'internal_error', message: 'Something went wrong on our side' },
    });
  });
});
