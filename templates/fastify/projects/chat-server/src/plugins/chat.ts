import fp from 'fastify-plugin';
import type { ChatHub } from '../chat/chat-hub.js';
import type { RoomFanout } from '../chat/fanout.js';
import type { MessagesRepository } from '../chat/messages-repository.js';
import type { Presence } from '../chat/presence.js';
import { createChatModules } from '../chat-modules.js';
import type { AppPluginOptions } from './connections.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** This instance's rooms and sockets. */
    chat: ChatHub;
    messages: MessagesRepository;
    presence: Presence;
    fanout: RoomFanout;
  }
}

/**
 * The chat modules on `app.db` and `app.redis`. This plugin owns their lifecycle: on ready
 * (Redis had its chance to connect) it subscribes to the room channels and starts the presence
 * heartbeat; on close it closes every socket with 1001 and removes this instance's presence,
 * before Redis and Postgres are closed.
 */
export const chatPlugin = fp<AppPluginOptions>(
  async (app, { config, logger }) => {
    const { chat, messages, presence, fanout, start, stop } = createChatModules(
      { pool: app.db, redis: app.redis },
      config,
      logger,
    );
    app.decorate('chat', chat);
    app.decorate('messages', messages);
    app.decorate('presence', presence);
    app.decorate('fanout', fanout);
    app.addHook('onReady', start);
    app.addHook('onClose', stop);
  },
  { name: 'chat', fastify: '5.x', dependencies: ['connections'] },
);
