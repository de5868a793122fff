import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, startTestApp, type TestApp } from '../support/app.js';

const ISO_UTC_MILLIS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const uniqueUrl = () => `https://example.com/${randomUUID()}?q=1`;

describe('links API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const create = async (url = uniqueUrl()) => {
    const res = await request(t.app).post('/shorten').send({ url }).expect(201);
    return res.body as { id: number; url: string; shortCode: string; updatedAt: string };
  };
  const accessCount = async (code: string): Promise<number> =>
    (await request(t.app).get(`/shorten/${code}/stats`).expect(200)).body.accessCount;

  it('POST /shorten creates a link: 201 with id, url, shortCode and timestamps', async () => {
    const url = uniqueUrl();
    const res = await request(t.app).post('/shorten').send({ url });

    expect(res.status).toBe(201);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual({
      id: expect.any(Number),
      url,
      shortCode: expect.stringMatching(/^[0-9A-Za-z]{7}$/),
      createdAt: expect.stringMatching(ISO_UTC_MILLIS),
      updatedAt: expect.stringMatching(ISO_UTC_MILLIS),
    });
  });

  it('gives every link its own code', async () => {
    const codes = await Promise.all(
      Array.from({ length: 20 }, async () => (await create()).shortCode),
    );
    expect(new Set(codes).size).toBe(20);
  });

  it('GET /shorten/{code} returns the link', async () => {
    const link = await create();
    const res = await request(t.app).get(`/shorten/${link.shortCode}`).expect(200);
    expect(res.body).toEqual(link);
  });

  it('PUT /shorten/{code} changes the URL and moves updatedAt forward', async () => {
    const link = await create();
    const url = uniqueUrl();
    const res = await request(t.app).put(`/shorten/${link.shortCode}`).send({ url }).expect(200);

    expect(res.body).toMatchObject({ id: link.id, shortCode: link.shortCode, url });
    expect(Date.parse(res.body.updatedAt)).toBeGreaterThan(Date.parse(link.updatedAt));
    expect((await request(t.app).get(`/shorten/${link.shortCode}`)).body.url).toBe(url);
  });

  it('DELETE /shorten/{code} answers 204 with an empty body, then the code is gone', async () => {
    const { shortCode } = await create();
    const res = await request(t.app).delete(`/shorten/${shortCode}`);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');

    await request(t.app).get(`/shorten/${shortCode}`).expect(404);
    await request(t.app).get(`/shorten/${shortCode}/stats`).expect(404);
    await request(t.app).get(`/${shortCode}`).expect(404);
    await request(t.app).delete(`/shorten/${shortCode}`).expect(404);
  });

  it('GET /{code} redirects with 302 and counts one access', async () => {
    const link = await create();
    const res = await request(t.app).get(`/${link.shortCode}`).redirects(0);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(link.url);
    expect(await accessCount(link.shortCode)).toBe(1);
  });

  it('GET /shorten/{code}/stats adds accessCount to the link', async () => {
    const link = await create();
    await request(t.app).get(`/${link.shortCode}`).expect(302);
    await request(t.app).get(`/${link.shortCode}`).expect(302);

    const res = await request(t.app).get(`/shorten/${link.shortCode}/stats`).expect(200);
    expect(res.body).toEqual({ ...link, accessCount: 2 });
  });

  it('reading the JSON does not count an access', async () => {
    const { shortCode } = await create();
    await request(t.app).get(`/shorten/${shortCode}`).expect(200);
    await request(t.app).get(`/shorten/${shortCode}/stats`).expect(200);
    expect(await accessCount(shortCode)).toBe(0);
  });

  it('redirects to the new URL after PUT, though the old one was cached', async () => {
    const { shortCode } = await create();
    await request(t.app).get(`/${shortCode}`).expect(302); // fills the cache
    expect(await t.services.redis.exists(`link:${shortCode}`)).toBe(1);

    const url = uniqueUrl();
    await request(t.app).put(`/shorten/${shortCode}`).send({ url }).expect(200);
    const res = await request(t.app).get(`/${shortCode}`).expect(302);
    expect(res.headers.location).toBe(url);
  });

  it('stops redirecting after DELETE, though the link was cached', async () => {
    const { shortCode } = await create();
    await request(t.app).get(`/${shortCode}`).expect(302);
    await request(t.app).delete(`/shorten/${shortCode}`).expect(204);
    await request(t.app).get(`/${shortCode}`).expect(404);
  });

  it('counts exactly 100 accesses after 100 parallel redirects', async () => {
    const { shortCode, url } = await create();
    const server = await listen(t.app);
    try {
      const statuses = await Promise.all(
        Array.from({ length: 100 }, async () => {
          const res = await fetch(`${server.baseUrl}/${shortCode}`, { redirect: 'manual' });
          await res.arrayBuffer();
          expect(res.headers.get('location')).toBe(url);
          return res.status;
        }),
      );
      expect(statuses.every((status) => status === 302)).toBe(true);
    } finally {
      await server.close();
    }
    expect(await accessCount(shortCode)).toBe(100);
  });
});
