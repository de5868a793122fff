import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { migrate } from '../../src/db/migrate.js';
import { createPool, type Pool } from '../../src/db/pool.js';
import { JobsRepository } from '../../src/jobs/jobs-repository.js';
import { JobsService } from '../../src/jobs/jobs-service.js';
import {
  subscribeToWakeUps,
  wakeUpPublisher,
  type WakeUpSubscription,
} from '../../src/jobs/wake-ups.js';
import { Worker, workerOptions, type WorkerOptions } from '../../src/jobs/worker-loop.js';
import { closeRedis, createRedis, waitForRedis, type Redis } from '../../src/redis.js';
import { silentLogger, testConfig } from './config.js';

/**
 * A jobs table of the test's own: a fresh Postgres schema with the migrations
 * applied, reached through a database URL whose search_path points at it.
 * A worker claims every due job of its table, so each test file gets its own
 * table: its workers run only its own jobs (never another test's, nor those of
 * a development database the tests may share), and counts are exact.
 */
export interface TestQueue {
  /** DATABASE_URL for this queue's schema: give it to a server or worker process. */
  databaseUrl: string;
  pool: Pool;
  repository: JobsRepository;
  /** Enqueues as the API does (insert, then a wake-up on `redisUrl`), once Redis answered. */
  service(redisUrl?: string): Promise<JobsService>;
  /** A worker on this queue, woken over `redisUrl` (default: the test Redis); closed by close(). */
  startWorker(options?: Partial<WorkerOptions> & { redisUrl?: string }): Promise<TestWorker>;
  /** Stops the workers, closes the connections and drops the schema. */
  close(): Promise<void>;
}

export interface TestWorker {
  worker: Worker;
  wakeUps: WakeUpSubscription;
}

export async function createTestQueue(): Promise<TestQueue> {
  const schema = `jobs_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: inject('databaseUrl') });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);

  const url = new URL(inject('databaseUrl'));
  url.searchParams.set('options', `-c search_path=${schema}`);
  const databaseUrl = url.toString();
  await migrate(databaseUrl);

  const pool = createPool(databaseUrl, silentLogger, { max: 20 });
  const repository = new JobsRepository(pool);
  const redisClients: Redis[] = [];
  const workers: TestWorker[] = [];

  return {
    databaseUrl,
    pool,
    repository,
    async service(redisUrl = inject('redisUrl')) {
      const redis = createRedis(redisUrl, silentLogger);
      redisClients.push(redis);
      await waitForRedis(redis);
      return new JobsService(repository, wakeUpPublisher(redis, silentLogger));
    },
    async startWorker({ redisUrl = inject('redisUrl'), ...options } = {}) {
      // The options src/worker.ts would take from the test config, then the test's own.
      const worker = new Worker(repository, silentLogger, {
        ...workerOptions(testConfig()),
        ...options,
      });
      const wakeUps = subscribeToWakeUps(redisUrl, silentLogger, () => worker.wake());
      const started = { worker, wakeUps };
      workers.push(started);
      worker.start();
      return started;
    },
    async close() {
      for (const { worker, wakeUps } of workers) {
        await worker.stop(0);
        await wakeUps.close();
      }
      await Promise.all(redisClients.map((redis) => closeRedis(redis)));
      await pool.end();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    },
  };
}
