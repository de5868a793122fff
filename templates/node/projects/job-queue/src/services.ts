import type { Config } from './config.js';
import { createPool, type Pool } from './db/pool.js';
import { checkHealth } from './health.js';
import { JobsRepository } from './jobs/jobs-repository.js';
import { JobsService } from './jobs/jobs-service.js';
import { wakeUpPublisher } from './jobs/wake-ups.js';
import type { Logger } from './logger.js';
import { closeRedis, createRedis, waitForRedis, type Redis } from './redis.js';

/** The API's jobs service, on a Postgres pool and a Redis client that its caller owns. */
export function createJobsService(
  { pool, redis }: { pool: Pool; redis: Redis },
  logger: Logger,
): JobsService {
  return new JobsService(new JobsRepository(pool), wakeUpPublisher(redis, logger));
}

/** Everything the HTTP layer (the API process) calls, wired once. Framework-free. */
export interface Services {
  pool: Pool;
  redis: Redis;
  jobs: JobsService;
  health: () => ReturnType<typeof checkHealth>;
  /** Waits (briefly) for Redis, so the first wake-ups are not lost to a connection still opening. */
  start: () => Promise<void>;
  /** Closes Redis and Postgres. */
  close: () => Promise<void>;
}

export function createServices(config: Config, logger: Logger): Services {
  const pool = createPool(config.databaseUrl, logger);
  const redis = createRedis(config.redisUrl, logger);

  return {
    pool,
    redis,
    jobs: createJobsService({ pool, redis }, logger),
    health: () => checkHealth({ pool, redis }),
    start: () => waitForRedis(redis),
    close: async () => {
      await closeRedis(redis);
      await pool.end();
    },
  };
}
