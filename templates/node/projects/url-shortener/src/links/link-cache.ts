import type { Logger } from '../logger.js';
import type { Redis } from '../redis.js';

/** What a redirect needs, cached under link:<code>. */
export interface CachedLink {
  id: number;
  url: string;
}

const keyFor = (shortCode: string) => `link:${shortCode}`;

/**
 * Cache-aside for resolved links. Redis failures never fail a request: a read
 * becomes a miss, a write is skipped, and the caller carries on with Postgres.
 */
export class LinkCache {
  constructor(
    private readonly redis: Redis,
    private readonly ttlSeconds: number,
    private readonly logger: Logger,
  ) {}

  async get(shortCode: string): Promise<CachedLink | undefined> {
    try {
      const cached = await this.redis.get(keyFor(shortCode));
      return cached ? (JSON.parse(cached) as CachedLink) : undefined;
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
