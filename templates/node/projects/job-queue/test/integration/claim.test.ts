import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool } from '../../src/db/pool.js';
import { JobsRepository, type JobRecord } from '../../src/jobs/jobs-repository.js';
import { silentLogger } from '../support/config.js';
import { createTestQueue, type TestQueue } from '../support/queue.js';

const LEASE_MS = 30_000;

describe('claiming jobs (FOR UPDATE SKIP LOCKED under a lease)', () => {
  let queue: TestQueue;

  beforeAll(async () => {
    queue = await createTestQueue();
  });
  afterAll(() => queue.close());

  async function enqueue(count: number, runAt?: Date): Promise<number[]> {
    const ids: number[] = [];
    for (let i = 0; i < count; i++) {
      const { job } = await queue.repository.insert({
        type: 'echo',
        payload: { i },
        maxAttempts: 5,
        runAt,
      });
      ids.push(job.id);
    }
    return ids;
  }

  /** Claims until the queue has nothing due; returns every job claimed. */
  async function drain(repository: JobsRepository, token: string, limit: number) {
    const claimed: JobRecord[] = [];
    for (;;) {
      const batch = await repository.claim(token, limit, LEASE_MS);
      if (batch.length === 0) return claimed;
      claimed.push(...batch);
    }
  }

  /** Moves a job's lease into the past, as if its worker had died long ago. */
  const expireLease = (id: number) =>
    queue.pool.query(`UPDATE jobs SET locked_until = now() - interval '1 second' WHERE id = $1`, [
      id,
    ]);

  it('claims several jobs in one statement, oldest first, up to the limit', async () => {
    const ids = await enqueue(5);
    const first = await queue.repository.claim('claimer-a:1', 3, LEASE_MS);
    expect(first.map((job) => job.id)).toEqual(ids.slice(0, 3));
    for (const job of first) {
      expect(job).toMatchObject({ status: 'running', attempts: 1, lockedBy: 'claimer-a:1' });
      expect(job.lockedUntil!.getTime()).toBeGreaterThan(Date.now() + LEASE_MS - 5_000);
    }
    const second = await queue.repository.claim('claimer-a:2', 3, LEASE_MS);
    expect(second.map((job) => job.id)).toEqual(ids.slice(3));
    expect(await queue.repository.claim('claimer-a:3', 3, LEASE_MS)).toEqual([]);
  });

  it('never gives the same job to two concurrent claimers', async () => {
    const ids = await enqueue(300);
    // Two claimers on their own connections, as two worker processes would be.
    const otherPool = createPool(queue.databaseUrl, silentLogger, { max: 4 });
    try {
      const [a, b] = await Promise.all([
        drain(queue.repository, 'claimer-b', 7),
        drain(new JobsRepository(otherPool), 'claimer-c', 7),
      ]);
      const claimed = [...a, ...b].map((job) => job.id);
      expect(new Set(claimed).size).toBe(claimed.length);
      expect(claimed.sort((x, y) => x - y)).toEqual(ids);
      expect(a.length).toBeGreaterThan(0);
      expect(b.length).toBeGreaterThan(0);
    } finally {
      await otherPool.end();
    }
  });

  it('leaves a job whose runAt is in the future until it is due', async () => {
    const [id] = await enqueue(1, new Date(Date.now() + 60_000));
    expect(await queue.repository.claim('claimer-d', 10, LEASE_MS)).toEqual([]);
    const untilDue = await queue.repository.msUntilNextDue();
    expect(untilDue).toBeGreaterThan(55_000);
    expect(untilDue).toBeLessThanOrEqual(60_000);

    await queue.pool.query(`UPDATE jobs SET run_at = now() WHERE id = $1`, [id]);
    const claimed = await queue.repository.claim('claimer-d', 10, LEASE_MS);
    expect(claimed.map((job) => job.id)).toEqual([id]);
  });

  it('claims a job again once its lease has expired (its worker died)', async () => {
    const [id] = await enqueue(1);
    const [first] = await queue.repository.claim('dead-worker:1', 1, LEASE_MS);
    expect(await queue.repository.claim('live-worker:1', 1, LEASE_MS)).toEqual([]);

    await expireLease(id);
    const [again] = await queue.repository.claim('live-worker:2', 1, LEASE_MS);
    expect(again).toMatchObject({ id: first.id, attempts: 2, lockedBy: 'live-worker:2' });
  });

  it('takes a job whose worker died before the jobs waiting in line', async () => {
    const [orphan] = await enqueue(1);
    await queue.repository.claim('dead-worker:2', 1, LEASE_MS);
    await enqueue(2);
    await expireLease(orphan);
    const [first] = await queue.repository.claim('live-worker:3', 1, LEASE_MS);
    expect(first).toMatchObject({ id: orphan, attempts: 2 });
    expect(await queue.repository.claim('live-worker:4', 10, LEASE_MS)).toHaveLength(2);
  });

  it('lets only the lease holder record an outcome', async () => {
    const [id] = await enqueue(1);
    await queue.repository.claim('stale:1', 1, LEASE_MS);
    await expireLease(id);
    await queue.repository.claim('fresh:1', 1, LEASE_MS);

    const stale = { id, token: 'stale:1' };
    expect(await queue.repository.complete(stale, { from: 'stale' })).toBe(false);
    expect(await queue.repository.scheduleRetry(stale, 'stale failure', 1_000)).toBe(false);
    expect(await queue.repository.markDead(stale, 'stale failure')).toBe(false);
    expect(await queue.repository.extendLeases([stale], LEASE_MS)).toEqual(new Set());
    expect(await queue.repository.find(String(id))).toMatchObject({
      status: 'running',
      lockedBy: 'fresh:1',
      lastError: null,
    });

    expect(await queue.repository.complete({ id, token: 'fresh:1' }, { from: 'fresh' })).toBe(true);
    expect(await queue.repository.find(String(id))).toMatchObject({
      status: 'succeeded',
      result: { from: 'fresh' },
      lockedBy: null,
      lockedUntil: null,
    });
    // A finished job is nobody's lease any more.
    expect(await queue.repository.complete({ id, token: 'fresh:1' }, null)).toBe(false);
  });

  it('extends the leases a worker holds, in one statement', async () => {
    const ids = await enqueue(2);
    const claimed = await queue.repository.claim('holder:1', 2, 1_000);
    const leases = claimed.map((job) => ({ id: job.id, token: 'holder:1' }));
    const extended = await queue.repository.extendLeases(leases, LEASE_MS);
    expect(extended).toEqual(new Set(ids));
    const { rows } = await queue.pool.query<{ left_ms: number }>(
      `SELECT extract(epoch FROM locked_until - now()) * 1000 AS left_ms FROM jobs WHERE id = ANY($1)`,
      [ids],
    );
    for (const row of rows) expect(Number(row.left_ms)).toBeGreaterThan(LEASE_MS - 5_000);
  });
});
