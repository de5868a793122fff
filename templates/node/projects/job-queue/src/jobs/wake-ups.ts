import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

/**
 * Idle workers sleep instead of polling Postgres in a tight loop. The API
 * publishes on this Redis channel after every enqueue (and retry) commits, and
 * every subscribed worker claims at once: a new job starts within milliseconds.
 * Pub/sub is fire-and-forget: a worker that is disconnected misses the message,
 * so workers still poll slowly as a fallback and lose nothing when Redis is down.
 */
export const WAKE_CHANNEL = 'jobs:wake';

/** Tells idle workers a job is ready. Never fails the caller: the slow poll covers a lost wake-up. */
export function publishWakeUp(redis: Redis, logger: Logger, jobId: number): void {
  redis.publish(WAKE_CHANNEL, String(jobId)).catch((err: unknown) => {
    logger.warn(
      { err, jobId },
      'could not publish the wake-up; workers will find the job by polling',
    );
  });
}

export interface WakeUpSubscription {
  /** Resolves once the subscription is active (it may wait for Redis). */
  subscribed: Promise<void>;
  close(): Promise<void>;
}

/**
 * Calls `onWake` for every wake-up, and once more after each (re)connection,
 * since messages published while disconnected are gone. A subscribed connection
 * can run no other command, so it is a connection of its own. It waits for Redis
 * as long as it takes and resubscribes after every reconnection by itself.
 */
export function subscribeToWakeUps(
  redisUrl: string,
  logger: Logger,
  onWake: () => void,
): WakeUpSubscription {
  const subscriber = new Redis(redisUrl, {
    connectTimeout: 2_000,
    // Keep the SUBSCRIBE command until Redis answers, however long that takes.
    maxRetriesPerRequest: null,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });

  let available = true;
  subscriber.on('ready', () => {
    if (!available) logger.info('redis reconnected; wake-ups resume');
    available = true;
    onWake();
  });
  subscriber.on('error', (err) => {
    if (available) logger.warn({ err }, 'redis unavailable; polling for jobs instead');
    available = false;
  });
  subscriber.on('message', onWake);
  const subscribed = subscriber.subscribe(WAKE_CHANNEL).then(
    () => undefined,
    (err: unknown) => logger.warn({ err }, 'could not subscribe to wake-ups'),
  );

  return {
    subscribed,
    close: async () => {
      subscriber.disconnect();
    },
  };
}
