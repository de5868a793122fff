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

/**
 * The links modules, on a Postgres pool and a Redis client that their caller
 * opened and will close. The click flusher is theirs to start and stop.
 */
export interface LinkServices {
  links: LinksService;
  rateLimiter: RateLimiter;
  clicks: ClickCounter;
}

export function createLinkServices(
  { pool, redis }: { pool: Pool; redis: Redis },
  config: Config,
  logger: Logger,
): LinkServices {
  const repository = new LinksRepository(pool);
  const clicks = new ClickCounter(redis, repository, logger);
  const cache = new LinkCache(redis, config.cacheTtlSeconds, logger);
  return {
    clicks,
    links: new LinksService(repository, cache, clicks, logger),
    rateLimiter: new RateLimiter(redis, config.rateLimitPerMinute, logger),
  };
}

/** Everything the HTTP layer calls, with the connections they run on, wired once. Framework-free. */
export interface Services extends LinkServices {
  pool: Pool;
  redis: Redis;
  health: () => ReturnType<typeof checkHealth>;
  /** Waits (briefly) for Redis, then starts the click flusher. */
  start: () => Promise<void>;
  /** Stops the flusher with a final flush, then closes Redis and Postgres. */
  close: () => Promise<void>;
}

export function createServices(config: Config, logger: Logger): Services {
  const pool = createPool(config.databaseUrl, logger);
  const redis = createRedis(config.redisUrl, logger);
  const services = createLinkServices({ pool, redis }, config, logger);

  return {
    ...services,
    pool,
    redis,
    health: () => checkHealth({ pool, redis }),
    start: async () => {
      await waitForRedis(redis);
      services.clicks.start();
    },
    close: async () => {
      await services.clicks.stop();
      await closeRedis(redis);
      await pool.end();
    },
  };
}
