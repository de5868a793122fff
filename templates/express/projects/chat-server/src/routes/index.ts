import type { Express } from 'express';
import type { AppDeps } from '../app.js';
import { chatSocketRouter } from './chat-socket.js';
import { pageRouter } from './page.js';
import { roomsRouter } from './rooms.js';

/**
 * This service's own HTTP routes, mounted after /health and the docs, before the
 * 404. WebSocket upgrades never reach Express: the HTTP server's 'upgrade' event
 * goes to src/websocket.ts (services.attach).
 */
export function mountRoutes(app: Express, { services }: AppDeps): void {
  app.use(roomsRouter(services));
  app.use(chatSocketRouter());
  app.use(pageRouter());
}
