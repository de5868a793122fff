import type { Config } from './config.js';
import { createPool, type Pool } from './db/pool.js';
import { checkHealth } from './health.js';
import { ClickCounter } from './links/click-counter.js';
import { LinkCache } from './links/link-cache.js';
import { LinksRepository } from './links/links-repository.js';
import { LinksService } from './links/links-service.js';
import { RateLimiter } from './links/rate-limiter.js';
import type { Logger } from './logger.js';
import { closeRedis, createRedis, waitForRedis, type Redis } from './redis.js';

/** Everything the HTTP layer calls, wired once. Framework-free. */
export interface Services {
  pool: Pool;
  redis: Redis;
  links: LinksService;
  rateLimiter: RateLimiter;
  clicks: ClickCounter;
  health: () => ReturnType<typeof checkHealth>;
  /** Waits (briefly) for Redis, then starts the click flusher. */
  start: () => Promise<void>;
  /** Stops the flusher with a final flush, then closes Redis and Postgres. */
  close: () => Promise<void>;
}

export function createServices(config: Config, logger: Logger): Services {
  const pool = createPool(config.databaseUrl, logger);
  const redis = createRedis(config.redisUrl, logger);
  const repository = new LinksRepository(pool);
  const clicks = new ClickCounter(redis, repository, logger);
  const cache = new LinkCache(redis, config.cacheTtlSeconds, logger);

  return {
    pool,
    redis,
    clicks,
    links: new LinksService(repository, cache, clicks, logger),
    rateLimiter: new RateLimiter(redis, config.rateLimitPerMinute, logger),
    health: () => checkHealth({ pool, redis }),
    start: async () => {
      await waitForRedis(redis);
      clicks.start();
    },
    close: async () => {
      await clicks.stop();
      await closeRedis(redis);
      await pool.end();
    },
  };
}
