import type { Config } from './config.js';
import { createJobsService } from './create-jobs-service.js';
import { createPool, type Pool } from './db/pool.js';
import { checkHealth } from './health.js';
import type { JobsService } from './jobs/jobs-service.js';
import type { Logger } from './logger.js';
import { closeRedis, createRedis, waitForRedis, type Redis } from './redis.js';

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
