import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobRecord } from '../../src/jobs/jobs-repository.js';
import { CLOSED_REDIS_URL } from '../support/config.js';
import { createTestQueue, type TestQueue } from '../support/queue.js';
import { waitFor } from '../support/wait.js';

// Each test gets its own jobs table: every job a worker here sees is the test's own.
let queue: TestQueue;
beforeEach(async () => {
  queue = await createTestQueue();
});
afterEach(() => queue.close());

const job = async (id: number): Promise<JobRecord> => (await queue.repository.find(String(id)))!;

const statusOf = async (id: number, status: JobRecord['status']) => {
  const record = await job(id);
  return record.status === status && record;
};

const insert = async (type: string, payload: unknown, extra: { maxAttempts?: number } = {}) =>
  (await queue.repository.insert({ type, payload, maxAttempts: extra.maxAttempts ?? 5 })).job;

describe('the worker', () => {
  it('runs a job and stores its result', async () => {
    await queue.startWorker();
    const service = await queue.service();
    const { job: created } = await service.enqueue({
      type: 'echo',
      payload: { hello: 'queue' },
      maxAttempts: 5,
    });
    const done = await waitFor('the echo job to succeed', () => statusOf(created.id, 'succeeded'));
    expect(done).toMatchObject({ attempts: 1, result: { hello: 'queue' }, lastError: null });
    expect(done.finishedAt).toBeInstanceOf(Date);
  });

  it('runs as many jobs at once as it has slots, never more', async () => {
    for (let i = 0; i < 24; i++) await insert('sleep', { ms: 200 });
    await queue.startWorker({ concurrency: 4 });
    let mostRunning = 0;
    await waitFor(
      'every job to succeed',
      async () => {
        const counts = await queue.repository.countByStatus();
        mostRunning = Math.max(mostRunning, counts.running);
        return counts.succeeded === 24;
      },
      { intervalMs: 10 },
    );
    // One claim fills the four free slots at once; a fifth job waits for a slot.
    expect(mostRunning).toBe(4);
  });

  it('retries a failing job with backoff, then marks it dead keeping the last error', async () => {
    await queue.startWorker({ retryBaseMs: 50 });
    const { id } = await insert('fail', null, { maxAttempts: 3 });
    const dead = await waitFor('the job to die', () => statusOf(id, 'dead'));
    expect(dead).toMatchObject({
      attempts: 3,
      lastError: 'the fail job type always fails',
      lockedBy: null,
    });
    expect(dead.finishedAt).toBeInstanceOf(Date);
    // Waits of 50 and 100 ms (plus jitter) separate the three attempts.
    expect(dead.finishedAt!.getTime() - dead.createdAt.getTime()).toBeGreaterThanOrEqual(150);
  });

  it('keeps a job "failed" with its next run at the backoff while a retry waits', async () => {
    await queue.startWorker({ retryBaseMs: 60_000 });
    const { id } = await insert('flaky', { failTimes: 1 });
    const failed = await waitFor('the first attempt to fail', () => statusOf(id, 'failed'));
    expect(failed).toMatchObject({ attempts: 1, lastError: 'flaky failure 1 of 1' });
    const waitMs = failed.runAt.getTime() - failed.updatedAt.getTime();
    expect(waitMs).toBeGreaterThanOrEqual(60_000 - 5);
    expect(waitMs).toBeLessThanOrEqual(75_000 + 5);
  });

  it('succeeds a flaky job on the attempt after its failures', async () => {
    await queue.startWorker({ retryBaseMs: 10 });
    const { id } = await insert('flaky', { failTimes: 2 });
    const done = await waitFor('the flaky job to succeed', () => statusOf(id, 'succeeded'));
    expect(done).toMatchObject({ attempts: 3, result: { succeededOnAttempt: 3 } });
  });

  it('fails a job of a type it has no handler for', async () => {
    await queue.startWorker();
    const { id } = await insert('no-such-type', null, { maxAttempts: 1 });
    const dead = await waitFor('the job to die', () => statusOf(id, 'dead'));
    expect(dead.lastError).toBe('no handler for job type "no-such-type"');
  });

  it('waits for runAt, then runs the job on time without polling', async () => {
    // A poll a minute apart: only the sleep until the next due job can start it on time.
    await queue.startWorker({ pollIntervalMs: 60_000 });
    const service = await queue.service();
    const runAt = new Date(Date.now() + 1_500);
    const { job: created } = await service.enqueue({
      type: 'echo',
      payload: 'later',
      runAt: runAt.toISOString(),
      maxAttempts: 5,
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const early = await job(created.id);
    // Postgres and this test read the same clock: before runAt the job cannot have started.
    if (Date.now() < runAt.getTime()) expect(early.status).toBe('queued');
    const done = await waitFor('the delayed job to succeed', () =>
      statusOf(created.id, 'succeeded'),
    );
    expect(done.finishedAt!.getTime()).toBeGreaterThanOrEqual(runAt.getTime());
    // Far sooner than the next poll, a minute away: the worker slept until runAt.
    expect(done.finishedAt!.getTime() - runAt.getTime()).toBeLessThan(5_000);
  });

  it('picks a new job up within milliseconds of the wake-up over Redis', async () => {
    const { wakeUps } = await queue.startWorker({ pollIntervalMs: 60_000 });
    await wakeUps.subscribed;
    const service = await queue.service();
    // Let the worker claim nothing and fall asleep: only a wake-up can start the job soon.
    await new Promise((resolve) => setTimeout(resolve, 300));

    const { job: created } = await service.enqueue({ type: 'echo', payload: null, maxAttempts: 5 });
    const done = await waitFor('the job to succeed', () => statusOf(created.id, 'succeeded'));
    // From the insert to the recorded result, both on the database's clock.
    expect(done.finishedAt!.getTime() - done.createdAt.getTime()).toBeLessThan(1_000);
  });

  it('still runs every job by slow polling while Redis is down', async () => {
    await queue.startWorker({ pollIntervalMs: 300, redisUrl: CLOSED_REDIS_URL });
    // The API side cannot publish the wake-up either; the enqueue still succeeds.
    const service = await queue.service(CLOSED_REDIS_URL);
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      const { job: created } = await service.enqueue({ type: 'echo', payload: i, maxAttempts: 5 });
      ids.push(created.id);
    }
    for (const id of ids) {
      await waitFor('the job to succeed', () => statusOf(id, 'succeeded'), { timeoutMs: 5_000 });
    }
  });

  it('renews the lease while a long job runs, so no other worker claims it', async () => {
    await queue.startWorker({ leaseMs: 2_000 });
    const { id } = await insert('sleep', { ms: 4_000 });
    await waitFor('the job to start', () => statusOf(id, 'running'));
    // Past the first lease: another claimer finds nothing, the heartbeat kept the job.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await queue.repository.claim('intruder:1', 10, 2_000)).toEqual([]);
    const done = await waitFor('the job to succeed', () => statusOf(id, 'succeeded'));
    expect(done.attempts).toBe(1);
  });

  it('finishes its running jobs on stop, and claims nothing new', async () => {
    const { worker } = await queue.startWorker();
    const { id } = await insert('sleep', { ms: 500 });
    await waitFor('the job to start', () => statusOf(id, 'running'));

    const stopped = worker.stop(10_000);
    const { id: lateId } = await insert('echo', 'too late');
    expect(await stopped).toEqual({ abandoned: 0 });
    expect((await job(id)).status).toBe('succeeded');
    expect((await job(lateId)).status).toBe('queued');
  });

  it('leaves a job it could not finish to lease expiry; another worker runs it again', async () => {
    // Leases of 2 s: long enough that a busy machine still renews them in time.
    const first = await queue.startWorker({ leaseMs: 2_000 });
    const { id } = await insert('sleep', { ms: 1_500 });
    const running = await waitFor('the job to start', () => statusOf(id, 'running'));

    // The grace period ends before the job does: it is abandoned, not marked anything.
    expect(await first.worker.stop(100)).toEqual({ abandoned: 1 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await job(id)).toMatchObject({ status: 'running', lockedBy: running.lockedBy });

    // Like a worker killed with SIGKILL: once the lease expires, the next worker takes over.
    await queue.startWorker({ leaseMs: 2_000, pollIntervalMs: 200 });
    const done = await waitFor('the job to succeed', () => statusOf(id, 'succeeded'));
    expect(done.attempts).toBe(2);
  });

  it('marks a job dead when its last allowed attempt was lost with its worker', async () => {
    const first = await queue.startWorker({ leaseMs: 1_000 });
    const { id } = await insert('sleep', { ms: 5_000 }, { maxAttempts: 1 });
    await waitFor('the job to start', () => statusOf(id, 'running'));
    await first.worker.stop(0);

    await queue.startWorker({ leaseMs: 1_000, pollIntervalMs: 200 });
    const dead = await waitFor('the job to die', () => statusOf(id, 'dead'));
    expect(dead).toMatchObject({
      attempts: 2,
      lastError: 'the worker running the last attempt stopped without a result',
    });
  });
});
