import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startApp } from '../support/app.js';

interface LinkBody {
  id: number;
  url: string;
  shortCode: string;
  createdAt: string;
  updatedAt: string;
  accessCount?: number;
}

const ISO_MILLIS_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const uniqueUrl = () => `https://example.com/${randomUUID()}`;

describe('links API', () => {
  let app: FastifyInstance;
  const redis = new Redis(inject('redisUrl'));

  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app.close();
    await redis.quit();
  });

  async function create(url = uniqueUrl()): Promise<LinkBody> {
    const res = await app.inject({ method: 'POST', url: '/shorten', payload: { url } });
    expect(res.statusCode).toBe(201);
    return res.json<LinkBody>();
  }
  const get = (url: string) => app.inject({ method: 'GET', url });
  const stats = async (code: string) =>
    (await get(`/shorten/${code}/stats`)).json<LinkBody>().accessCount;

  it('documents every call in /openapi.json, with the body each one takes', async () => {
    const doc = (await get('/openapi.json')).json();
    const operations = Object.entries(doc.paths as Record<string, object>).flatMap(
      ([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations).toEqual(
      expect.arrayContaining([
        'POST /shorten',
        'GET /shorten/{code}',
        'PUT /shorten/{code}',
        'DELETE /shorten/{code}',
        'GET /shorten/{code}/stats',
        'GET /{code}',
        'GET /health',
      ]),
    );
    const createBody = doc.paths['/shorten'].post.requestBody.content['application/json'].schema;
    expect(createBody.required).toEqual(['url']);
  });

  it('POST /shorten creates a link', async () => {
    const url = uniqueUrl();
    const res = await app.inject({ method: 'POST', url: '/shorten', payload: { url } });

    expect(res.statusCode).toBe(201);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const link = res.json<LinkBody>();
    expect(Object.keys(link).sort()).toEqual(['createdAt', 'id', 'shortCode', 'updatedAt', 'url']);
    expect(link.id).toEqual(expect.any(Number));
    expect(link.url).toBe(url);
    expect(link.shortCode).toMatch(/^[0-9A-Za-z]{7}$/);
    expect(link.createdAt).toMatch(ISO_MILLIS_UTC);
    expect(link.updatedAt).toBe(link.createdAt);
  });

  it('gives every link its own code', async () => {
    const links = await Promise.all(Array.from({ length: 20 }, () => create()));
    expect(new Set(links.map((link) => link.shortCode)).size).toBe(20);
  });

  it('GET /shorten/{code} returns the link', async () => {
    const link = await create();
    const res = await get(`/shorten/${link.shortCode}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(link);
  });

  it('PUT /shorten/{code} changes the URL and moves updatedAt forward', async () => {
    const link = await create();
    const newUrl = uniqueUrl();
    const res = await app.inject({
      method: 'PUT',
      url: `/shorten/${link.shortCode}`,
      payload: { url: newUrl },
    });

    expect(res.statusCode).toBe(200);
    const updated = res.json<LinkBody>();
    expect(updated).toMatchObject({ id: link.id, shortCode: link.shortCode, url: newUrl });
    expect(updated.createdAt).toBe(link.createdAt);
    expect(updated.updatedAt).toMatch(ISO_MILLIS_UTC);
    expect(Date.parse(updated.updatedAt)).toBeGreaterThan(Date.parse(link.updatedAt));
    expect((await get(`/shorten/${link.shortCode}`)).json()).toEqual(updated);
  });

  it('DELETE /shorten/{code} answers 204 with no body, and the link is gone', async () => {
    const link = await create();
    const res = await app.inject({ method: 'DELETE', url: `/shorten/${link.shortCode}` });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');

    for (const path of [
      `/shorten/${link.shortCode}`,
      `/shorten/${link.shortCode}/stats`,
      `/${link.shortCode}`,
    ]) {
      expect((await get(path)).statusCode).toBe(404);
    }
    expect(
      (await app.inject({ method: 'DELETE', url: `/shorten/${link.shortCode}` })).statusCode,
    ).toBe(404);
  });

  it('GET /{code} redirects with 302 and counts one access', async () => {
    const link = await create();
    const res = await get(`/${link.shortCode}`);
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe(link.url);
    expect(await stats(link.shortCode)).toBe(1);
  });

  it('GET /shorten/{code}/stats adds accessCount; reading JSON does not count', async () => {
    const link = await create();
    await get(`/shorten/${link.shortCode}`);
    await get(`/shorten/${link.shortCode}/stats`);

    const res = await get(`/shorten/${link.shortCode}/stats`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ...link, accessCount: 0 });

    await get(`/${link.shortCode}`);
    await get(`/${link.shortCode}`);
    expect(await stats(link.shortCode)).toBe(2);
  });

  it('counts exactly 100 accesses for 100 parallel redirects', async () => {
    const link = await create();
    const responses = await Promise.all(
      Array.from({ length: 100 }, () => get(`/${link.shortCode}`)),
    );
    expect(responses.every((res) => res.statusCode === 302)).toBe(true);
    expect(await stats(link.shortCode)).toBe(100);
  });

  it('redirects to the new URL after PUT, though the old one was cached', async () => {
    const link = await create();
    await get(`/${link.shortCode}`);
    expect(JSON.parse((await redis.get(`link:${link.shortCode}`))!)).toEqual({
      id: link.id,
      url: link.url,
    });

    const newUrl = uniqueUrl();
    await app.inject({
      method: 'PUT',
      url: `/shorten/${link.shortCode}`,
      payload: { url: newUrl },
    });

    expect((await get(`/${link.shortCode}`)).headers.location).toBe(newUrl);
  });

  it('stops redirecting after DELETE, though the link was cached', async () => {
    const link = await create();
    await get(`/${link.shortCode}`);
    expect(await redis.exists(`link:${link.shortCode}`)).toBe(1);

    await app.inject({ method: 'DELETE', url: `/shorten/${link.shortCode}` });

    expect((await get(`/${link.shortCode}`)).statusCode).toBe(404);
    expect(await redis.exists(`link:${link.shortCode}`)).toBe(0);
  });

  it('sends a non-ASCII URL in its encoded form in Location', async () => {
    const link = await create('https://例え.jp/ä');
    expect(link.url).toBe('https://例え.jp/ä');
    expect((await get(`/${link.shortCode}`)).headers.location).toBe(
      'https://xn--r8jz45g.jp/%C3%A4',
    );
  });

  describe('unknown codes are 404 on every call', () => {
    const codes = ['zzzzzzz', 'no-such', 'a_b', 'x'.repeat(65), '%E2%9C%93', 'a.b'];
    const calls = (code: string) =>
      [
        { method: 'GET', url: `/shorten/${code}` },
        { method: 'PUT', url: `/shorten/${code}`, payload: { url: 'https://example.com' } },
        { method: 'DELETE', url: `/shorten/${code}` },
        { method: 'GET', url: `/shorten/${code}/stats` },
        { method: 'GET', url: `/${code}` },
      ] as const;

    it.each(codes)('%s', async (code) => {
      for (const call of calls(code)) {
        const res = await app.inject(call);
        expect(res.statusCode, `${call.method} ${call.url}`).toBe(404);
        expect(res.json().error.code).toBe('not_found');
      }
    });
  });
});
