import type { Server } from 'node:http';
import { createChatServices, type ChatServices } from './chat-services.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { acceptWebSockets } from './websocket.js';

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
