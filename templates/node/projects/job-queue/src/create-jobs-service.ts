import type { Pool } from './db/pool.js';
import { JobsRepository } from './jobs/jobs-repository.js';
import { JobsService } from './jobs/jobs-service.js';
import { wakeUpPublisher } from './jobs/wake-ups.js';
import type { Logger } from './logger.js';
import type { Redis } from './redis.js';

/** The API's jobs service, on a Postgres pool and a Redis client that its caller owns. */
export function createJobsService(
  { pool, redis }: { pool: Pool; redis: Redis },
  logger: Logger,
): JobsService {
  return new JobsService(new JobsRepository(pool), wakeUpPublisher(redis, logger));
}
