import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PAYLOAD_BYTES } from '../../src/jobs/schemas.js';
import { CLOSED_REDIS_URL } from '../support/config.js';
import { startHttpServer, type TestServer } from '../support/http-server.js';
import { createTestQueue, type TestQueue } from '../support/queue.js';

interface JobBody {
  id: number;
  type: string;
  status: string;
  attempts: number;
  maxAttempts: number;
  runAt: string;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
  payload: unknown;
  result: unknown;
  lastError: string | null;
}

const ISO_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

// No worker runs here: every job these tests create stays where the API put it.
describe('the jobs API', () => {
  let queue: TestQueue;
  let server: TestServer;

  beforeAll(async () => {
    queue = await createTestQueue();
    server = await startHttpServer({ DATABASE_URL: queue.databaseUrl });
  });
  afterAll(async () => {
    await server.close();
    await queue.close();
  });

  const send = async (method: string, path: string, body?: unknown, raw?: string) => {
    const res = await fetch(`${server.baseUrl}${path}`, {
      method,
      headers:
        body === undefined && raw === undefined ? {} : { 'content-type': 'application/json' },
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  };
  const post = (body: unknown) => send('POST', '/jobs', body);
  const enqueue = async (body: Record<string, unknown> = { type: 'echo' }) => {
    const res = await post(body);
    expect(res.status).toBe(201);
    return res.body as JobBody;
  };

  /** A dead job, as a worker leaves one after its last failed attempt. */
  async function deadJob(): Promise<JobBody> {
    const job = await enqueue({ type: 'fail', maxAttempts: 1 });
    await queue.pool.query(
      `UPDATE jobs SET status = 'dead', attempts = 1, last_error = 'it broke', finished_at = now()
       WHERE id = $1`,
      [job.id],
    );
    return job;
  }

  describe('POST /jobs', () => {
    it('creates a job: 201 with the whole job', async () => {
      const before = Date.now();
      const res = await send('POST', '/jobs', { type: 'echo' });
      expect(res.status).toBe(201);
      const job = res.body as JobBody;
      expect(job).toEqual({
        id: expect.any(Number),
        type: 'echo',
        status: 'queued',
        attempts: 0,
        maxAttempts: 5,
        runAt: expect.stringMatching(ISO_MS),
        createdAt: expect.stringMatching(ISO_MS),
        updatedAt: expect.stringMatching(ISO_MS),
        finishedAt: null,
        payload: null,
        result: null,
        lastError: null,
      });
      expect(Date.parse(job.runAt)).toBeGreaterThanOrEqual(before - 2_000);
      expect(job.runAt).toBe(job.createdAt);
    });

    it('takes a payload, a runAt with any time zone, maxAttempts and an idempotencyKey', async () => {
      const job = await enqueue({
        type: 'sleep',
        payload: { ms: 10, nested: [1, 'two', null] },
        runAt: '2030-01-01T01:00:00+01:00',
        maxAttempts: 100,
        idempotencyKey: `all-fields-${Date.now()}`,
      });
      expect(job).toMatchObject({
        type: 'sleep',
        payload: { ms: 10, nested: [1, 'two', null] },
        runAt: '2030-01-01T00:00:00.000Z',
        maxAttempts: 100,
      });
    });

    it.each([['a string'], [42], [[1, 2]], [false]])(
      'stores any JSON payload: %j',
      async (payload) => {
        expect((await enqueue({ type: 'echo', payload })).payload).toEqual(payload);
      },
    );

    it('accepts a payload of 1 MiB', async () => {
      const payload = 'x'.repeat(MAX_PAYLOAD_BYTES - 2); // two bytes of quotes
      expect((await enqueue({ type: 'echo', payload })).id).toEqual(expect.any(Number));
    });

    it('rejects a payload over 1 MiB with 413 payload_too_large', async () => {
      const res = await post({ type: 'echo', payload: 'x'.repeat(MAX_PAYLOAD_BYTES) });
      expect(res.status).toBe(413);
      expect(res.body.error.code).toBe('payload_too_large');
    });

    it('rejects a body far over the limit with 413 payload_too_large', async () => {
      const res = await post({ type: 'echo', payload: 'x'.repeat(3 * MAX_PAYLOAD_BYTES) });
      expect(res.status).toBe(413);
      expect(res.body.error.code).toBe('payload_too_large');
    });

    const invalid: [string, unknown, string][] = [
      ['an unknown type', { type: 'nope' }, 'type'],
      ['a missing type', { payload: 1 }, 'type'],
      ['a type that is not a string', { type: 7 }, 'type'],
      ['maxAttempts 0', { type: 'echo', maxAttempts: 0 }, 'maxAttempts'],
      ['maxAttempts 101', { type: 'echo', maxAttempts: 101 }, 'maxAttempts'],
      ['a fractional maxAttempts', { type: 'echo', maxAttempts: 1.5 }, 'maxAttempts'],
      ['maxAttempts as a string', { type: 'echo', maxAttempts: '5' }, 'maxAttempts'],
      ['an unparsable runAt', { type: 'echo', runAt: 'tomorrow' }, 'runAt'],
      ['a runAt on no real day', { type: 'echo', runAt: '2030-02-30T00:00:00Z' }, 'runAt'],
      ['a runAt without a time zone', { type: 'echo', runAt: '2030-01-01T00:00:00' }, 'runAt'],
      ['a runAt that is a number', { type: 'echo', runAt: 1_700_000_000 }, 'runAt'],
      ['an empty idempotencyKey', { type: 'echo', idempotencyKey: '' }, 'idempotencyKey'],
      [
        'a long idempotencyKey',
        { type: 'echo', idempotencyKey: 'k'.repeat(201) },
        'idempotencyKey',
      ],
      ['a numeric idempotencyKey', { type: 'echo', idempotencyKey: 5 }, 'idempotencyKey'],
    ];
    it.each(invalid)('rejects %s: 400 validation_error', async (_, body, path) => {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        code: 'validation_error',
        message: expect.any(String),
        details: expect.arrayContaining([{ path, message: expect.any(String) }]),
      });
    });

    it.each([['[1, 2]'], ['"echo"'], ['null']])(
      'rejects a body that is not an object: %s',
      async (raw) => {
        const res = await send('POST', '/jobs', undefined, raw);
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('validation_error');
      },
    );

    it('rejects malformed JSON with 400 invalid_json', async () => {
      const res = await send('POST', '/jobs', undefined, '{"type": "echo",');
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_json');
    });

    it('creates one job for ten concurrent requests with one idempotencyKey', async () => {
      const body = { type: 'echo', payload: 'once', idempotencyKey: `race-${Date.now()}` };
      const responses = await Promise.all(Array.from({ length: 10 }, () => post(body)));
      const statuses = responses.map((res) => res.status).sort();
      expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
      const ids = new Set(responses.map((res) => (res.body as JobBody).id));
      expect(ids.size).toBe(1);
      const { rows } = await queue.pool.query(
        'SELECT count(*)::int AS n FROM jobs WHERE idempotency_key = $1',
        [body.idempotencyKey],
      );
      expect(rows[0].n).toBe(1);

      const other = await post({ ...body, idempotencyKey: `${body.idempotencyKey}-other` });
      expect(other.status).toBe(201);
      expect(ids.has(other.body.id)).toBe(false);
    });
  });

  describe('GET /jobs/{id}', () => {
    it('returns the job', async () => {
      const job = await enqueue({ type: 'echo', payload: { find: 'me' } });
      const res = await send('GET', `/jobs/${job.id}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(job);
    });

    it.each([
      ['abc'],
      ['0'],
      ['-1'],
      ['1.5'],
      ['9223372036854775808'],
      ['1e3'],
      ['9223372036854775807'],
    ])('answers 404 not_found for the id %s', async (id) => {
      const res = await send('GET', `/jobs/${id}`);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    });
  });

  describe('GET /jobs', () => {
    it('lists jobs newest first, filtered by status, up to limit', async () => {
      const dead = await deadJob();
      const newer = await deadJob();
      const res = await send('GET', '/jobs?status=dead&limit=2');
      expect(res.status).toBe(200);
      expect(res.body.jobs.map((job: JobBody) => job.id)).toEqual([newer.id, dead.id]);
      expect(res.body.jobs[0]).toMatchObject({ status: 'dead', lastError: 'it broke' });
    });

    it('lists every status by default, 50 at most', async () => {
      const created = await enqueue();
      const res = await send('GET', '/jobs');
      expect(res.status).toBe(200);
      expect(res.body.jobs[0].id).toBe(created.id);
      expect(res.body.jobs.length).toBeLessThanOrEqual(50);
      const ids = res.body.jobs.map((job: JobBody) => job.id);
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
    });

    it.each([['status=lost'], ['limit=0'], ['limit=201'], ['limit=ten'], ['limit=2.5']])(
      'rejects %s with 400 validation_error',
      async (query) => {
        const res = await send('GET', `/jobs?${query}`);
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('validation_error');
      },
    );
  });

  describe('POST /jobs/{id}/retry', () => {
    it('requeues a dead job: attempts reset, runs now, the last error kept', async () => {
      const dead = await deadJob();
      const res = await send('POST', `/jobs/${dead.id}/retry`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: dead.id,
        status: 'queued',
        attempts: 0,
        lastError: 'it broke',
        finishedAt: null,
      });
      expect(Date.parse(res.body.runAt)).toBeGreaterThan(Date.parse(dead.runAt));
      expect((await queue.repository.find(String(dead.id)))?.status).toBe('queued');
    });

    it('ignores a body, even an empty one sent as JSON', async () => {
      const dead = await deadJob();
      const res = await send('POST', `/jobs/${dead.id}/retry`, undefined, '');
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('queued');
    });

    it('answers 409 conflict for a job that is not dead', async () => {
      const job = await enqueue();
      const res = await send('POST', `/jobs/${job.id}/retry`);
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'conflict', message: expect.any(String) });
    });

    it.each([['99999999'], ['abc']])('answers 404 for the id %s', async (id) => {
      const res = await send('POST', `/jobs/${id}/retry`);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    });
  });

  describe('GET /stats', () => {
    it('counts the jobs in each status', async () => {
      const before = (await send('GET', '/stats')).body;
      expect(Object.keys(before).sort()).toEqual([
        'dead',
        'failed',
        'queued',
        'running',
        'succeeded',
      ]);
      expect(before).toEqual(await queue.repository.countByStatus());

      await enqueue();
      await deadJob();
      const after = (await send('GET', '/stats')).body;
      expect(after).toEqual({ ...before, queued: before.queued + 1, dead: before.dead + 1 });
    });
  });

  describe('with Redis down', () => {
    it('still enqueues (the wake-up is lost, the workers poll) and reports degraded', async () => {
      const redisless = await startHttpServer({
        DATABASE_URL: queue.databaseUrl,
        REDIS_URL: CLOSED_REDIS_URL,
      });
      try {
        const created = await fetch(`${redisless.baseUrl}/jobs`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ type: 'echo', payload: 'no redis' }),
        });
        expect(created.status).toBe(201);
        const health = await fetch(`${redisless.baseUrl}/health`);
        expect(health.status).toBe(200);
        expect(await health.json()).toMatchObject({
          status: 'degraded',
          checks: { redis: 'down' },
        });
      } finally {
        await redisless.close();
      }
    });
  });

  describe('the service', () => {
    it('answers /health', async () => {
      const res = await send('GET', '/health');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok', checks: { postgres: 'up', redis: 'up' } });
    });

    it('describes every call in /openapi.json and serves /docs', async () => {
      const res = await send('GET', '/openapi.json');
      expect(res.status).toBe(200);
      const paths = Object.keys(res.body.paths).map((path) => path.replace(/:(\w+)/g, '{$1}'));
      expect(paths.sort()).toEqual([
        '/health',
        '/jobs',
        '/jobs/{id}',
        '/jobs/{id}/retry',
        '/stats',
      ]);
      const docs = await fetch(`${server.baseUrl}/docs`);
      expect(docs.status).toBe(200);
      expect(await docs.text()).toMatch(/<html/i);
    });

    it('echoes the request id', async () => {
      const res = await fetch(`${server.baseUrl}/stats`, { headers: { 'x-request-id': 'jobs-1' } });
      expect(res.headers.get('x-request-id')).toBe('jobs-1');
    });

    it('answers an unknown route with 404 and a wrong method with 405', async () => {
      const missing = await send('GET', '/nope');
      expect(missing.status).toBe(404);
      expect(missing.body.error.code).toBe('not_found');
      const wrongMethod = await send('DELETE', '/jobs');
      expect(wrongMethod.status).toBe(405);
      expect(wrongMethod.body.error.code).toBe('method_not_allowed');
    });
  });
});
