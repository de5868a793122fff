import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';

describe('HTTP plumbing', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('GET /health reports both dependencies up', async () => {
    const res = await request(t.app).get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', checks: { postgres: 'up', redis: 'up' } });
  });

  it('echoes a usable X-Request-Id', async () => {
    const res = await request(t.app).get('/health').set('X-Request-Id', 'req-42.abc');
    expect(res.headers['x-request-id']).toBe('req-42.abc');
  });

  it('generates a request id when none (or an unusable one) is sent, errors included', async () => {
    const generated = await request(t.app).get('/no/such/route').expect(404);
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);

    const replaced = await request(t.app)
      .get('/health')
      .set('X-Request-Id', 'has spaces <and> tags');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('GET /openapi.json documents every call of the API', async () => {
    const res = await request(t.app).get('/openapi.json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths).sort()).toEqual(
      ['/health', '/shorten', '/shorten/{code}', '/shorten/{code}/stats', '/{code}'].sort(),
    );
    expect(Object.keys(res.body.paths['/shorten/{code}']).sort()).toEqual(
      ['delete', 'get', 'parameters', 'put'].sort(),
    );
    expect(res.body.components.schemas.Link.properties).toHaveProperty('shortCode');
    expect(res.body.components.schemas.LinkStats.properties).toHaveProperty('accessCount');
  });

  it('GET /docs serves the Swagger UI page', async () => {
    const redirect = await request(t.app).get('/docs').expect(301);
    expect(redirect.headers.location).toBe('/docs/');
    const res = await request(t.app).get('/docs/').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('swagger-ui');
    const init = await request(t.app).get('/docs/swagger-ui-init.js').expect(200);
    expect(init.text).toContain('/openapi.json');
  });

  it('answers an unexpected failure with 500 internal_error and no details', async () => {
    const spy = vi
      .spyOn(t.services.links, 'get')
      .mockRejectedValueOnce(new Error('connection string postgres://secret'));
    try {
      const res = await request(t.app).get('/shorten/abc1234');
      expect(res.status).toBe(500);
      expect(res.body).toEqual({
        error: { code: 'internal_error', message: expect.any(String) },
      });
      expect(res.text).not.toContain('secret');
      expect(res.text).not.toMatch(/\.ts:\d+/);
    } finally {
      spy.mockRestore();
    }
  });
});
