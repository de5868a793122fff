import assert from 'node:assert/strict';
import type { ContractCase, Deployment } from './deployment.js';
import { clientIp, expectError, expectJson, expectStatus, expectTimestamp, isObject, request, unique, type Reply, type RequestOptions } from './http.js';

/**
 * The url-shortener contract (shared/projects/url-shortener.md and DESIGN.md), black box, one web
 * instance. Every case creates its own links from its own client IP (X-Forwarded-For, trusted through
 * TRUST_PROXY), so cases are independent and the suite can run again on the same database.
 */

const RATE_LIMIT_PER_MINUTE = 30;

/** Schemathesis sends thousands of requests from one client: a limit it cannot reach. */
export const fuzzEnv = { RATE_LIMIT_PER_MINUTE: '1000000' };

export const env: Record<string, string> = {
  RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT_PER_MINUTE),
  TRUST_PROXY: 'true',
};

interface Link {
  id: number | string;
  url: string;
  shortCode: string;
  createdAt: string;
  updatedAt: string;
}

/** Requests of one case, all from one client IP of its own. */
class Client {
  readonly ip = clientIp();
  constructor(readonly baseUrl: string) {}

  call(method: string, path: string, options: RequestOptions = {}): Promise<Reply> {
    return request(this.baseUrl, method, path, { ...options, headers: { 'x-forwarded-for': this.ip, ...options.headers } });
  }

  async create(url: string): Promise<Link> {
    const reply = await this.call('POST', '/shorten', { json: { url } });
    return expectLink(reply, 201, url);
  }
}

const client = (deployment: Deployment) => new Client(deployment.web[0]!);
const exampleUrl = (what: string) => `https://example.com/${what}/${unique()}`;

function expectLink(reply: Reply, status: number, url?: string): Link {
  const body = expectJson(reply, status);
  assert.ok(typeof body.id === 'number' || typeof body.id === 'string', `id is a number or a string: ${reply.describe}`);
  if (url !== undefined) assert.equal(body.url, url, `url: ${reply.describe}`);
  assert.equal(typeof body.shortCode, 'string');
  assert.match(body.shortCode as string, /^[0-9A-Za-z]{7}$/, `shortCode is 7 base62 characters: ${reply.describe}`);
  const created = expectTimestamp(body.createdAt, 'createdAt');
  const updated = expectTimestamp(body.updatedAt, 'updatedAt');
  assert.ok(updated >= created, `updatedAt >= createdAt: ${reply.describe}`);
  return body as unknown as Link;
}

async function accessCount(c: Client, code: string): Promise<number> {
  const reply = await c.call('GET', `/shorten/${code}/stats`);
  const body = expectJson(reply, 200);
  assert.ok(Number.isInteger(body.accessCount), `accessCount is an integer: ${reply.describe}`);
  return body.accessCount as number;
}

async function expectRedirect(c: Client, code: string, location: string): Promise<void> {
  const reply = await c.call('GET', `/${code}`);
  expectStatus(reply, 302);
  assert.equal(reply.headers.get('location'), location, `Location of ${reply.describe}`);
}

/** A base62 code of the default length that no link has (62^7 codes: a random one is free). */
const unknownCode = () => unique('').slice(0, 7).replace(/^./, 'Z');

// Every url the spec calls invalid, with why.
const INVALID_URLS: [string, unknown][] = [
  ['javascript: scheme', 'javascript:alert(1)'],
  ['ftp: scheme', 'ftp://example.com/file.txt'],
  ['mailto: scheme', 'mailto:someone@example.com'],
  ['relative path', '/just/a/path'],
  ['no scheme', 'example.com/page'],
  ['scheme without a host', 'https://'],
  ['http: without slashes', 'http:example.com'],
  ['empty string', ''],
  ['only spaces', '   '],
  ['a space inside', 'https://example.com/a b'],
  ['a newline inside', 'https://example.com/a\nb'],
  ['a control character inside', 'https://example.com/a\u0085b'],
  ['a backslash before the path', 'https://example.com\\@evil.example/'],
  ['a quote in the host', 'https://exa"mple.com/'],
  ['an IP literal in brackets', 'http://[::1]:8080/'],
  ['over 2048 characters', `https://example.com/${'a'.repeat(2049 - 'https://example.com/'.length)}`],
  ['a number', 12345],
  ['null', null],
  ['a boolean', true],
  ['an array', ['https://example.com']],
  ['an object', { href: 'https://example.com' }],
];

const cases: ContractCase[] = [
  {
    name: 'POST /shorten creates a link: 201 {id, url, shortCode, createdAt, updatedAt}',
    async run(deployment) {
      const c = client(deployment);
      const url = exampleUrl('create');
      const reply = await c.call('POST', '/shorten', { json: { url } });
      const link = expectLink(reply, 201, url);
      assert.equal(link.createdAt, link.updatedAt, 'a new link was never updated');
      const again = await c.create(url);
      assert.notEqual(again.shortCode, link.shortCode, 'the same URL twice gets two codes');
      assert.notEqual(again.id, link.id);
    },
  },
  {
    name: 'POST /shorten takes the longest URL (2048 characters) and URLs with query, fragment, port, user info and an IPv4 host',
    async run(deployment) {
      const c = client(deployment);
      const base = `https://example.com/${unique()}/`;
      await c.create(base + 'a'.repeat(2048 - base.length));
      await c.create(`http://user:pass@example.com:8080/a/b?x=1&y=%2F#frag-${unique()}`);
      await c.create(`HTTPS://Example.COM/${unique()}`);
      await c.create(`http://127.0.0.1:3000/${unique()}`);
    },
  },
  {
    name: 'POST /shorten reads the body as JSON whatever the Content-Type',
    async run(deployment) {
      const c = client(deployment);
      const url = exampleUrl('text-plain');
      expectLink(await c.call('POST', '/shorten', { raw: JSON.stringify({ url }), headers: { 'content-type': 'text/plain' } }), 201, url);
      expectError(await c.call('POST', '/shorten', { raw: 'url=https://example.com', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 400, 'invalid_json');
    },
  },
  {
    name: 'GET /shorten/{code} returns the link and does not count an access',
    async run(deployment) {
      const c = client(deployment);
      const link = await c.create(exampleUrl('get'));
      const first = expectLink(await c.call('GET', `/shorten/${link.shortCode}`), 200);
      assert.deepEqual(first, link);
      await c.call('GET', `/shorten/${link.shortCode}`);
      assert.equal(await accessCount(c, link.shortCode), 0);
    },
  },
  {
    name: 'PUT /shorten/{code} changes the URL, moves updatedAt forward, and the redirect follows at once',
    async run(deployment) {
      const c = client(deployment);
      const link = await c.create(exampleUrl('before'));
      // Warm the cache so the update has something to invalidate.
      await expectRedirect(c, link.shortCode, link.url);
      let previous = link;
      for (let i = 0; i < 3; i++) {
        const url = exampleUrl(`after-${i}`);
        const updated = expectLink(await c.call('PUT', `/shorten/${link.shortCode}`, { json: { url } }), 200, url);
        assert.equal(updated.id, link.id);
        assert.equal(updated.shortCode, link.shortCode);
        assert.equal(updated.createdAt, link.createdAt, 'createdAt does not change');
        assert.ok(Date.parse(updated.updatedAt) > Date.parse(previous.updatedAt), `updatedAt moves forward: ${previous.updatedAt} -> ${updated.updatedAt}`);
        assert.deepEqual(expectLink(await c.call('GET', `/shorten/${link.shortCode}`), 200), updated);
        await expectRedirect(c, link.shortCode, url);
        previous = updated;
      }
    },
  },
  {
    name: 'PUT /shorten/{code} rejects a bad URL or body with 400 and keeps the link',
    async run(deployment) {
      const c = client(deployment);
      const link = await c.create(exampleUrl('keep'));
      for (const [why, url] of INVALID_URLS) {
        expectError(await c.call('PUT', `/shorten/${link.shortCode}`, { json: { url } }), 400, 'validation_error');
        void why;
      }
      expectError(await c.call('PUT', `/shorten/${link.shortCode}`, { json: {} }), 400, 'validation_error');
      expectError(await c.call('PUT', `/shorten/${link.shortCode}`, { raw: '{"url": ', headers: { 'content-type': 'application/json' } }), 400, 'invalid_json');
      assert.deepEqual(expectLink(await c.call('GET', `/shorten/${link.shortCode}`), 200), link);
    },
  },
  {
    name: 'DELETE /shorten/{code} answers 204 with an empty body; the code is gone everywhere',
    async run(deployment) {
      const c = client(deployment);
      const link = await c.create(exampleUrl('delete'));
      await expectRedirect(c, link.shortCode, link.url); // cached and counted before the delete
      const reply = await c.call('DELETE', `/shorten/${link.shortCode}`);
      expectStatus(reply, 204);
      assert.equal(reply.text, '', 'a 204 has no body');
      expectError(await c.call('GET', `/shorten/${link.shortCode}`), 404, 'not_found');
      expectError(await c.call('GET', `/${link.shortCode}`), 404, 'not_found');
      expectError(await c.call('GET', `/shorten/${link.shortCode}/stats`), 404, 'not_found');
      expectError(await c.call('PUT', `/shorten/${link.shortCode}`, { json: { url: exampleUrl('x') } }), 404, 'not_found');
      expectError(await c.call('DELETE', `/shorten/${link.shortCode}`), 404, 'not_found');
    },
  },
  {
    name: 'GET /{code} answers 302 with Location: the URL exactly as stored, and counts one access',
    async run(deployment) {
      const c = client(deployment);
      const urls = [
        exampleUrl('redirect'),
        `https://example.com/${unique()}?q=a%20b&r=%2F&s=~!$'()*+,;=:@#top`,
        `https://example.com/${unique()}/{braces}|pipe^caret\`tick"quote<lt>gt\\back`,
        `http://EXAMPLE.com:8080/${unique()}/./../x`,
      ];
      for (const url of urls) {
        const link = await c.create(url);
        await expectRedirect(c, link.shortCode, url);
        await expectRedirect(c, link.shortCode, url); // the second one comes from the cache
        assert.equal(await accessCount(c, link.shortCode), 2);
      }
    },
  },
  {
    name: 'GET /{code} sends a non-ASCII URL in ASCII: the host in its xn-- form, other characters percent-encoded (UTF-8)',
    async run(deployment) {
      const c = client(deployment);
      const id = unique();
      const pairs: [string, string][] = [
        [`https://example.com/${id}/café?q=über&emoji=😀#señal`, `https://example.com/${id}/caf%C3%A9?q=%C3%BCber&emoji=%F0%9F%98%80#se%C3%B1al`],
        [`https://bücher.example/${id}/straße`, `https://xn--bcher-kva.example/${id}/stra%C3%9Fe`],
        [`https://xn--bcher-kva.example/${id}`, `https://xn--bcher-kva.example/${id}`],
      ];
      for (const [url, location] of pairs) {
        const link = await c.create(url);
        assert.equal(link.url, url, 'the URL is stored as given');
        await expectRedirect(c, link.shortCode, location);
        await expectRedirect(c, link.shortCode, location); // from the cache
      }
    },
  },
  {
    name: 'Only GET /{code} counts: stats start at 0, reads do not count, each redirect counts one',
    async run(deployment) {
      const c = client(deployment);
      const link = await c.create(exampleUrl('count'));
      assert.equal(await accessCount(c, link.shortCode), 0);
      await c.call('GET', `/shorten/${link.shortCode}`);
      await c.call('PUT', `/shorten/${link.shortCode}`, { json: { url: exampleUrl('count-moved') } });
      assert.equal(await accessCount(c, link.shortCode), 0);
      for (let i = 0; i < 3; i++) expectStatus(await c.call('GET', `/${link.shortCode}`), 302);
      assert.equal(await accessCount(c, link.shortCode), 3);
      const stats = expectJson(await c.call('GET', `/shorten/${link.shortCode}/stats`), 200);
      const { accessCount: count, ...rest } = stats;
      assert.equal(count, 3);
      assert.deepEqual(rest, { ...link, url: rest.url, updatedAt: rest.updatedAt }, 'stats are the link plus accessCount');
    },
  },
  {
    name: '100 parallel redirects of one code add exactly 100 to accessCount',
    async run(deployment) {
      const c = client(deployment);
      const link = await c.create(exampleUrl('parallel'));
      expectStatus(await c.call('GET', `/${link.shortCode}`), 302);
      const replies = await Promise.all(Array.from({ length: 100 }, () => c.call('GET', `/${link.shortCode}`, { timeoutMs: 30_000 })));
      for (const reply of replies) expectStatus(reply, 302);
      assert.equal(await accessCount(c, link.shortCode), 101);
    },
  },
  {
    name: 'POST /shorten: every invalid url the spec names is 400 validation_error with details',
    async run(deployment) {
      const c = client(deployment);
      for (const [why, url] of INVALID_URLS) {
        const reply = await c.call('POST', '/shorten', { json: { url } });
        assert.equal(reply.status, 400, `${why}: ${reply.describe}`);
        expectError(reply, 400, 'validation_error');
      }
    },
  },
  {
    name: 'POST /shorten: a missing url or a body that is not an object is 400 validation_error',
    async run(deployment) {
      const c = client(deployment);
      const bodies: unknown[] = [{}, { link: 'https://example.com' }, { URL: 'https://example.com' }, 'https://example.com', ['https://example.com'], 42, null];
      for (const json of bodies) {
        const reply = await c.call('POST', '/shorten', { raw: JSON.stringify(json), headers: { 'content-type': 'application/json' } });
        expectError(reply, 400, 'validation_error');
      }
    },
  },
  {
    name: 'POST /shorten: malformed JSON is 400 invalid_json',
    async run(deployment) {
      const c = client(deployment);
      for (const raw of ['{"url": "https://example.com"', '{url: "https://example.com"}', "{'url': 'https://example.com'}", 'not json', '{"url": "https://example.com"} trailing', '']) {
        const reply = await c.call('POST', '/shorten', { raw, headers: { 'content-type': 'application/json' } });
        assert.equal(reply.status, 400, `${JSON.stringify(raw)}: ${reply.describe}`);
        expectError(reply, 400, 'invalid_json');
      }
      // No body at all is not JSON either.
      expectError(await c.call('POST', '/shorten'), 400, 'invalid_json');
    },
  },
  {
    name: 'POST /shorten: a body far over any sane size is 413 payload_too_large',
    async run(deployment) {
      const c = client(deployment);
      const reply = await c.call('POST', '/shorten', { json: { url: 'https://example.com/', padding: 'x'.repeat(1024 * 1024) } });
      expectError(reply, 413, 'payload_too_large');
    },
  },
  {
    name: 'Unknown codes and codes outside base62 are 404 not_found on every {code} call',
    async run(deployment) {
      const c = client(deployment);
      const codes = [unknownCode(), 'a'.repeat(65), 'abc-def', 'abc_def', 'ab~cd', 'ab!cd', "ab'cd", encodeURIComponent('café'), 'ab%20cd', encodeURIComponent('ab/cd'), '%FF', '%E2%80%AE'];
      for (const code of codes) {
        expectError(await c.call('GET', `/shorten/${code}`), 404, 'not_found');
        expectError(await c.call('PUT', `/shorten/${code}`, { json: { url: exampleUrl('x') } }), 404, 'not_found');
        expectError(await c.call('DELETE', `/shorten/${code}`), 404, 'not_found');
        expectError(await c.call('GET', `/shorten/${code}/stats`), 404, 'not_found');
        expectError(await c.call('GET', `/${code}`), 404, 'not_found');
      }
    },
  },
  {
    name: 'POST /shorten over RATE_LIMIT_PER_MINUTE from one IP is 429 rate_limited with Retry-After; other IPs go on',
    async run(deployment) {
      const c = client(deployment);
      // Twice the limit plus one: even if a minute window ends during the burst, one window overflows.
      let limited: Reply | undefined;
      for (let i = 0; i < 2 * RATE_LIMIT_PER_MINUTE + 1 && !limited; i++) {
        const reply = await c.call('POST', '/shorten', { json: { url: exampleUrl('limit') } });
        if (reply.status === 429) limited = reply;
        else expectStatus(reply, 201);
      }
      assert.ok(limited, `no 429 after ${2 * RATE_LIMIT_PER_MINUTE + 1} requests (is RATE_LIMIT_PER_MINUTE=${RATE_LIMIT_PER_MINUTE} and TRUST_PROXY=true set?)`);
      expectError(limited, 429, 'rate_limited');
      const retryAfter = limited.headers.get('retry-after');
      assert.match(retryAfter ?? '', /^\d+$/, `Retry-After is whole seconds: ${retryAfter}`);
      assert.ok(Number(retryAfter) >= 1 && Number(retryAfter) <= 60, `Retry-After within the minute: ${retryAfter}`);
      // Reads are not limited, and another client is not affected.
      expectStatus(await c.call('GET', `/shorten/${unknownCode()}`), 404);
      await client(deployment).create(exampleUrl('other-ip'));
    },
  },
  {
    name: 'GET /health is 200 {"status":"ok", ...}',
    async run(deployment) {
      const body = expectJson(await request(deployment.web[0]!, 'GET', '/health'), 200);
      assert.equal(body.status, 'ok');
    },
  },
  {
    name: 'GET /openapi.json is an OpenAPI 3 document listing every call of the API',
    async run(deployment) {
      const doc = expectJson(await request(deployment.web[0]!, 'GET', '/openapi.json'), 200);
      assert.match(String(doc.openapi), /^3\.\d+\.\d+$/, 'openapi is 3.x.y');
      assert.ok(isObject(doc.info) && typeof doc.info.title === 'string', 'info.title');
      assert.ok(isObject(doc.paths), 'paths');
      const paths = doc.paths;
      const expected: Record<string, string[]> = {
        '/shorten': ['post'],
        '/shorten/{code}': ['get', 'put', 'delete'],
        '/shorten/{code}/stats': ['get'],
        '/{code}': ['get'],
        '/health': ['get'],
      };
      for (const [path, methods] of Object.entries(expected)) {
        const item = paths[path];
        assert.ok(isObject(item), `paths lists ${path} (has ${Object.keys(paths).join(', ')})`);
        for (const method of methods) assert.ok(isObject(item[method]), `${method.toUpperCase()} ${path} is documented`);
      }
    },
  },
  {
    name: 'GET /docs is 200 HTML',
    async run(deployment) {
      const reply = await request(deployment.web[0]!, 'GET', '/docs', { redirect: 'follow' });
      expectStatus(reply, 200);
      assert.match(reply.headers.get('content-type') ?? '', /^text\/html/i);
    },
  },
  {
    name: 'Unknown routes are 404 not_found; a known path with another method is 405 method_not_allowed with Allow',
    async run(deployment) {
      const c = client(deployment);
      expectError(await c.call('GET', '/shorten/abc/def/ghi'), 404, 'not_found');
      expectError(await c.call('GET', '/no/such/route'), 404, 'not_found');
      expectError(await c.call('POST', '/no/such/route', { json: {} }), 404, 'not_found');
      const allowed: [string, string, string[]][] = [
        ['GET', '/shorten', ['POST']],
        ['DELETE', '/shorten', ['POST']],
        ['PATCH', `/shorten/${unknownCode()}`, ['GET', 'PUT', 'DELETE']],
        ['POST', `/shorten/${unknownCode()}`, ['GET', 'PUT', 'DELETE']],
        ['POST', `/shorten/${unknownCode()}/stats`, ['GET']],
        ['DELETE', `/${unknownCode()}`, ['GET']],
      ];
      for (const [method, path, methods] of allowed) {
        const bodies: RequestOptions[] = method === 'GET' ? [{}] : [{}, { raw: '{"url":"https://example.com"}' }, { json: { url: 'https://example.com' } }];
        for (const options of bodies) {
          const reply = await c.call(method, path, options);
          expectError(reply, 405, 'method_not_allowed');
          const allow = (reply.headers.get('allow') ?? '').split(',').map((m) => m.trim().toUpperCase());
          for (const m of methods) assert.ok(allow.includes(m), `Allow lists ${m}: "${reply.headers.get('allow')}" for ${reply.describe}`);
          for (const m of allow) assert.ok(m === 'HEAD' || m === 'OPTIONS' || methods.includes(m), `Allow lists only what the path serves: "${reply.headers.get('allow')}"`);
        }
      }
    },
  },
  {
    name: 'X-Request-Id is echoed when given and generated when not',
    async run(deployment) {
      const c = client(deployment);
      const id = unique('req-');
      const echoed = await c.call('GET', '/health', { headers: { 'x-request-id': id } });
      assert.equal(echoed.headers.get('x-request-id'), id);
      const error = await c.call('GET', `/${unknownCode()}`, { headers: { 'x-request-id': id } });
      assert.equal(error.headers.get('x-request-id'), id, 'errors carry the request id too');
      const generated = await c.call('GET', '/health');
      assert.ok((generated.headers.get('x-request-id') ?? '').length > 0, 'a request id is generated');
    },
  },
];

export { cases };
