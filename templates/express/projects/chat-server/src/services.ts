import type { Server } from 'node:http';
import {
  checkChatHealth,
  createChatModules,
  type ChatModules,
  type HealthCheck,
} from './chat-modules.js';
import type { Config } from './config.js';
import { createPool, type Pool } from './db/pool.js';
import type { Logger } from './logger.js';
import { closeRedis, createRedis, waitForRedis, type Redis } from './redis.js';
import { acceptWebSockets } from './websocket.js';

/** Everything the HTTP and WebSocket layers call, with their connections, wired once. Framework-free. */
export interface ChatServices extends Omit<ChatModules, 'stop'> {
  pool: Pool;
  redis: Redis;
  health: HealthCheck;
  /** Waits (briefly) for Redis and the room subscription, then starts the heartbeats. */
  start: () => Promise<void>;
  /** Stops the chat modules (every socket closed with 1001), then closes Redis and Postgres. */
  close: () => Promise<void>;
}

export function createChatServices(config: Config, logger: Logger): ChatServices {
  const pool = createPool(config.databaseUrl, logger);
  const redis = createRedis(config.redisUrl, logger);
  const { start, stop, ...modules } = createChatModules({ pool, redis }, config, logger);

  let closing: Promise<void> | undefined;
  return {
    ...modules,
    pool,
    redis,
    health: () => checkChatHealth({ pool, redis, fanout: modules.fanout }),
    start: async () => {
      await waitForRedis(redis);
      await start();
    },
    close: () =>
      (closing ??= (async () => {
        await stop();
        await closeRedis(redis);
        await pool.end();
      })()),
  };
}

/** The chat services, plus what server.ts calls to serve WebSockets on its HTTP server. */
export interface Services extends ChatServices {
  /** Takes over the server's 'upgrade' event: GET /ws becomes a WebSocket. */
  attach: (server: Server) => void;
  /** At shutdown: refuses new upgrades and closes every socket with 1001. */
  closeConnections: () => Promise<void>;
}

export function createServices(config: Config, logger: Logger): Services {
  const services = createChatServices(config, logger);
  let stopAccepting = (): void => undefined;
  return {
    ...services,
    attach: (server) => {
      stopAccepting = acceptWebSockets(server, services.chat, logger);
    },
    closeConnections: async () => {
      stopAccepting();
      await services.chat.close();
    },
  };
}
