import { z } from 'zod';
import { JOB_TYPES } from './handlers.js';
import { JOB_STATUSES } from './jobs-repository.js';

/**
 * The HTTP contract of the jobs API, as zod schemas: the web layer validates
 * requests with them and generates the OpenAPI document from them.
 */

/** A payload is stored as jsonb; past this size (as JSON text) a request is a 413. */
export const MAX_PAYLOAD_BYTES = 1024 * 1024;

const Timestamp = z.iso.datetime().meta({ example: '2024-05-01T12:00:00.000Z' });

export const JobStatus = z.enum(JOB_STATUSES).meta({
  description:
    'queued: waiting to run; running: a worker holds it; succeeded; failed: the last attempt failed and a retry is scheduled at runAt; dead: out of attempts',
});

/** Body of POST /jobs. */
export const JobInput = z.object(
  {
    type: z.enum(JOB_TYPES, { error: `type must be one of ${JOB_TYPES.join(', ')}` }),
    payload: z
      .unknown()
      .optional()
      .meta({ description: 'Any JSON value (at most 1 MiB) handed to the job handler' }),
    runAt: z.iso
      .datetime({ offset: true, error: 'runAt must be an ISO-8601 date-time with a time zone' })
      .optional()
      .meta({
        description: 'Run no earlier than this; default now',
        example: '2030-01-01T00:00:00Z',
      }),
    maxAttempts: z
      .number({ error: 'maxAttempts must be a whole number from 1 to 100' })
      .int({ error: 'maxAttempts must be a whole number from 1 to 100' })
      .min(1, { error: 'maxAttempts must be a whole number from 1 to 100' })
      .max(100, { error: 'maxAttempts must be a whole number from 1 to 100' })
      .default(5),
    idempotencyKey: z
      .string({ error: 'idempotencyKey must be a string of 1 to 200 characters' })
      .min(1, { error: 'idempotencyKey must be a string of 1 to 200 characters' })
      .max(200, { error: 'idempotencyKey must be a string of 1 to 200 characters' })
      .optional()
      .meta({ description: 'The same key again returns the first job (200) instead of a new one' }),
  },
  { error: 'The body must be a JSON object' },
);
export type JobInput = z.infer<typeof JobInput>;

/** The {id} path parameter. An id that is not a job id (not a positive bigint) is a 404. */
export const IdParams = z.object({
  id: z.string().meta({ description: 'Job id', example: '42' }),
});

export const ListQuery = z.object({
  status: z
    .enum(JOB_STATUSES, { error: `status must be one of ${JOB_STATUSES.join(', ')}` })
    .optional(),
  limit: z.coerce
    .number({ error: 'limit must be a whole number from 1 to 200' })
    .int({ error: 'limit must be a whole number from 1 to 200' })
    .min(1, { error: 'limit must be a whole number from 1 to 200' })
    .max(200, { error: 'limit must be a whole number from 1 to 200' })
    .default(50),
});
export type ListQuery = z.infer<typeof ListQuery>;

export const Job = z.object({
  id: z.number().int(),
  type: z.string(),
  status: JobStatus,
  attempts: z.number().int().meta({ description: 'Attempts started so far' }),
  maxAttempts: z.number().int(),
  runAt: Timestamp.meta({ description: 'When the job runs (or ran), or its next retry' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  finishedAt: Timestamp.nullable().meta({ description: 'When it succeeded or died' }),
  payload: z.unknown(),
  result: z.unknown().meta({ description: 'What the handler returned, once succeeded' }),
  lastError: z.string().nullable().meta({ description: 'The error of the last failed attempt' }),
});
export type Job = z.infer<typeof Job>;

export const JobList = z.object({ jobs: z.array(Job) });
export type JobList = z.infer<typeof JobList>;

export const JobStats = z.object(
  Object.fromEntries(JOB_STATUSES.map((status) => [status, z.number().int()])) as Record<
    (typeof JOB_STATUSES)[number],
    z.ZodNumber
  >,
);
export type JobStats = z.infer<typeof JobStats>;
