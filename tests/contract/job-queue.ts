import assert from 'node:assert/strict';
import type { ContractCase, Deployment, ProcessHandle } from './deployment.js';
import { eventually, expectError, expectJson, expectStatus, expectTimestamp, isObject, request, sleep, unique, type Reply } from './http.js';

/**
 * The job-queue contract (shared/projects/job-queue.md and DESIGN.md), black box: one web instance
 * and two workers on one Postgres and one Redis. Short backoffs and leases (`env`) keep the suite to
 * seconds. Every case creates its own jobs (and idempotency keys), so the suite can run again on the
 * same database.
 */

export const env: Record<string, string> = {
  RETRY_BASE_MS: '100',
  JOB_LEASE_MS: '3000',
  WORKER_CONCURRENCY: '4',
};

const STATUSES = ['queued', 'running', 'succeeded', 'failed', 'dead'];

type Job = Record<string, unknown> & { id: number | string; status: string; attempts: number };

const web = (deployment: Deployment) => deployment.web[0]!;
const workers = (deployment: Deployment): ProcessHandle[] => deployment.processes.filter((p) => p.role === 'worker');

async function enqueue(baseUrl: string, body: Record<string, unknown>, status = 201): Promise<Job> {
  const reply = await request(baseUrl, 'POST', '/jobs', { json: body, timeoutMs: 30_000 });
  return expectJob(reply, status);
}

function expectJob(reply: Reply, status: number): Job {
  const job = expectJson(reply, status);
  assert.ok(typeof job.id === 'number' || typeof job.id === 'string', `id: ${reply.describe}`);
  assert.equal(typeof job.type, 'string', `type: ${reply.describe}`);
  assert.ok(STATUSES.includes(job.status as string), `status is one of ${STATUSES.join('|')}: ${reply.describe}`);
  assert.ok(Number.isInteger(job.attempts), `attempts: ${reply.describe}`);
  assert.ok(Number.isInteger(job.maxAttempts), `maxAttempts: ${reply.describe}`);
  expectTimestamp(job.runAt, 'runAt');
  expectTimestamp(job.createdAt, 'createdAt');
  return job as Job;
}

async function getJob(baseUrl: string, id: Job['id']): Promise<Job> {
  return expectJob(await request(baseUrl, 'GET', `/jobs/${encodeURIComponent(String(id))}`), 200);
}

/** Polls the job (every 20 ms) until `done` holds; returns it. */
async function waitForJob(baseUrl: string, id: Job['id'], what: string, done: (job: Job) => boolean, timeoutMs = 15_000): Promise<Job> {
  let last: Job | undefined;
  try {
    return await eventually(what, timeoutMs, async () => {
      last = await getJob(baseUrl, id);
      return done(last) ? last : undefined;
    }, 20);
  } catch (error) {
    throw new Error(`${(error as Error).message}; last seen: ${JSON.stringify(last)}`);
  }
}

const finished = (job: Job) => job.status === 'succeeded' || job.status === 'dead';

async function stats(baseUrl: string): Promise<Record<string, number>> {
  const body = expectJson(await request(baseUrl, 'GET', '/stats'), 200);
  for (const status of STATUSES) assert.ok(Number.isInteger(body[status]) && (body[status] as number) >= 0, `stats.${status} is a count: ${JSON.stringify(body)}`);
  return body as Record<string, number>;
}

/** Waits (without failing) until no job is running, so timing cases start with idle workers. */
async function settle(baseUrl: string): Promise<void> {
  await eventually('idle workers', 30_000, async () => ((await stats(baseUrl)).running === 0 ? true : undefined), 100).catch(() => undefined);
}

const cases: ContractCase[] = [
  {
    name: 'POST /jobs is 201 {id, type, status, attempts, maxAttempts, runAt, createdAt}; an echo job succeeds with result = payload',
    async run(deployment) {
      const base = web(deployment);
      const payload = { greeting: `hello ${unique()}`, n: 42, nested: { list: [1, 'two', null, true], text: 'é 😀 <b>' } };
      const before = Date.now();
      const job = await enqueue(base, { type: 'echo', payload });
      assert.equal(job.type, 'echo');
      assert.ok(job.status === 'queued' || job.status === 'running' || job.status === 'succeeded', `a new job: ${job.status}`);
      assert.equal(job.maxAttempts, 5, 'maxAttempts defaults to 5');
      assert.ok(Date.parse(job.runAt as string) <= Date.now() + 1000 && Date.parse(job.runAt as string) >= before - 60_000, 'runAt defaults to now');
      const done = await waitForJob(base, job.id, 'the echo job succeeding', finished);
      assert.equal(done.status, 'succeeded');
      assert.equal(done.attempts, 1);
      assert.deepEqual(done.result, payload, 'the result of echo is its payload');
      assert.equal(done.id, job.id);
    },
  },
  {
    name: 'POST /jobs: an unknown type, maxAttempts outside 1-100, a bad runAt or a body that is not an object is 400',
    async run(deployment) {
      const base = web(deployment);
      const bodies: unknown[] = [
        { type: 'nope' },
        { type: '' },
        { type: 42 },
        {},
        { payload: {} },
        { type: 'echo', maxAttempts: 0 },
        { type: 'echo', maxAttempts: 101 },
        { type: 'echo', maxAttempts: -1 },
        { type: 'echo', maxAttempts: 2.5 },
        { type: 'echo', maxAttempts: 'three' },
        { type: 'echo', runAt: 'tomorrow at noon' },
        { type: 'echo', runAt: '2024-13-45T99:00:00Z' },
        { type: 'echo', idempotencyKey: 42 },
        [],
        ['echo'],
        'echo',
        42,
        null,
      ];
      for (const json of bodies) {
        const reply = await request(base, 'POST', '/jobs', { raw: JSON.stringify(json), headers: { 'content-type': 'application/json' } });
        expectError(reply, 400, 'validation_error');
      }
      for (const raw of ['{"type": "echo"', 'not json', '{"type": "echo"} {}', '']) {
        expectError(await request(base, 'POST', '/jobs', { raw, headers: { 'content-type': 'application/json' } }), 400, 'invalid_json');
      }
      // The edges are taken.
      assert.equal((await enqueue(base, { type: 'echo', maxAttempts: 1 })).maxAttempts, 1);
      assert.equal((await enqueue(base, { type: 'echo', maxAttempts: 100 })).maxAttempts, 100);
    },
  },
  {
    name: 'A payload over 1 MiB is 413 payload_too_large; a large one under it is taken and echoed',
    async run(deployment) {
      const base = web(deployment);
      expectError(await request(base, 'POST', '/jobs', { json: { type: 'echo', payload: { blob: 'x'.repeat(1024 * 1024 + 16) } } }), 413, 'payload_too_large');
      const payload = { blob: 'y'.repeat(512 * 1024) };
      const job = await enqueue(base, { type: 'echo', payload });
      const done = await waitForJob(base, job.id, 'the large echo succeeding', finished);
      assert.equal(done.status, 'succeeded');
      assert.deepEqual(done.result, payload);
    },
  },
  {
    name: 'GET /jobs/{id}: an unknown id is 404; a malformed id is 404 or 400, never 500',
    async run(deployment) {
      const base = web(deployment);
      const known = await enqueue(base, { type: 'echo', payload: {} });
      const unknownId = typeof known.id === 'number' ? String(known.id + 1_000_000_000) : unique('no-such-job-');
      expectError(await request(base, 'GET', `/jobs/${unknownId}`), 404, 'not_found');
      expectError(await request(base, 'POST', `/jobs/${unknownId}/retry`), 404, 'not_found');
      for (const id of ['abc', '-1', '0', '1.5', '99999999999999999999999999', '%20', "1'--", encodeURIComponent('é')]) {
        const reply = await request(base, 'GET', `/jobs/${id}`);
        assert.ok(reply.status === 404 || reply.status === 400, `GET /jobs/${id}: ${reply.describe}`);
        expectError(reply, reply.status, reply.status === 404 ? 'not_found' : 'validation_error');
      }
    },
  },
  {
    name: 'A fail job with maxAttempts 3 ends dead with attempts 3 and lastError',
    async run(deployment) {
      const base = web(deployment);
      const job = await enqueue(base, { type: 'fail', maxAttempts: 3 });
      assert.equal(job.maxAttempts, 3);
      const dead = await waitForJob(base, job.id, 'the fail job dying', finished);
      assert.equal(dead.status, 'dead');
      assert.equal(dead.attempts, 3);
      assert.equal(typeof dead.lastError, 'string');
      assert.ok((dead.lastError as string).length > 0, 'lastError says why');
    },
  },
  {
    name: 'While a retry waits, the job is failed with its attempts and lastError',
    async run(deployment) {
      const base = web(deployment);
      const job = await enqueue(base, { type: 'fail', maxAttempts: 10 });
      const waiting = await waitForJob(base, job.id, 'the failed status between attempts', (j) => j.status === 'failed' || j.status === 'dead', 20_000);
      assert.equal(waiting.status, 'failed', 'a failed status is visible while the backoff runs');
      assert.ok(waiting.attempts >= 1 && waiting.attempts < 10);
      assert.equal(typeof waiting.lastError, 'string');
    },
  },
  {
    name: 'A flaky job with failTimes 2 succeeds on attempt 3',
    async run(deployment) {
      const base = web(deployment);
      const job = await enqueue(base, { type: 'flaky', payload: { failTimes: 2 } });
      const done = await waitForJob(base, job.id, 'the flaky job succeeding', finished);
      assert.equal(done.status, 'succeeded', JSON.stringify(done));
      assert.equal(done.attempts, 3);
    },
  },
  {
    name: 'POST /jobs/{id}/retry requeues a dead job (200, it runs again) and is 409 for a job that is not dead',
    async run(deployment) {
      const base = web(deployment);
      const job = await enqueue(base, { type: 'fail', maxAttempts: 2 });
      const dead = await waitForJob(base, job.id, 'the job dying', finished);
      assert.equal(dead.status, 'dead');
      const retried = expectJob(await request(base, 'POST', `/jobs/${job.id}/retry`), 200);
      assert.equal(retried.id, job.id);
      assert.notEqual(retried.status, 'dead', 'a retried job is queued again');
      const again = await waitForJob(base, job.id, 'the retried job dying again', finished);
      assert.equal(again.status, 'dead', 'it ran again, and failed again');
      assert.ok(again.attempts >= 1);

      const succeeded = await enqueue(base, { type: 'echo', payload: { x: 1 } });
      await waitForJob(base, succeeded.id, 'the echo succeeding', finished);
      expectError(await request(base, 'POST', `/jobs/${succeeded.id}/retry`), 409, await conflictCode(base, succeeded.id));
      const later = await enqueue(base, { type: 'echo', runAt: new Date(Date.now() + 60_000).toISOString() });
      const reply = await request(base, 'POST', `/jobs/${later.id}/retry`);
      expectStatus(reply, 409);
      assert.equal((await getJob(base, later.id)).status, 'queued');
    },
  },
  {
    name: 'A job with runAt 2 s ahead is not run before then, and is run after',
    async run(deployment) {
      const base = web(deployment);
      const runAt = new Date(Date.now() + 2000);
      const job = await enqueue(base, { type: 'echo', payload: { delayed: true }, runAt: runAt.toISOString() });
      assert.equal(job.status, 'queued');
      assert.ok(Math.abs(Date.parse(job.runAt as string) - runAt.getTime()) < 1000, `runAt is kept: ${String(job.runAt)}`);
      while (Date.now() < runAt.getTime() - 150) {
        const seen = await getJob(base, job.id);
        assert.equal(seen.status, 'queued', `still queued ${runAt.getTime() - Date.now()} ms before runAt`);
        await sleep(100);
      }
      const done = await waitForJob(base, job.id, 'the delayed job running', finished, 10_000);
      assert.equal(done.status, 'succeeded');
      assert.ok(Date.now() >= runAt.getTime());
    },
  },
  {
    name: 'Ten concurrent POSTs with one idempotencyKey: one 201, nine 200, all the same job',
    async run(deployment) {
      const base = web(deployment);
      const idempotencyKey = unique('key-');
      const replies = await Promise.all(
        Array.from({ length: 10 }, (_, i) => request(base, 'POST', '/jobs', { json: { type: 'echo', payload: { i }, idempotencyKey }, timeoutMs: 30_000 })),
      );
      const statuses = replies.map((r) => r.status).sort();
      assert.deepEqual(statuses, [200, 200, 200, 200, 200, 200, 200, 200, 200, 201], replies.map((r) => r.describe).join('\n'));
      const jobs = replies.map((r) => expectJob(r, r.status));
      assert.equal(new Set(jobs.map((j) => String(j.id))).size, 1, 'every answer is the same job');
      const again = expectJob(await request(base, 'POST', '/jobs', { json: { type: 'echo', payload: { other: true }, idempotencyKey } }), 200);
      assert.equal(again.id, jobs[0]!.id, 'the key returns the first job even with another body');
      const done = await waitForJob(base, again.id, 'the one job succeeding', finished);
      assert.equal(done.status, 'succeeded');
      assert.equal(done.attempts, 1, 'it ran once');
    },
  },
  {
    name: 'GET /jobs?status=...&limit=... lists jobs of that status newest first; a bad status or limit is 400',
    async run(deployment) {
      const base = web(deployment);
      const created: Job[] = [];
      for (let i = 0; i < 3; i++) created.push(await enqueue(base, { type: 'fail', maxAttempts: 1, payload: { i } }));
      for (const job of created) await waitForJob(base, job.id, 'the job dying', finished);
      const reply = await request(base, 'GET', '/jobs?status=dead&limit=200');
      const body = expectJson(reply, 200);
      assert.ok(Array.isArray(body.jobs), `{"jobs": [...]}: ${reply.describe}`);
      const listed = body.jobs as Job[];
      assert.ok(listed.every((job) => job.status === 'dead'), 'only dead jobs');
      const ids = listed.map((job) => String(job.id));
      const positions = created.map((job) => ids.indexOf(String(job.id)));
      assert.ok(positions.every((p) => p >= 0), 'our dead jobs are listed');
      assert.ok(positions[2]! < positions[1]! && positions[1]! < positions[0]!, `newest first: positions ${positions.join(', ')}`);
      const createdTimes = listed.map((job) => Date.parse(job.createdAt as string));
      for (let i = 1; i < createdTimes.length; i++) assert.ok(createdTimes[i - 1]! >= createdTimes[i]!, 'createdAt never rises down the list');
      const two = expectJson(await request(base, 'GET', '/jobs?status=dead&limit=2'), 200);
      assert.equal((two.jobs as Job[]).length, 2);
      const succeeded = expectJson(await request(base, 'GET', '/jobs?status=succeeded&limit=5'), 200);
      assert.ok((succeeded.jobs as Job[]).every((job) => job.status === 'succeeded'));
      for (const query of ['?status=bogus', '?status=dead&limit=0', '?status=dead&limit=201', '?status=dead&limit=abc', '?status=dead&limit=-5', '?status=DEAD']) {
        expectError(await request(base, 'GET', `/jobs${query}`), 400, 'validation_error');
      }
    },
  },
  {
    name: 'GET /stats has the five counts as integers',
    async run(deployment) {
      const base = web(deployment);
      const counts = await stats(base);
      assert.deepEqual(Object.keys(counts).filter((key) => STATUSES.includes(key)).sort(), [...STATUSES].sort());
      const job = await enqueue(base, { type: 'echo', payload: {} });
      await waitForJob(base, job.id, 'the echo succeeding', finished);
      assert.ok(((await stats(base)).succeeded ?? 0) >= 1);
    },
  },
  {
    name: 'Idle workers pick up a new job within about a second (wake-up, not a slow poll)',
    async run(deployment) {
      const base = web(deployment);
      await settle(base);
      const latencies: number[] = [];
      for (let i = 0; i < 5; i++) {
        await sleep(300); // idle again
        const started = Date.now();
        const job = await enqueue(base, { type: 'echo', payload: { wake: i } });
        await waitForJob(base, job.id, 'the echo succeeding', (j) => j.status === 'succeeded', 10_000);
        latencies.push(Date.now() - started);
      }
      latencies.sort((x, y) => x - y);
      const median = latencies[2]!;
      assert.ok(median < 1000, `median enqueue-to-succeeded ${median} ms (the spec asks for a pick-up within 100 ms); all: ${latencies.join(', ')} ms`);
    },
  },
  {
    name: 'A worker killed with SIGKILL loses no job: its jobs run again after the lease expires',
    async run(deployment) {
      const base = web(deployment);
      const [victim] = workers(deployment);
      assert.ok(victim, 'a worker process');
      await settle(base);
      const jobs = await Promise.all(Array.from({ length: 8 }, () => enqueue(base, { type: 'sleep', payload: { ms: 2000 } })));
      try {
        // Two workers with four slots each: all eight run at once, four on each worker.
        await eventually('all eight sleep jobs running', 10_000, async () => {
          const seen = await Promise.all(jobs.map((job) => getJob(base, job.id)));
          return seen.every((job) => job.status === 'running') ? true : undefined;
        });
        await victim.stop('SIGKILL');
        const done = await Promise.all(jobs.map((job) => waitForJob(base, job.id, 'every sleep job succeeding', finished, 30_000)));
        for (const job of done) assert.equal(job.status, 'succeeded', JSON.stringify(job));
        assert.ok(
          done.some((job) => job.attempts >= 2),
          `the killed worker's jobs ran again (attempts: ${done.map((job) => job.attempts).join(', ')})`,
        );
      } finally {
        if (!victim.running()) await victim.start();
      }
    },
  },
  {
    name: 'SIGTERM to a worker running a job: the job finishes and the worker exits 0',
    async run(deployment) {
      const base = web(deployment);
      const [stopping] = workers(deployment);
      assert.ok(stopping, 'a worker process');
      await settle(base);
      const jobs = await Promise.all(Array.from({ length: 8 }, () => enqueue(base, { type: 'sleep', payload: { ms: 1000 } })));
      try {
        await eventually('all eight sleep jobs running', 10_000, async () => {
          const seen = await Promise.all(jobs.map((job) => getJob(base, job.id)));
          return seen.every((job) => job.status === 'running') ? true : undefined;
        });
        const exit = await stopping.stop('SIGTERM');
        assert.equal(exit, 0, 'the worker exits 0');
        const done = await Promise.all(jobs.map((job) => waitForJob(base, job.id, 'every sleep job succeeding', finished, 10_000)));
        for (const job of done) {
          assert.equal(job.status, 'succeeded');
          assert.equal(job.attempts, 1, 'finished by the worker that started it, not re-run after a lease');
        }
      } finally {
        if (!stopping.running()) await stopping.start();
      }
    },
  },
  {
    name: 'GET /health, /openapi.json (every call) and /docs; unknown routes are 404 with the error shape',
    async run(deployment) {
      const base = web(deployment);
      const health = expectJson(await request(base, 'GET', '/health'), 200);
      assert.equal(health.status, 'ok');
      const doc = expectJson(await request(base, 'GET', '/openapi.json'), 200);
      assert.match(String(doc.openapi), /^3\.\d+\.\d+$/);
      assert.ok(isObject(doc.paths));
      const expected: Record<string, string[]> = { '/jobs': ['post', 'get'], '/jobs/{id}': ['get'], '/jobs/{id}/retry': ['post'], '/stats': ['get'] };
      for (const [path, methods] of Object.entries(expected)) {
        const item = doc.paths[path];
        assert.ok(isObject(item), `paths lists ${path} (has ${Object.keys(doc.paths).join(', ')})`);
        for (const method of methods) assert.ok(isObject(item[method]), `${method.toUpperCase()} ${path} is documented`);
      }
      const docs = await request(base, 'GET', '/docs', { redirect: 'follow' });
      expectStatus(docs, 200);
      assert.match(docs.headers.get('content-type') ?? '', /^text\/html/i);
      expectError(await request(base, 'GET', '/no/such/route'), 404, 'not_found');
    },
  },
];

/** The spec names no code for a 409; any snake_case code of the error shape is fine. */
async function conflictCode(baseUrl: string, id: Job['id']): Promise<string> {
  const reply = await request(baseUrl, 'POST', `/jobs/${id}/retry`);
  const body = expectJson(reply, 409);
  const code = isObject(body.error) ? String(body.error.code) : '';
  assert.match(code, /^[a-z][a-z0-9_]*$/, `snake_case code on 409: ${reply.describe}`);
  return code;
}

export { cases };
