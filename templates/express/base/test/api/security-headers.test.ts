import { createHash } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';

const ORIGIN = 'http://service.test';

/** `default-src 'self'; script-src ...` as { 'default-src': ["'self'"], ... }. */
function parsePolicy(header: string | undefined): Record<string, string[]> {
  expect(header, 'Content-Security-Policy header').toBeTypeOf('string');
  return Object.fromEntries(
    (header ?? '')
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...sources]) => [name, sources]),
  );
}

/** The GET paths (without parameters) the document says answer with an HTML page. */
function htmlPages(document: { paths: Record<string, { get?: unknown }> }): string[] {
  return Object.entries(document.paths)
    .filter(([path, item]) => {
      const ok = (item.get as { responses?: Record<string, { content?: object }> } | undefined)
        ?.responses?.[200];
      return !path.includes('{') && ok?.content !== undefined && 'text/html' in ok.content;
    })
    .map(([path]) => path);
}

describe('security headers (helmet)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('are on every response, errors included', async () => {
    for (const path of ['/health', '/openapi.json', '/no/such/route']) {
      const res = await request(t.app).get(path);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(res.headers).not.toHaveProperty('x-powered-by');
      const policy = parsePolicy(res.headers['content-security-policy']);
      expect(policy['default-src']).toEqual(["'self'"]);
      expect(policy['frame-ancestors']).toEqual(["'self'"]);
      // Plain HTTP service: browsers must not be sent to https for its own files.
      expect(policy).not.toHaveProperty('upgrade-insecure-requests');
    }
  });

  it('let each HTML page load its own scripts and styles, and run no other script', async () => {
    const document = (await request(t.app).get('/openapi.json').expect(200)).body;
    for (const page of ['/docs/', ...htmlPages(document)]) {
      const res = await request(t.app).get(page).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      const policy = parsePolicy(res.headers['content-security-policy']);
      const scriptSources = policy['script-src'] ?? policy['default-src'] ?? [];
      expect(scriptSources).not.toContain("'unsafe-inline'");

      // Scripts and stylesheets by URL: from this service, and served by it.
      const urls = [
        ...res.text.matchAll(/<script[^>]*\bsrc=["']([^"']+)["']/g),
        ...res.text.matchAll(/<link[^>]*\brel=["']stylesheet["'][^>]*\bhref=["']([^"']+)["']/g),
      ].map(([, src]) => new URL(src ?? '', ORIGIN + page));
      for (const url of urls) {
        expect(url.origin, `${url} on ${page}`).toBe(ORIGIN);
        await request(t.app).get(url.pathname).expect(200);
      }

      // Inline scripts: each allowed by its own hash.
      for (const [, script] of res.text.matchAll(
        /<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g,
      )) {
        const hash = createHash('sha256')
          .update(script ?? '')
          .digest('base64');
        expect(scriptSources, `inline script on ${page}`).toContain(`'sha256-${hash}'`);
      }
    }
  });
});
