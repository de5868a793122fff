/**
 * The three kinds of queue the benchmark drives: a generated project (its API and its worker command),
 * graphile-worker on the same Postgres and BullMQ on the same Redis. Each is observed where it keeps its
 * jobs (a row in Postgres, a sorted set in Redis), never through a worker's own output.
 */
import { Queue, type Job } from 'bullmq';
import { makeWorkerUtils } from 'graphile-worker';
import { Redis } from 'ioredis';
import path from 'node:path';
import pg from 'pg';
import { startProcess } from '../templates/processes.js';
import type { QueueUnderTest } from './measure.js';

const baselines = path.join(import.meta.dirname, 'baselines');
const root = path.resolve(import.meta.dirname, '../..');

export interface Closable extends QueueUnderTest {
  close(): Promise<void>;
}

async function connect(databaseUrl: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  return client;
}

/** A generated project: jobs go in through `POST /jobs`; its `jobs` table says which succeeded. */
export async function generatedProject(options: {
  apiUrl: string;
  databaseUrl: string;
  workerCommand: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
}): Promise<Closable> {
  const db = await connect(options.databaseUrl);
  return {
    async enqueue(n) {
      const response = await fetch(`${options.apiUrl}/jobs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'echo', payload: { n } }),
      });
      const body = (await response.json()) as { id?: string | number };
      if (response.status !== 201 || body.id === undefined) throw new Error(`POST /jobs answered ${response.status} ${JSON.stringify(body)}`);
      return String(body.id);
    },
    async unfinished() {
      const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM jobs WHERE status <> 'succeeded'`);
      return rows[0]!.n;
    },
    async succeeded(id) {
      const { rows } = await db.query<{ status: string }>('SELECT status FROM jobs WHERE id = $1', [id]);
      return rows[0]?.status === 'succeeded';
    },
    startWorkers: () => [0, 1].map(() => startProcess(options.workerCommand, { cwd: options.cwd, env: options.env })),
    close: () => db.end(),
  };
}

/** graphile-worker 0.18: `addJob` from this process; a job's row is deleted when it succeeds. */
export async function graphileWorker(databaseUrl: string, env: NodeJS.ProcessEnv): Promise<Closable> {
  const utils = await makeWorkerUtils({ connectionString: databaseUrl });
  await utils.migrate(); // the schema exists before any job is added or runner started
  const db = await connect(databaseUrl);
  const script = path.join(baselines, 'graphile-worker.mjs');
  return {
    enqueue: async (n) => (await utils.addJob('noop', { n })).id,
    async unfinished() {
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM graphile_worker._private_jobs');
      return rows[0]!.n;
    },
    async succeeded(id) {
      const { rowCount } = await db.query('SELECT 1 FROM graphile_worker._private_jobs WHERE id = $1', [id]);
      return rowCount === 0;
    },
    startWorkers: () => [0, 1].map(() => startProcess(`"${process.execPath}" "${script}"`, { cwd: root, env: { ...env, DATABASE_URL: databaseUrl } })),
    async close() {
      await utils.release();
      await db.end();
    },
  };
}

/** BullMQ 6.7: `Queue.add` from this process; a job that succeeded is in the queue's completed set. */
export async function bullmq(redisUrl: string, env: NodeJS.ProcessEnv): Promise<Closable> {
  const name = 'bench';
  // Under ESM, BullMQ takes a client instance rather than connection options.
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(name, { connection });
  const added = new Map<string, Job>();
  const script = path.join(baselines, 'bullmq-worker.mjs');
  return {
    async enqueue(n) {
      const job = await queue.add('noop', { n });
      added.set(job.id!, job);
      return job.id!;
    },
    unfinished: () => queue.getJobCountByTypes('wait', 'prioritized', 'delayed', 'active', 'waiting-children', 'failed'),
    succeeded: (id) => added.get(id)!.isCompleted(), // one ZSCORE on the completed set
    startWorkers: () =>
      [0, 1].map(() => startProcess(`"${process.execPath}" "${script}"`, { cwd: root, env: { ...env, REDIS_URL: redisUrl, BULLMQ_QUEUE: name } })),
    async close() {
      await queue.close();
      connection.disconnect();
    },
  };
}
