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

/** Tells idle workers that a job is ready to run. */
export type WakeUpPublisher = (jobId: number) => void;

/**
 * The API's side: publishes a wake-up without waiting for it and never fails the
 * caller, since the workers' slow poll covers a lost one. While Redis is down,
 * the first failure is a warning and the rest are debug lines, not one per job.
 */
export function wakeUpPublisher(redis: Redis, logger: Logger): WakeUpPublisher {
  let failing = false;
  return (jobId) => {
    redis.publish(WAKE_CHANNEL, String(jobId)).then(
      () => {
        failing = false;
      },
      (err: unknown) => {
        const message = 'could not publish the wake-up; workers will find the job by polling';
        if (failing) logger.debug({ err, jobId }, message);
        else logger.warn({ err, jobId }, message);
        failing = true;
      },
    );
  };
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
