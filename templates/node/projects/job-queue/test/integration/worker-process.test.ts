import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import type { JobRecord } from '../../src/jobs/jobs-repository.js';
import { createTestQueue, type TestQueue } from '../support/queue.js';
import { waitFor } from '../support/wait.js';

/** Runs src/worker.ts in its own process (as `npm run dev:worker` does), with `env` only. */
function startWorkerProcess(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/worker.ts'], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  const exitCode = once(child, 'exit').then(([code]) => code as number | null);
  const logs = () =>
    output.stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { child, output, exitCode, logs };
}

describe('the worker process', () => {
  let queue: TestQueue;
  let env: Record<string, string>;

  // A jobs table per test: a worker started here sees only the jobs of its own test.
  beforeEach(async () => {
    queue = await createTestQueue();
    env = {
      DATABASE_URL: queue.databaseUrl,
      REDIS_URL: inject('redisUrl'),
      LOG_LEVEL: 'info',
      // Short enough that the SIGKILL test waits little, long enough for a busy machine's heartbeat.
      JOB_LEASE_MS: '2000',
    };
  });
  afterEach(() => queue.close());

  const statusOf = async (id: number, status: JobRecord['status']) => {
    const record = await queue.repository.find(String(id));
    return record?.status === status && record;
  };

  const enqueueSleep = async (ms: number) => {
    const service = await queue.service();
    return (await service.enqueue({ type: 'sleep', payload: { ms }, maxAttempts: 5 })).job.id;
  };

  it('exits 1 with one line naming the bad variables', async () => {
    const worker = startWorkerProcess({ ...env, WORKER_CONCURRENCY: '0', DATABASE_URL: '' });
    expect(await worker.exitCode).toBe(1);
    const lines = worker.output.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^Invalid configuration: DATABASE_URL is required; WORKER_CONCURRENCY must be/,
    );
  });

  it('on SIGTERM finishes the running job, logs JSON and exits 0', async () => {
    const worker = startWorkerProcess(env);
    try {
      await waitFor('the worker to start', () =>
        worker.output.stdout.includes('"msg":"worker started"'),
      );
      const id = await enqueueSleep(1_000);
      await waitFor('the job to start', () => statusOf(id, 'running'));

      worker.child.kill('SIGTERM');
      expect(await worker.exitCode).toBe(0);
      expect(await queue.repository.find(String(id))).toMatchObject({
        status: 'succeeded',
        attempts: 1,
      });
      const messages = worker.logs().map((log) => log.msg);
      expect(messages).toEqual(
        expect.arrayContaining([
          'shutting down: finishing running jobs',
          'job succeeded',
          'worker stopped',
        ]),
      );
    } finally {
      worker.child.kill('SIGKILL');
    }
  });

  it('takes two signals at once (a wrapper passing one on) as one: the job still finishes', async () => {
    const worker = startWorkerProcess(env);
    try {
      const id = await enqueueSleep(1_000);
      await waitFor('the job to start', () => statusOf(id, 'running'));
      worker.child.kill('SIGINT');
      worker.child.kill('SIGINT');
      expect(await worker.exitCode).toBe(0);
      expect(await queue.repository.find(String(id))).toMatchObject({ status: 'succeeded' });
    } finally {
      worker.child.kill('SIGKILL');
    }
  });

  it('on a second SIGTERM stops at once and leaves the job to lease expiry', async () => {
    const worker = startWorkerProcess(env);
    try {
      const id = await enqueueSleep(10_000);
      const running = await waitFor('the job to start', () => statusOf(id, 'running'));

      worker.child.kill('SIGTERM');
      await waitFor('the shutdown to begin', () => worker.output.stdout.includes('shutting down'));
      // A second signal within a second would count as the same one (see src/worker.ts).
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      worker.child.kill('SIGTERM');
      expect(await worker.exitCode).toBe(0);
      // Not marked done nor failed: still the dead worker's until the lease runs out.
      expect(await queue.repository.find(String(id))).toMatchObject({
        status: 'running',
        lockedBy: running.lockedBy,
        attempts: 1,
      });
    } finally {
      worker.child.kill('SIGKILL');
    }
  });

  it('loses no job when killed with SIGKILL: the next worker runs it after the lease', async () => {
    const doomed = startWorkerProcess(env);
    const id = await enqueueSleep(1_000);
    await waitFor('the job to start', () => statusOf(id, 'running'));
    doomed.child.kill('SIGKILL');
    await doomed.exitCode;

    const next = startWorkerProcess(env);
    try {
      const done = await waitFor('the job to succeed', () => statusOf(id, 'succeeded'), {
        timeoutMs: 20_000,
      });
      expect(done.attempts).toBe(2);
    } finally {
      next.child.kill('SIGTERM');
      await next.exitCode;
    }
  });
});
