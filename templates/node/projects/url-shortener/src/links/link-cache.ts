import type { Result } from 'ioredis';
import type { Logger } from '../logger.js';
import type { Redis } from '../redis.js';
import { PENDING_KEY } from './click-counter.js';

// The redirect's hot path in one round trip, atomically: read the cached link
// and, only when there is one, count the click the way ClickCounter.record does.
const GET_LINK_AND_COUNT_CLICK = `
local link = redis.call('GET', KEYS[1])
if link then redis.call('HINCRBY', KEYS[2], ARGV[1], 1) end
return link`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    getLinkAndCountClick(
      linkKey: string,
      pendingKey: string,
      shortCode: string,
    ): Result<string | null, Context>;
  }
}

/** What a redirect needs, cached under link:<code>. */
export interface CachedLink {
  id: number;
  url: string;
}

const keyFor = (shortCode: string) => `link:${shortCode}`;
const parse = (cached: string | null) => (cached ? (JSON.parse(cached) as CachedLink) : undefined);

/**
 * Cache-aside for resolved links. Redis failures never fail a request: a read
 * becomes a miss, a write is skipped, and the caller carries on with Postgres.
 */
export class LinkCache {
  constructor(
    private readonly redis: Redis,
    private readonly ttlSeconds: number,
    private readonly logger: Logger,
  ) {
    // ioredis sends the script once, then calls it by its SHA1 (EVALSHA).
    redis.defineCommand('getLinkAndCountClick', { numberOfKeys: 2, lua: GET_LINK_AND_COUNT_CLICK });
  }

  /**
   * A cache read for a redirect: on a hit, the click is counted in the same
   * round trip (HINCRBY on clicks:pending). On a miss nothing is counted, and
   * the caller counts with ClickCounter.record once Postgres knows the link.
   */
  async getAndCountClick(shortCode: string): Promise<CachedLink | undefined> {
    try {
      return parse(
        await this.redis.getLinkAndCountClick(keyFor(shortCode), PENDING_KEY, shortCode),
      );
    } catch (err) {
      this.logger.debug({ err, shortCode }, 'link cache read failed');
      return undefined;
    }
  }

  async set(shortCode: string, link: CachedLink): Promise<void> {
    try {
      await this.redis.set(keyFor(shortCode), JSON.stringify(link), 'EX', this.ttlSeconds);
    } catch (err) {
      this.logger.debug({ err, shortCode }, 'link cache write failed');
    }
  }

  /** Called after every Postgres write of a link, so the next redirect sees the change. */
  async delete(shortCode: string): Promise<void> {
    try {
      await this.redis.del(keyFor(shortCode));
    } catch (err) {
      // The entry (if Redis kept it) expires after the TTL at the latest.
      this.logger.warn({ err, shortCode }, 'link cache invalidation failed');
    }
  }
}
