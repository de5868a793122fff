import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp } from '../support/app.js';

describe('bad input and errors', () => {
  let app: FastifyInstance;
  let code: string;

  beforeAll(async () => {
    app = await startApp();
    const res = await app.inject({
      method: 'POST',
      url: '/shorten',
      payload: { url: 'https://example.com/errors' },
    });
    code = res.json<{ shortCode: string }>().shortCode;
  });
  afterAll(() => app.close());

  const invalidUrls: [string, unknown][] = [
    ['javascript:', 'javascript:alert(1)'],
    ['ftp:', 'ftp://example.com/file'],
    ['a relative URL', '/some/path'],
    ['a URL without a scheme', 'example.com'],
    ['an empty string', ''],
    ['a number', 42],
    ['null', null],
    ['an object', { href: 'https://example.com' }],
    ['over 2048 characters', `https://example.com/${'a'.repeat(2048)}`],
  ];

  describe.each([
    ['POST', (): string => '/shorten'],
    ['PUT', (): string => `/shorten/${code}`],
  ] as const)('%s', (method, path) => {
    it.each(invalidUrls)('rejects %s as validation_error', async (_, url) => {
      const res = await app.inject({ method, url: path(), payload: { url } });
      expect(res.statusCode).toBe(400);
      const { error } = res.json();
      expect(error.code).toBe('validation_error');
      expect(error.message).toEqual(expect.any(String));
      expect(error.details).toEqual([{ path: 'url', message: expect.any(String) }]);
    });

    it('rejects a missing url', async () => {
      const res = await app.inject({
        method,
        url: path(),
        payload: { link: 'https://example.com' },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({
        code: 'validation_error',
        details: [{ path: 'url', message: 'url is required' }],
      });
    });

    it('rejects a missing body as not JSON', async () => {
      const res = await app.inject({ method, url: path() });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('invalid_json');
    });

    it.each([['[1, 2]'], ['"https://example.com"'], ['null']])(
      'rejects JSON that is not an object: %s',
      async (body) => {
        const res = await app.inject({
          method,
          url: path(),
          payload: body,
          headers: { 'content-type': 'application/json' },
        });
        expect(res.statusCode).toBe(400);
        expect(res.json().error.code).toBe('validation_error');
      },
    );

    it.each([
      ['application/json', '{"url": "https://example.com"'],
      ['application/json', ''],
      ['application/json', "{'url': 'https://example.com'}"],
      ['text/plain', 'https://example.com'],
      ['application/x-www-form-urlencoded', 'url=https%3A%2F%2Fexample.com'],
      ['application/xml', '<url>https://example.com</url>'],
      ['not a media type', '{"url"'],
    ])('rejects a body that is not JSON (%s: %j) as invalid_json', async (contentType, body) => {
      const res = await app.inject({
        method,
        url: path(),
        payload: body,
        headers: { 'content-type': contentType },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({
        error: { code: 'invalid_json', message: expect.any(String) },
      });
    });

    it('parses JSON sent with another Content-Type', async () => {
      const res = await app.inject({
        method,
        url: path(),
        payload: JSON.stringify({ url: 'https://example.com/text-plain' }),
        headers: { 'content-type': 'text/plain' },
      });
      expect(res.statusCode).toBe(method === 'POST' ? 201 : 200);
    });

    it('rejects a huge body with 413', async () => {
      const res = await app.inject({
        method,
        url: path(),
        payload: { url: `https://example.com/${'a'.repeat(100_000)}` },
      });
      expect(res.statusCode).toBe(413);
      expect(res.json().error.code).toBe('payload_too_large');
    });
  });

  it('PUT on an unknown code with a valid body is 404', async () => {
    const res = await app.inject({
      method: 'PUT',
      url: '/shorten/unknown0',
      payload: { url: 'https://example.com' },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
  });

  it.each([
    '/nope/nothing/here',
    '/shorten/abc/stats/extra',
    '/%zz',
    `/shorten/${'a'.repeat(200)}`,
  ])('answers %s with 404 not_found', async (url) => {
    const res = await app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });

  it.each([
    ['PATCH', '/shorten/abc', 'GET, HEAD, PUT, DELETE'],
    ['PUT', '/shorten', 'POST'],
    ['GET', '/shorten', 'POST'],
    ['QUERY', '/shorten/abc', 'GET, HEAD, PUT, DELETE'],
    ['DELETE', '/health', 'GET, HEAD'],
    ['POST', '/abc', 'GET, HEAD'],
  ] as const)('answers %s %s with 405 and Allow: %s', async (method, url, allow) => {
    const res = await app.inject({ method, url });
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe(allow);
    expect(res.json().error.code).toBe('method_not_allowed');
  });

  describe('request ids', () => {
    it('echoes X-Request-Id', async () => {
      const res = await app.inject({ url: '/health', headers: { 'x-request-id': 'trace-42' } });
      expect(res.headers['x-request-id']).toBe('trace-42');
    });

    it('generates one when missing or unusable, on errors too', async () => {
      for (const headers of [{}, { 'x-request-id': 'spaces are not ok' }]) {
        const res = await app.inject({ url: '/no/such/route', headers });
        expect(res.statusCode).toBe(404);
        expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      }
    });
  });
});
