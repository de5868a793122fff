import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.js';
import type { Redis } from '../redis.js';
import type { LinksRepository } from './links-repository.js';

export const PENDING_KEY = 'clicks:pending';
export const BATCH_KEY_PREFIX = 'clicks:flushing:';

/**
 * Counts redirects without a hot row in Postgres: each redirect is one HINCRBY
 * on the clicks:pending hash, and a flusher moves the totals into
 * links.access_count, exactly once:
 *
 *   1. RENAME clicks:pending -> clicks:flushing:<uuid>   (new clicks start a fresh hash)
 *   2. for every clicks:flushing:* batch (ours and any left by a crash):
 *      one transaction inserts click_flushes(<uuid>) and, only if that row is new,
 *      adds the counts; then DEL the batch.
 *
 * A crash between 2's COMMIT and DEL leaves a batch whose click_flushes row
 * already exists, so replaying it adds nothing.
 */
export class ClickCounter {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly links: LinksRepository,
    private readonly logger: Logger,
    private readonly intervalMs = 1_000,
  ) {}

  /** Counts one redirect: in Redis when it answers, straight into Postgres when it does not. */
  async record(shortCode: string): Promise<void> {
    try {
      await this.redis.hincrby(PENDING_KEY, shortCode, 1);
    } catch (err) {
      this.logger.debug({ err, shortCode }, 'counting in postgres: redis unavailable');
      await this.links.incrementAccessCount(shortCode);
    }
  }

  /** Drops the pending count of a deleted link. */
  async forget(shortCode: string): Promise<void> {
    try {
      await this.redis.hdel(PENDING_KEY, shortCode);
    } catch {
      // Nothing to undo: a batch that names a deleted code updates no row.
    }
  }

  /**
   * Moves every pending count into Postgres. When a flush is already running it
   * may have renamed the hash before the caller's clicks arrived, so one more
   * flush runs after it (shared by everyone who asks meanwhile).
   */
  flush(): Promise<void> {
    if (!this.running) {
      this.running = this.flushOnce().finally(() => {
        this.running = undefined;
      });
      return this.running;
    }
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.flush();
      });
    return this.queued;
  }

  start(): void {
    this.timer ??= setInterval(() => {
      this.flush().catch((err: unknown) => this.logger.debug({ err }, 'click flush failed'));
    }, this.intervalMs);
    // The timer alone must not keep the process alive.
    this.timer.unref();
  }

  /** Stops the timer and flushes one last time (at shutdown). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    try {
      await this.flush();
    } catch (err) {
      this.logger.warn(
        { err },
        'final click flush failed; counts stay in redis for the next start',
      );
    }
  }

  private async flushOnce(): Promise<void> {
    try {
      await this.redis.rename(PENDING_KEY, `${BATCH_KEY_PREFIX}${randomUUID()}`);
    } catch (err) {
      // "no such key": nothing was clicked since the last flush.
      if (!(err instanceof Error && /no such key/i.test(err.message))) throw err;
    }
    // Our batch and any left behind by an instance that stopped mid-flush.
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(
        cursor,
        'MATCH',
        `${BATCH_KEY_PREFIX}*`,
        'COUNT',
        100,
      );
      cursor = next;
      for (const key of keys) await this.applyBatch(key);
    } while (cursor !== '0');
  }

  private async applyBatch(key: string): Promise<void> {
    const counts = new Map<string, number>();
    for (const [shortCode, clicks] of Object.entries(await this.redis.hgetall(key))) {
      const n = Number(clicks);
      if (Number.isInteger(n) && n > 0) counts.set(shortCode, n);
    }
    // An empty hash means another instance applied and deleted this batch already.
    if (counts.size > 0) {
      await this.links.applyClickBatch(key.slice(BATCH_KEY_PREFIX.length), counts);
    }
    await this.redis.del(key);
  }
}
