import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type ChatInstance } from '../support/instance.js';

describe('HTTP basics', () => {
  let server: ChatInstance;
  const get = (path: string, init?: RequestInit) => fetch(`${server.baseUrl}${path}`, init);

  beforeAll(async () => {
    server = await startInstance();
  });
  afterAll(() => server?.close());

  it('serves the chat page at GET /, which shows text as text', async () => {
    const response = await get('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await response.text();
    expect(page).toContain('<script>');
    expect(page).toContain('new WebSocket(');
    expect(page).toContain('textContent');
    // No API that would parse data as HTML.
    expect(page).not.toMatch(/\.(inner|outer)HTML\s*=|insertAdjacentHTML|document\.write/);
  });

  it('reports health', async () => {
    const response = await get('/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ok',
      checks: { postgres: 'up', redis: 'up' },
    });
  });

  it('describes the HTTP calls in /openapi.json, and serves /docs', async () => {
    const response = await get('/openapi.json');
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      openapi: string;
      info: { description: string };
      paths: Record<string, Record<string, unknown>>;
    };
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths).sort()).toEqual([
      '/',
      '/health',
      '/rooms/{room}/members',
      '/rooms/{room}/messages',
    ]);
    expect(document.info.description).toContain('/ws?room=');
    const docs = await get('/docs', { redirect: 'follow' });
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('answers an unknown route with 404 and a wrong method with 405, in the error shape', async () => {
    const missing = await get('/no/such/route');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: { code: 'not_found', message: expect.any(String) },
    });

    const wrong = await get('/rooms/general/messages', { method: 'POST' });
    expect(wrong.status).toBe(405);
    expect(await wrong.json()).toMatchObject({ error: { code: 'method_not_allowed' } });
  });

  it('echoes X-Request-Id', async () => {
    const response = await get('/health', { headers: { 'x-request-id': 'trace-42' } });
    expect(response.headers.get('x-request-id')).toBe('trace-42');
  });
});
