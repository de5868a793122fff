import { randomUUID } from 'node:crypto';
import { ChatHub } from './chat/chat-hub.js';
import { RoomFanout } from './chat/fanout.js';
import { MessagesRepository } from './chat/messages-repository.js';
import { Presence } from './chat/presence.js';
import type { Config } from './config.js';
import { createPool, type Pool } from './db/pool.js';
import { checkHealth, type HealthReport } from './health.js';
import type { Logger } from './logger.js';
import { closeRedis, createRedis, waitForRedis, type Redis } from './redis.js';

/** Everything the HTTP and WebSocket layers call, wired once. Framework-free. */
export interface ChatServices {
  pool: Pool;
  redis: Redis;
  messages: MessagesRepository;
  presence: Presence;
  fanout: RoomFanout;
  chat: ChatHub;
  health: () => Promise<{ statusCode: 200 | 503; body: HealthReport }>;
  /** Waits (briefly) for Redis and the room subscription, then starts the heartbeats. */
  start: () => Promise<void>;
  /**
   * Closes every socket with 1001 (call it once the server stopped accepting),
   * removes this instance's presence, then closes Redis and Postgres.
   */
  close: () => Promise<void>;
}

export function createChatServices(config: Config, logger: Logger): ChatServices {
  const pool = createPool(config.databaseUrl, logger);
  const redis = createRedis(config.redisUrl, logger);
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

  let closing: Promise<void> | undefined;
  return {
    pool,
    redis,
    messages,
    presence,
    fanout,
    chat,
    health: async () => {
      const health = await checkHealth({ pool, redis });
      // Redis answering is not enough: without the subscription there is no fan-out.
      if (health.body.checks.redis === 'up' && !fanout.subscribed) {
        const status = health.body.status === 'down' ? 'down' : 'degraded';
        return { ...health, body: { status, checks: { ...health.body.checks, redis: 'down' } } };
      }
      return health;
    },
    start: async () => {
      await waitForRedis(redis);
      chat.start();
      await fanout.waitUntilSubscribed();
    },
    close: () =>
      (closing ??= (async () => {
        await chat.close();
        await presence.stop();
        await fanout.stop();
        await closeRedis(redis);
        await pool.end();
      })()),
  };
}
