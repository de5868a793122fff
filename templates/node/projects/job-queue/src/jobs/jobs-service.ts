import { AppError, notFound } from '../errors.js';
import type { JobRecord, JobsRepository } from './jobs-repository.js';
import {
  MAX_PAYLOAD_BYTES,
  type Job,
  type JobInput,
  type JobList,
  type JobStats,
  type ListQuery,
} from './schemas.js';
import type { WakeUpPublisher } from './wake-ups.js';

const MAX_BIGINT = 9_223_372_036_854_775_807n;

/** A path id that could be a job id: a positive whole number that fits a Postgres bigint. */
export const isJobId = (id: string): boolean =>
  /^[1-9]\d{0,18}$/.test(id) && BigInt(id) <= MAX_BIGINT;

const toJob = (record: JobRecord): Job => ({
  id: record.id,
  type: record.type,
  status: record.status,
  attempts: record.attempts,
  maxAttempts: record.maxAttempts,
  runAt: record.runAt.toISOString(),
  createdAt: record.createdAt.toISOString(),
  updatedAt: record.updatedAt.toISOString(),
  finishedAt: record.finishedAt?.toISOString() ?? null,
  payload: record.payload,
  result: record.result,
  lastError: record.lastError,
});

const jobNotFound = () => notFound('No job has this id');

/**
 * The use cases of the jobs API. Takes validated plain values, returns plain
 * response bodies, and throws AppError for expected failures: the HTTP layer
 * stays a thin translation. Running jobs is the worker's part (worker-loop.ts).
 */
export class JobsService {
  constructor(
    private readonly jobs: JobsRepository,
    private readonly wakeUp: WakeUpPublisher,
  ) {}

  /** Returns the job and whether it is new (201) or an idempotent repeat (200). */
  async enqueue(input: JobInput): Promise<{ job: Job; created: boolean }> {
    const payload = input.payload ?? null;
    if (Buffer.byteLength(JSON.stringify(payload)) > MAX_PAYLOAD_BYTES) {
      throw new AppError('payload_too_large', 'The payload is larger than 1 MiB');
    }
    const { job, created } = await this.jobs.insert({
      type: input.type,
      payload,
      runAt: input.runAt === undefined ? undefined : new Date(input.runAt),
      maxAttempts: input.maxAttempts,
      idempotencyKey: input.idempotencyKey,
    });
    // After the insert committed, so a worker that wakes up finds the row.
    if (created) this.wakeUp(job.id);
    return { job: toJob(job), created };
  }

  async get(id: string): Promise<Job> {
    const record = isJobId(id) ? await this.jobs.find(id) : undefined;
    if (!record) throw jobNotFound();
    return toJob(record);
  }

  async list(query: ListQuery): Promise<JobList> {
    const records = await this.jobs.list(query);
    return { jobs: records.map(toJob) };
  }

  /** Requeues a dead job with its attempts reset; 409 conflict for any other job. */
  async retry(id: string): Promise<Job> {
    if (!isJobId(id)) throw jobNotFound();
    const requeued = await this.jobs.requeueDead(id);
    if (requeued) {
      this.wakeUp(requeued.id);
      return toJob(requeued);
    }
    const existing = await this.jobs.find(id);
    if (!existing) throw jobNotFound();
    throw new AppError(
      'conflict',
      `Only a dead job can be retried; this one is ${existing.status}`,
    );
  }

  stats(): Promise<JobStats> {
    return this.jobs.countByStatus();
  }
}
