import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';

/** Bad input never gets a 500: each case below is a 4xx in the one error shape. */
describe('bad input', () => {
  let t: TestApp;
  let existingCode: string;
  beforeAll(async () => {
    t = await startTestApp();
    const res = await request(t.app).post('/shorten').send({ url: 'https://example.com/' });
    existingCode = res.body.shortCode;
  });
  afterAll(() => t.close());

  const expectError = (res: request.Response, status: number, code: string) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual({
      error: expect.objectContaining({ code, message: expect.any(String) }),
    });
    expect(res.text).not.toMatch(/\bat .+\.(ts|js):\d+/); // no stack trace
  };

  const invalidBodies: [string, unknown][] = [
    ['a javascript: URL', { url: 'javascript:alert(1)' }],
    ['an ftp: URL', { url: 'ftp://example.com/file' }],
    ['a relative URL', { url: '/just/a/path' }],
    ['a URL without a scheme', { url: 'example.com' }],
    ['an empty URL', { url: '' }],
    ['a number', { url: 42 }],
    ['null', { url: null }],
    ['an array', { url: ['https://example.com'] }],
    ['a missing url', {}],
    ['a URL over 2048 characters', { url: `https://example.com/${'a'.repeat(2030)}` }],
    ['a JSON array body', ['https://example.com']],
    ['a JSON string body', 'https://example.com'],
  ];

  describe.each([
    [
      'POST /shorten',
      (body: unknown) => request(t.app).post('/shorten').type('json').send(JSON.stringify(body)),
    ],
    [
      'PUT /shorten/{code}',
      (body: unknown) =>
        request(t.app).put(`/shorten/${existingCode}`).type('json').send(JSON.stringify(body)),
    ],
  ])('%s', (_name, send) => {
    it.each(invalidBodies)(
      'rejects %s with 400 validation_error and details',
      async (_case, body) => {
        const res = await send(body);
        expectError(res, 400, 'validation_error');
        expect(res.body.error.details).toEqual([
          { path: expect.any(String), message: expect.any(String) },
        ]);
      },
    );
  });

  it('names the field in validation details', async () => {
    const res = await request(t.app).post('/shorten').send({ url: 'ftp://example.com' });
    expect(res.body.error.details).toEqual([
      { path: 'url', message: expect.stringMatching(/http/) },
    ]);
  });

  it('accepts a URL of exactly 2048 characters', async () => {
    const url = `https://example.com/${'a'.repeat(2048 - 'https://example.com/'.length)}`;
    const res = await request(t.app).post('/shorten').send({ url });
    expect(res.status).toBe(201);
    expect(res.body.url).toBe(url);
  });

  it.each([
    ['application/json', '{"url": '],
    ['application/json', "{'url': 'https://example.com'}"],
    ['text/plain', 'url=https://example.com'],
    ['application/x-www-form-urlencoded', 'url=https%3A%2F%2Fexample.com'],
  ])('rejects a %s body that is not JSON with 400 invalid_json', async (type, body) => {
    expectError(await request(t.app).post('/shorten').type(type).send(body), 400, 'invalid_json');
    expectError(
      await request(t.app).put(`/shorten/${existingCode}`).type(type).send(body),
      400,
      'invalid_json',
    );
  });

  it('parses a JSON body sent with another Content-Type', async () => {
    const res = await request(t.app)
      .post('/shorten')
      .type('text/plain')
      .send('{"url":"https://example.com/plain"}');
    expect(res.status).toBe(201);
  });

  it('rejects a request with no body at all as invalid_json', async () => {
    expectError(await request(t.app).post('/shorten'), 400, 'invalid_json');
  });

  it('rejects a body without a url, whatever its Content-Type, with 400', async () => {
    expectError(await request(t.app).post('/shorten').send('{}'), 400, 'validation_error');
  });

  it('rejects a huge body with 413 payload_too_large', async () => {
    const res = await request(t.app)
      .post('/shorten')
      .send({ url: `https://example.com/${'a'.repeat(100_000)}` });
    expectError(res, 413, 'payload_too_large');
  });

  it.each([
    ['GET', '/shorten/zzzzzzzzzz'],
    ['GET', '/zzzzzzzzzz'],
    ['GET', '/shorten/zzzzzzzzzz/stats'],
    ['PUT', '/shorten/zzzzzzzzzz'],
    ['DELETE', '/shorten/zzzzzzzzzz'],
  ])('answers %s %s for an unknown code with 404 not_found', async (method, path) => {
    const req = request(t.app)[method.toLowerCase() as 'get' | 'put' | 'delete'](path);
    const res = await (method === 'PUT' ? req.send({ url: 'https://example.com' }) : req);
    expectError(res, 404, 'not_found');
  });

  it.each([
    '/abc-def',
    '/abc_def',
    '/abc.def',
    '/%F0%9F%98%80',
    '/%zz',
    '/%E0%A4%A',
    `/${'a'.repeat(65)}`,
    '/shorten/abc-def',
    '/shorten/%zz',
    '/shorten/abc-def/stats',
  ])('answers a code outside the alphabet (%s) with 404 not_found', async (path) => {
    expectError(await request(t.app).get(path), 404, 'not_found');
  });

  it.each(['/', '/a/b', '/shorten/a/b/c', '/health/x', '/docs/missing.js'])(
    'answers the unknown route %s with 404 not_found',
    async (path) => {
      expectError(await request(t.app).get(path), 404, 'not_found');
    },
  );

  it.each([
    ['get', '/shorten', 'POST'],
    ['delete', '/shorten', 'POST'],
    ['post', '/shorten/abc1234', 'GET, PUT, DELETE, HEAD'],
    ['patch', '/shorten/abc1234', 'GET, PUT, DELETE, HEAD'],
    ['post', '/shorten/abc1234/stats', 'GET, HEAD'],
    ['post', '/abc1234', 'GET, HEAD'],
    ['delete', '/health', 'GET, HEAD'],
    ['post', '/openapi.json', 'GET, HEAD'],
  ] as const)(
    'answers %s %s with 405 method_not_allowed and Allow',
    async (method, path, allow) => {
      const res = await request(t.app)[method](path);
      expectError(res, 405, 'method_not_allowed');
      expect(res.headers.allow).toBe(allow);
    },
  );
});
