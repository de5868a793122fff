import { randomUUID } from 'node:crypto';
import { ChatHub } from './chat/chat-hub.js';
import { RoomFanout } from './chat/fanout.js';
import { MessagesRepository } from './chat/messages-repository.js';
import { Presence } from './chat/presence.js';
import type { Config } from './config.js';
import type { Pool } from './db/pool.js';
import { checkHealth, type HealthReport } from './health.js';
import type { Logger } from './logger.js';
import type { Redis } from './redis.js';

export type HealthCheck = () => Promise<{ statusCode: 200 | 503; body: HealthReport }>;

/**
 * The chat modules, on a Postgres pool and a Redis client that their caller
 * opened and will close. Start them once Redis had its chance to connect.
 */
export interface ChatModules {
  messages: MessagesRepository;
  presence: Presence;
  fanout: RoomFanout;
  chat: ChatHub;
  /** Starts the heartbeats and waits (briefly) for the room subscription. */
  start: () => Promise<void>;
  /**
   * Closes every socket with 1001 (call it once the server stopped accepting),
   * removes this instance's presence and the room subscription.
   */
  stop: () => Promise<void>;
}

export function createChatModules(
  { pool, redis }: { pool: Pool; redis: Redis },
  config: Config,
  logger: Logger,
): ChatModules {
  const messages = new MessagesRepository(pool);
  // Names this process's presence entries: unique per start, so a restarted
  // instance never refreshes the entries of its previous life.
  const instanceId = randomUUID();
  const presence = new Presence(redis, instanceId, config.presenceTtlSeconds * 1000, logger);
  const fanout = new RoomFanout(redis, logger);
  const chat = new ChatHub({
    messages,
    presence,
    fanout,
    logger,
    messagesPer10Seconds: config.messagesPer10Seconds,
  });

  let stopping: Promise<void> | undefined;
  return {
    messages,
    presence,
    fanout,
    chat,
    start: async () => {
      chat.start();
      await fanout.waitUntilSubscribed();
    },
    stop: () =>
      (stopping ??= (async () => {
        await chat.close();
        await presence.stop();
        await fanout.stop();
      })()),
  };
}

/** Redis answering is not enough: without the room subscription there is no fan-out. */
export async function checkChatHealth(deps: {
  pool: Pool;
  redis: Redis;
  fanout: RoomFanout;
}): ReturnType<HealthCheck> {
  const health = await checkHealth(deps);
  if (health.body.checks.redis === 'up' && !deps.fanout.subscribed) {
    const status = health.body.status === 'down' ? 'down' : 'degraded';
    return { ...health, body: { status, checks: { ...health.body.checks, redis: 'down' } } };
  }
  return health;
}
