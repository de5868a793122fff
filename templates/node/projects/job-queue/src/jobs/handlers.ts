import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { Logger } from '../logger.js';

/** What a handler knows about the attempt it runs. */
export interface JobContext {
  id: number;
  /** 1 on the first run, 2 on the first retry, ... */
  attempt: number;
  /**
   * Aborted when this worker gives the job up (its lease was taken over, or a
   * shutdown ran out of time): stop early, the outcome will not be recorded.
   */
  signal: AbortSignal;
  logger: Logger;
}

/**
 * Runs one attempt of a job. Whatever it returns (JSON) becomes the job's
 * `result`; if it throws, the attempt failed and the error message becomes
 * `lastError`. A job can run more than once (a retry, or a worker that died
 * after finishing the work but before recording it), so a handler must be
 * idempotent: running it twice must do no more harm than running it once.
 */
export type JobHandler = (payload: unknown, context: JobContext) => unknown;

/** Validates a payload; a bad one fails the attempt with a message naming the field. */
function parsePayload<S extends z.ZodType>(schema: S, payload: unknown): z.output<S> {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) =>
      [['payload', ...issue.path].join('.'), issue.message].join(': '),
    );
    throw new Error(`invalid payload: ${problems.join('; ')}`);
  }
  return parsed.data;
}

const SleepPayload = z.object({ ms: z.number().int().min(0).max(600_000) });
const FlakyPayload = z.object({ failTimes: z.number().int().min(0).max(100) });

/**
 * Every job type this service knows, by name. To add one, add an entry here:
 * POST /jobs accepts its name from then on, the OpenAPI document lists it, and
 * workers run it. The four below exist for learning and for the tests.
 */
export const handlers = {
  /** Returns its payload as the result. */
  echo: (payload) => payload,

  /** Waits `{"ms": n}` milliseconds (0 to 600000), then succeeds. */
  sleep: async (payload, { signal }) => {
    const { ms } = parsePayload(SleepPayload, payload);
    await sleep(ms, undefined, { signal });
    return { sleptMs: ms };
  },

  /** Always fails: watch it retry with backoff, then land in the dead letters. */
  fail: () => {
    throw new Error('the fail job type always fails');
  },

  /** Fails its first `{"failTimes": n}` attempts, then succeeds. */
  flaky: (payload, { attempt }) => {
    const { failTimes } = parsePayload(FlakyPayload, payload);
    if (attempt <= failTimes) throw new Error(`flaky failure ${attempt} of ${failTimes}`);
    return { succeededOnAttempt: attempt };
  },
} satisfies Record<string, JobHandler>;

export type JobType = keyof typeof handlers;

export const JOB_TYPES = Object.keys(handlers) as [JobType, ...JobType[]];

export const isJobType = (type: string): type is JobType => Object.hasOwn(handlers, type);
