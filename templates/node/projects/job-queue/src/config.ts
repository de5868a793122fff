import { z } from 'zod';
import { LOG_LEVELS } from './logger.js';

/** A whole number from the environment, with a default and bounds. */
const integer = (fallback: number, min: number, max: number) =>
  z
    .string()
    .default(String(fallback))
    .transform((raw, ctx) => {
      const value = Number(raw);
      if (!Number.isInteger(value) || value < min || value > max) {
        ctx.addIssue({
          code: 'custom',
          message: `must be a whole number from ${min} to ${max} (got "${raw}")`,
        });
        return z.NEVER;
      }
      return value;
    });

const serviceUrl = (protocols: string[], example: string) =>
  z
    .string({ error: 'is required' })
    .refine(
      (raw) => protocols.some((protocol) => raw.startsWith(`${protocol}//`)) && URL.canParse(raw),
      {
        message: `must be a URL like ${example}`,
      },
    );

const envSchema = z.object({
  PORT: integer(3000, 1, 65_535),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: serviceUrl(['postgres:', 'postgresql:'], 'postgres://user:pass@localhost:5432/db'),
  REDIS_URL: serviceUrl(['redis:', 'rediss:'], 'redis://localhost:6379'),
  LOG_LEVEL: z
    .enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` })
    .default('info'),
  WORKER_CONCURRENCY: integer(4, 1, 256),
  JOB_LEASE_MS: integer(30_000, 1_000, 86_400_000),
  RETRY_BASE_MS: integer(1_000, 1, 3_600_000),
});

/** The API and the worker read the same configuration; each uses the parts it needs. */
export type Config = {
  port: number;
  host: string;
  databaseUrl: string;
  redisUrl: string;
  logLevel: (typeof LOG_LEVELS)[number];
  /** Jobs one worker process runs at the same time. */
  workerConcurrency: number;
  /** How long a claimed job belongs to its worker before another worker may take it. */
  jobLeaseMs: number;
  /** Attempt n that fails waits retryBaseMs * 2^(n-1) (plus jitter) before the next one. */
  retryBaseMs: number;
};

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * Reads and validates the configuration. Pure: pass process.env, or any object in tests.
 * An empty variable counts as unset. Throws a ConfigError whose one-line message
 * names every bad variable, e.g. "Invalid configuration: DATABASE_URL is required".
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = envSchema.safeParse(present);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const values = result.data;
  return {
    port: values.PORT,
    host: values.HOST,
    databaseUrl: values.DATABASE_URL,
    redisUrl: values.REDIS_URL,
    logLevel: values.LOG_LEVEL,
    workerConcurrency: values.WORKER_CONCURRENCY,
    jobLeaseMs: values.JOB_LEASE_MS,
    retryBaseMs: values.RETRY_BASE_MS,
  };
}
