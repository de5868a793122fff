import type { Logger } from '../logger.js';
import type { Redis } from '../redis.js';

export const WINDOW_SECONDS = 60;

/** The fixed window `nowMs` falls in, and the whole seconds left until it ends (at least 1). */
export function fixedWindow(nowMs: number, windowSeconds = WINDOW_SECONDS) {
  const windowMs = windowSeconds * 1000;
  const window = Math.floor(nowMs / windowMs);
  const msLeft = (window + 1) * windowMs - nowMs;
  return { window, retryAfterSeconds: Math.max(1, Math.ceil(msLeft / 1000)) };
}

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window ends: the Retry-After of a 429. */
  retryAfterSeconds: number;
}

/**
 * A fixed one-minute window per client: INCR rl:<client>:<window> and EXPIRE it
 * with the window. While Redis is unavailable every request is allowed (failing
 * open keeps the service usable) and a warning is logged.
 */
export class RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly limitPerMinute: number,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async hit(clientId: string): Promise<RateLimitDecision> {
    const { window, retryAfterSeconds } = fixedWindow(this.now());
    const key = `rl:${clientId}:${window}`;
    let count: number;
    try {
      const results = await this.redis.multi().incr(key).expire(key, WINDOW_SECONDS).exec();
      const [incrError, value] = results?.[0] ?? [new Error('transaction aborted'), 0];
      if (incrError) throw incrError;
      count = Number(value);
    } catch (err) {
      this.logger.warn({ err, clientId }, 'rate limit skipped: redis unavailable');
      return {
        allowed: true,
        limit: this.limitPerMinute,
        remaining: this.limitPerMinute,
        retryAfterSeconds,
      };
    }
    return {
      allowed: count <= this.limitPerMinute,
      limit: this.limitPerMinute,
      remaining: Math.max(0, this.limitPerMinute - count),
      retryAfterSeconds,
    };
  }
}
